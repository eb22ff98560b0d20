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
            ReferenceArtifacts.Accept(summary.Directory, storedFolder); // the one way a reference changes, as `repro accept`
            File.Delete(received);
            return fresh;
        }
        var comparison = ReferenceArtifacts.Compare(fresh, storedFolder);
        if (comparison.Match == ReferenceMatch.New)
            Assert.Fail($"No stored artifact for {definition.Id} at {stored}. Create it with `REPRO_ACCEPT=1 dotnet test` " +
                        $"or `repro run {definition.Id}` and `repro accept {definition.Id}`, review it, and commit it.");
        if (comparison.Match == ReferenceMatch.Differs)
        {
            File.Copy(fresh, received, overwrite: true);
            Assert.Fail($"{definition.Id}: fresh quick-profile results differ from {stored} (fresh copy: {received}).\n" +
                        comparison.Diff!.ToText() + "Accept with REPRO_ACCEPT=1 dotnet test if the change is intended.");
        }
        File.Delete(received);
        return fresh;
    }
}
