namespace ReproHeavyTails.Tables;

/// <summary>One column of a table: its name, type, whether it may hold nulls, and its comparison tolerance.</summary>
public sealed record Column(string Name, ColumnType Type, bool Nullable, Tolerance Tolerance)
{
    // Overloads rather than an optional parameter: adding one later stays binary compatible (RS0027).
    public Column(string name, ColumnType type)
        : this(name, type, false, Tolerance.Exact) { }

    public Column(string name, ColumnType type, bool nullable)
        : this(name, type, nullable, Tolerance.Exact) { }
}
