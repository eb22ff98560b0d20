namespace ReproHeavyTails.Tables;

/// <summary>One column of a table: its name, type, whether it may hold nulls, and its comparison tolerance.</summary>
public sealed record Column(string Name, ColumnType Type, bool Nullable, Tolerance Tolerance)
{
    public Column(string name, ColumnType type, bool nullable = false)
        : this(name, type, nullable, Tolerance.Exact) { }
}
