namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// A parameter property: its type (fully qualified), zip group, the values of each profile and, for a horizon
    /// ([Horizon]), the row property it bounds (the parser replaces it by that property's column) and the spot-check value.
    /// </summary>
    internal sealed record ParameterModel(string Name, string TypeName, ScalarKind Kind, string? Zip, ValuesModel Quick, ValuesModel Paper,
        string? HorizonColumn = null, int HorizonSpotCheck = 0);
}
