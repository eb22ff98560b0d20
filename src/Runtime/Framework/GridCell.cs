namespace ReproHeavyTails.Framework;

/// <summary>One point of a grid: for every axis, the index of its value.</summary>
public sealed class GridCell(Grid grid, int index, int[] valueIndices)
{
    internal Grid Grid { get; } = grid;

    /// <summary>Position of the cell in the grid's fixed enumeration order.</summary>
    internal int Index { get; } = index;

    internal IReadOnlyList<int> ValueIndices { get; } = valueIndices;

    /// <summary>The value of axis <paramref name="axis"/>; generated runners call this with the declared type.</summary>
    public T Value<T>(int axis) => ((GridAxis<T>)Grid.Axes[axis]).Values[ValueIndices[axis]];

    /// <summary>"name=value, ..." in declaration order.</summary>
    public string Describe() =>
        string.Join(", ", Grid.Axes.Select((a, i) => $"{a.Parameter.Name}={a.Format(ValueIndices[i])}"));
}
