using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>Typed values of one parameter in a resolved grid.</summary>
internal sealed class GridAxis<T>(Parameter parameter, T[] values) : GridAxis(parameter)
{
    public IReadOnlyList<T> Values { get; } = values;

    public override int Count => Values.Count;

    public override string Format(int index) => ValueText.Format(Values[index]);

    public override void AppendTo(ColumnVector column, int index)
    {
        if (column is ColumnVector<T> typed) typed.Add(Values[index]);
        else ((ColumnVector<string>)column).Add(Format(index)); // enums are stored by name
    }
}
