namespace ReproHeavyTails.Generators
{
    /// <summary>A type the experiment class is nested in, outermost first.</summary>
    internal sealed record ContainingTypeModel(string Name, bool IsRecord, bool IsStruct);
}
