namespace ReproHeavyTails.Artifacts;

/// <summary>
/// The key-value metadata every artifact carries (Sacred's habit: resolved config, seed, code version,
/// host, package versions). Keys start with "repro.". The framework fills them in (ExperimentMetadata); the diff reads them.
/// </summary>
public static class RunMetadata
{
    public const string Experiment = "repro.experiment", Version = "repro.version", SchemaHash = "repro.schema_hash",
        Profile = "repro.profile", Grid = "repro.grid", Replicates = "repro.replicates", Seed = "repro.seed",
        GitCommit = "repro.git_commit", GitDirty = "repro.git_dirty", Runtime = "repro.dotnet", OperatingSystem = "repro.os",
        Packages = "repro.packages", CreatedUtc = "repro.created_utc", Tolerances = "repro.tolerances",
        KeyColumns = "repro.key_columns", Title = "repro.title", Paper = "repro.paper", LinearAlgebra = "repro.linear_algebra",
        Libm = "repro.libm";

    /// <summary>Keys whose values differ between identical runs; diffs report them but never count them.</summary>
    public static readonly IReadOnlySet<string> Volatile = new HashSet<string>
    {
        GitCommit, GitDirty, Runtime, OperatingSystem, Packages, CreatedUtc, LinearAlgebra, Libm,
    };
}
