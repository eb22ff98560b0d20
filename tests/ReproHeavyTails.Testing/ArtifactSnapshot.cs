using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using Xunit;

namespace ReproHeavyTails.Testing;

/// <summary>
/// Re-runs an experiment's quick profile into a temporary folder and compares it with the stored
/// artifacts under artifacts/. On a mismatch the fresh table is written beside the stored one as
/// results.received.parquet and the test fails with the diff. REPRO_ACCEPT=1 replaces the stored files.
/// </summary>
public static class ArtifactSnapshot
{
    /// <summary>
    /// Runs and verifies; returns the fresh results file (inside <paramref name="temp"/>) for claim checks.
    /// <paramref name="artifactsRoot"/> and <paramref name="accept"/> default to the repository's artifacts/ and REPRO_ACCEPT.
    /// </summary>
    public static string Verify(ExperimentDefinition definition, TempFolder temp, int threads = 2,
        string? artifactsRoot = null, bool? accept = null)
    {
        var summary = ExperimentHost.Run(definition, new RunRequest(Profile.Quick, temp.Path) { Threads = threads });
        var fresh = summary.ResultsFile!;
        var storedFolder = ArtifactLayout.RunDirectory(artifactsRoot ?? RepositoryPaths.Artifacts, definition, Profile.Quick);
        var stored = Path.Combine(storedFolder, ArtifactLayout.ResultsFile);
        var received = Path.Combine(storedFolder, "results.received.parquet");

        if (accept ?? Snapshot.Accepting)
        {
            Accept(summary.Directory, storedFolder, stored);
            File.Delete(received);
            return fresh;
        }
        if (!File.Exists(stored))
            Assert.Fail($"No stored artifact for {definition.Id} at {stored}. Create it with `REPRO_ACCEPT=1 dotnet test` " +
                        $"or `dotnet run --project experiments/Repro -- run {definition.Id}`, review it, and commit it.");

        var report = ArtifactDiff.Compare(stored, fresh);
        if (report.Differs)
        {
            File.Copy(fresh, received, overwrite: true);
            Assert.Fail($"{definition.Id}: fresh quick-profile results differ from {stored} (fresh copy: {received}).\n" +
                        report.ToText() + "Accept with REPRO_ACCEPT=1 dotnet test if the change is intended.");
        }
        File.Delete(received);
        return fresh;
    }

    /// <summary>Copies fresh results over the stored ones only when the data differ, so unchanged files stay byte-identical.</summary>
    private static void Accept(string freshFolder, string storedFolder, string stored)
    {
        var fresh = Path.Combine(freshFolder, ArtifactLayout.ResultsFile);
        if (File.Exists(stored) && !ArtifactDiff.Compare(stored, fresh, Tables.Tolerance.Exact).Differs) return;
        Directory.CreateDirectory(storedFolder);
        File.Copy(fresh, stored, overwrite: true);
        File.Copy(Path.Combine(freshFolder, ArtifactLayout.ManifestFile), Path.Combine(storedFolder, ArtifactLayout.ManifestFile), overwrite: true);
    }
}
