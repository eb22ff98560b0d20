namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// A result column: the row property, its column name and kind (a ColumnType member), the property's type and the
    /// tolerance [Tolerance] states, or null: then the column is exact (the runtime's default).
    /// </summary>
    internal sealed record ColumnModel(string Property, string Column, string Kind, string ClrType, bool IsEnum, bool Nullable, ToleranceModel? Tolerance);
}
