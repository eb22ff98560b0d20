namespace ReproHeavyTails.Generators
{
    /// <summary>An experiment's id with the location of its [Experiment] attribute: what the duplicate-id check needs.</summary>
    internal sealed record ExperimentIdentity(string Id, string FullName, LocationInfo? Location);
}
