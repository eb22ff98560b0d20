using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Artifacts;

/// <summary>
/// The key-value metadata every artifact carries (Sacred's habit: resolved config, seed, code version,
/// host, package versions). Keys start with "repro.".
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

    public static Dictionary<string, string> Build(ExperimentDefinition definition, Grid grid, Profile profile, ulong seed)
    {
        var (commit, dirty) = Git();
        var keys = definition.Schema.Columns.Take(definition.KeyColumnCount).Select(c => c.Name);
        return new Dictionary<string, string>
        {
            [Experiment] = definition.Id,
            [Version] = definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SchemaHash] = definition.Schema.Hash,
            [Title] = definition.Title,
            [Paper] = definition.Paper,
            [Profile] = ArtifactLayout.ProfileName(profile),
            [Grid] = grid.ToJson(),
            [Replicates] = definition.Replicates(profile).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Seed] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [KeyColumns] = JsonSerializer.Serialize(keys),
            [Tolerances] = JsonSerializer.Serialize(definition.Schema.Columns.ToDictionary(c => c.Name, c => new[] { c.Tolerance.Absolute, c.Tolerance.Relative })),
            [GitCommit] = commit,
            [GitDirty] = dirty,
            [Runtime] = RuntimeInformation.FrameworkDescription,
            [OperatingSystem] = RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture,
            [LinearAlgebra] = ReproHeavyTails.LinearAlgebra.Dense.BackendName,
            [Libm] = ReproHeavyTails.LinearAlgebra.LibmPin.Description,
            [Packages] = JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["ReproHeavyTails"] = ParquetWriter.CreatedBy,
                ["MathNet.Numerics"] = typeof(MathNet.Numerics.Control).Assembly.GetName().Version?.ToString(),
                [ParquetWriter.Underlying.Name] = ParquetWriter.Underlying.Version,
            }),
#pragma warning disable RS0030 // provenance: a volatile key, never compared
            [CreatedUtc] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
#pragma warning restore RS0030
        };
    }

    private static (string Commit, string Dirty)? _git;

    private static (string, string) Git() => _git ??= (RunGit("rev-parse HEAD") ?? "unknown",
        RunGit("status --porcelain --untracked-files=no") is { } status ? (status.Length > 0 ? "true" : "false") : "unknown");

    private static string? RunGit(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
