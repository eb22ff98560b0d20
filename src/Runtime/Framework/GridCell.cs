namespace ReproHeavyTails.Framework;

/// <summary>One point of a grid: for every axis, the index of its value.</summary>
public sealed class GridCell(Grid grid, int index, int[] valueIndices)
{
    // A value that replaces axis _substitute.Axis's in the experiment instance only (a run to a horizon); keys and streams keep the cell's.
    private (int Axis, object Value)? _substitute;

    internal Grid Grid { get; } = grid;

    /// <summary>Position of the cell in the grid's fixed enumeration order.</summary>
    internal int Index { get; } = index;

    internal IReadOnlyList<int> ValueIndices { get; } = valueIndices;

    /// <summary>The value of axis <paramref name="axis"/>; generated runners call this with the declared type.</summary>
    public T Value<T>(int axis) => _substitute is { } s && s.Axis == axis ? (T)s.Value : ((GridAxis<T>)Grid.Axes[axis]).Values[ValueIndices[axis]];

    /// <summary>The cell with axis <paramref name="axis"/> read as <paramref name="value"/>, for creating the experiment instance only.</summary>
    internal GridCell WithValue(int axis, object value) => new(Grid, Index, (int[])ValueIndices) { _substitute = (axis, value) };

    /// <summary>"name=value, ..." in declaration order.</summary>
    public string Describe() =>
        string.Join(", ", Grid.Axes.Select((a, i) => $"{a.Parameter.Name}={a.Format(ValueIndices[i])}"));
}
