using ReproHeavyTails.Cli;
using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>
/// `repro spot-check` on the stored quick artifacts of a cheap experiment (one row per work item): a sample of its items
/// re-run here matches the stored rows, a stored row changed in its last digits is caught, and a profile with nothing
/// stored says so.
/// </summary>
public sealed class SpotCheckTests : IDisposable
{
    private static readonly ExperimentDefinition Estimators = ExperimentCatalogue.All.Single(d => d.Id == "estimator-calibration");

    private readonly TempFolder _temp = RepositoryPaths.CreateTemp();

    public void Dispose() => _temp.Dispose();

    private string References => Path.Combine(_temp.Path, "artifacts");

    private string StoredResults => Path.Combine(ArtifactLayout.RunDirectory(References, Estimators, Profile.Quick), ArtifactLayout.ResultsFile);

    private (int Code, string Out, string Err) SpotCheck(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ReproCli.Run(["spot-check", .. args, "--artifacts", References, "--runs", Path.Combine(_temp.Path, "runs")], output, error, ExperimentCatalogue.All);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A copy of the stored quick artifact, which the test may change.</summary>
    private void CopyStored()
    {
        var stored = ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, Estimators, Profile.Quick);
        Directory.CreateDirectory(Path.GetDirectoryName(StoredResults)!);
        foreach (var file in new[] { ArtifactLayout.ResultsFile, ArtifactLayout.ManifestFile })
            File.Copy(Path.Combine(stored, file), Path.Combine(Path.GetDirectoryName(StoredResults)!, file));
    }

    [Fact]
    public void A_sample_of_the_stored_items_is_reproduced_and_a_changed_stored_row_is_caught()
    {
        CopyStored();
        var (code, output, error) = SpotCheck("estimator-calibration", "--profile", "quick", "--sample", "4");
        Assert.True(code == 0, output + error);
        var grid = Estimators.CreateGrid(Profile.Quick);
        Assert.Contains($"estimator-calibration: reproduced exactly, on 4 of {grid.Cells.Count * Estimators.Replicates(Profile.Quick)} work items", output);

        // Each item writes one row, in item order: row i of the stored table is item i.
        var sampled = ItemSelection.Sample(4).Resolve(Estimators, grid, Estimators.Replicates(Profile.Quick));
        ArtifactTamper.Scale(StoredResults, sampled[1], "hill", 1 + 1e-12);
        (code, output, error) = SpotCheck("estimator-calibration", "--profile", "quick", "--sample", "4");
        Assert.True(code == 1, output + error);
        Assert.Contains("estimator-calibration: differs from", output);
        Assert.Matches(@"hill\s+1\.", output);
        Assert.Contains("1 value(s) changed", output);
    }

    /// <summary>
    /// Saved progress of a long paper-profile run (artifacts/&lt;id&gt;/v&lt;k&gt;/paper-progress, docs/paper-scale.md) is the
    /// current version's and configuration's, holds items, and goes once the whole run is stored.
    /// </summary>
    [Fact]
    public void Stored_progress_resumes_a_current_paper_run_that_is_not_stored_yet()
    {
        var current = ExperimentCatalogue.All.ToDictionary(d => Path.GetFullPath(ArtifactLayout.ProgressDirectory(RepositoryPaths.Artifacts, d, Profile.Paper)));
        foreach (var folder in Directory.EnumerateDirectories(RepositoryPaths.Artifacts, "paper-progress", SearchOption.AllDirectories).Select(Path.GetFullPath))
        {
            Assert.True(current.TryGetValue(folder, out var definition), $"{folder}: progress of no current experiment version");
            Assert.False(File.Exists(Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Paper), ArtifactLayout.ResultsFile)),
                $"{folder}: the run is stored whole; its progress should go");
            Assert.True(ExperimentHost.SavedItems(definition, new RunRequest(Profile.Paper, _temp.Path), folder) > 0, $"{folder}: no completed item");
        }
    }

    [Fact]
    public void Without_a_stored_artifact_there_is_nothing_to_spot_check()
    {
        var (code, output, _) = SpotCheck("--all", "--sample", "1");
        Assert.Equal(0, code);
        Assert.Contains("no stored paper-profile artifacts in", output);
        Assert.Contains("nothing to spot-check", output);

        var named = SpotCheck("estimator-calibration");
        Assert.Equal(2, named.Code);
        Assert.Contains($"estimator-calibration v{Estimators.Version} has no stored paper-profile artifact", named.Err);
        Assert.Contains("nothing to spot-check", named.Err);
    }
}
