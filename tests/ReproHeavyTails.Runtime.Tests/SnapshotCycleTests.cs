using System.Diagnostics;
using ReproHeavyTails.Testing;
using Xunit;
using Xunit.Sdk;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// The promise of artifact snapshots, end to end in a scratch git repository: a changed computation
/// fails with a readable diff, accepting makes it pass, and git then shows exactly the changed artifacts.
/// </summary>
[Collection(nameof(TunableDraws))]
public sealed class SnapshotCycleTests : IDisposable
{
    private readonly TempFolder _repo = new();

    public void Dispose()
    {
        TunableDraws.Shift = 0;
        _repo.Dispose();
    }

    [Fact]
    public void A_changed_computation_fails_with_a_diff_and_accepting_changes_only_its_artifacts()
    {
        var artifacts = Path.Combine(_repo.Path, "artifacts");
        File.Copy(Path.Combine(RepositoryPaths.Root, ".gitignore"), Path.Combine(_repo.Path, ".gitignore"));
        Verify(TunableDraws.Definition, artifacts, accept: true);
        Verify(SampleWalk.Definition, artifacts, accept: true);
        Git("init", "-q");
        Git("add", "-A");
        Git("commit", "-q", "-m", "stored artifacts");

        TunableDraws.Shift = 1e-3;
        var failure = Assert.ThrowsAny<XunitException>(() => Verify(TunableDraws.Definition, artifacts, accept: false));
        Assert.Contains("value", failure.Message);                  // the changed column
        Assert.Contains("scale=1", failure.Message);                // the row key
        Assert.Contains("REPRO_ACCEPT=1", failure.Message);         // how to accept
        var received = Path.Combine(artifacts, "tunable-draws", "v1", "quick", "results.received.parquet");
        Assert.True(File.Exists(received));
        Assert.Equal("", Git("status", "--porcelain"));             // received files are git-ignored

        Verify(TunableDraws.Definition, artifacts, accept: true);
        Verify(TunableDraws.Definition, artifacts, accept: false);
        Verify(SampleWalk.Definition, artifacts, accept: false);
        Assert.False(File.Exists(received));
        var changed = Git("status", "--porcelain").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
        Assert.Equal(
            [" M artifacts/tunable-draws/v1/quick/manifest.json", " M artifacts/tunable-draws/v1/quick/results.parquet"],
            changed);
    }

    private static void Verify(Framework.ExperimentDefinition definition, string artifacts, bool accept)
    {
        using var temp = new TempFolder();
        ArtifactSnapshot.Verify(definition, temp, artifactsRoot: artifacts, accept: accept);
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=test", "-c", "user.email=test@example.org" }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }
}
