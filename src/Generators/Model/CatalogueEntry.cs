namespace ReproHeavyTails.Generators
{
    /// <summary>What the catalogue needs of a valid experiment, so that other changes to it leave the catalogue cached.</summary>
    internal sealed record CatalogueEntry(string Id, string FullName);
}
