using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Framework;

/// <summary>The <see cref="RunMetadata"/> of one run of an experiment: what it is, how it was run, and on what.</summary>
internal static class ExperimentMetadata
{
    public static Dictionary<string, string> Build(ExperimentDefinition definition, Grid grid, Profile profile, ulong seed)
    {
        var (commit, dirty) = Git();
        var keys = definition.Schema.Columns.Take(definition.KeyColumnCount).Select(c => c.Name);
        return new Dictionary<string, string>
        {
            [RunMetadata.Experiment] = definition.Id,
            [RunMetadata.Version] = definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RunMetadata.SchemaHash] = definition.Schema.Hash,
            [RunMetadata.Title] = definition.Title,
            [RunMetadata.Paper] = definition.PaperReference,
            [RunMetadata.Profile] = ArtifactLayout.ProfileName(profile),
            [RunMetadata.Grid] = grid.ToJson(),
            [RunMetadata.Replicates] = definition.Replicates(profile).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RunMetadata.Seed] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RunMetadata.KeyColumns] = JsonSerializer.Serialize(keys),
            [RunMetadata.Tolerances] = JsonSerializer.Serialize(new OrderedDictionary<string, double[]>(
                definition.Schema.Columns.Select(c => KeyValuePair.Create(c.Name, new[] { c.Tolerance.Absolute, c.Tolerance.Relative })))),
            [RunMetadata.GitCommit] = commit,
            [RunMetadata.GitDirty] = dirty,
            [RunMetadata.Runtime] = RuntimeInformation.FrameworkDescription,
            [RunMetadata.OperatingSystem] = RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture,
            [RunMetadata.LinearAlgebra] = ReproHeavyTails.LinearAlgebra.Dense.BackendName,
            [RunMetadata.Libm] = ReproHeavyTails.LinearAlgebra.LibmPin.Description,
            [RunMetadata.Packages] = JsonSerializer.Serialize(new OrderedDictionary<string, string?>
            {
                ["ReproHeavyTails"] = ParquetWriter.CreatedBy,
                ["MathNet.Numerics"] = typeof(MathNet.Numerics.Control).Assembly.GetName().Version?.ToString(),
                [ParquetWriter.Underlying.Name] = ParquetWriter.Underlying.Version,
            }),
#pragma warning disable RS0030 // provenance: a volatile key, never compared
            [RunMetadata.CreatedUtc] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
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
