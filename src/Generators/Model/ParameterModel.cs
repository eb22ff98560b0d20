namespace ReproHeavyTails.Generators
{
    /// <summary>A parameter property: its type (fully qualified), zip group and the values of each profile.</summary>
    internal sealed record ParameterModel(string Name, string TypeName, ScalarKind Kind, string? Zip, ValuesModel Quick, ValuesModel Paper);
}
