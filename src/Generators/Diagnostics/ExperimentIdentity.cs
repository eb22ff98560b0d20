namespace ReproHeavyTails.Generators
{
    /// <summary>An experiment's id and paper id with the location of its [Experiment] attribute: what the duplicate-id and paper checks need.</summary>
    internal sealed record ExperimentIdentity(string Id, string FullName, string PaperId, LocationInfo? Location);
}
