using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>One parameter's values in a resolved grid.</summary>
internal abstract class GridAxis(Parameter parameter)
{
    public Parameter Parameter { get; } = parameter;

    public abstract int Count { get; }

    public abstract string Format(int index);

    /// <summary>Appends value <paramref name="index"/> to the parameter's key column.</summary>
    public abstract void AppendTo(ColumnVector column, int index);
}
