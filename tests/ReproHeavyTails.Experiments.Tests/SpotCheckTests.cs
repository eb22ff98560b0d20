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

    private (int Code, string Out, string Err) SpotCheck(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ReproCli.Run(["spot-check", .. args, "--artifacts", References, "--runs", Path.Combine(_temp.Path, "runs")], output, error, ExperimentCatalogue.All);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A copy of the stored quick artifact, which the test may change; returns its results file.</summary>
    private string CopyStored(ExperimentDefinition? definition = null)
    {
        definition ??= Estimators;
        var stored = ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick);
        var copy = ArtifactLayout.RunDirectory(References, definition, Profile.Quick);
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { ArtifactLayout.ResultsFile, ArtifactLayout.ManifestFile })
            File.Copy(Path.Combine(stored, file), Path.Combine(copy, file));
        return Path.Combine(copy, ArtifactLayout.ResultsFile);
    }

    /// <summary>
    /// esd-evolution declares its steps a horizon: a spot-check runs the sampled item's first 100 of 1000 steps and compares
    /// its rows up to step 100, where a stored value changed in its last digits is caught; rows beyond are not compared
    /// unless the items run whole.
    /// </summary>
    [Fact]
    public void An_experiment_with_a_horizon_is_spot_checked_on_the_rows_up_to_it()
    {
        var evolution = ExperimentCatalogue.All.Single(d => d.Id == "esd-evolution");
        var stored = CopyStored(evolution);
        var (code, output, error) = SpotCheck("esd-evolution", "--profile", "quick", "--sample", "1");
        Assert.True(code == 0, output + error);
        Assert.Contains("esd-evolution: reproduced exactly, on 1 of 3 work items, rows with step ≤ 100", output);

        // Each item writes the rows of steps 0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 in order.
        var item = ItemSelection.Sample(1).Resolve(evolution, evolution.CreateGrid(Profile.Quick), evolution.Replicates(Profile.Quick)).Single();
        ArtifactTamper.Scale(stored, 11 * item + 8, "alpha_hill", 1 + 1e-12); // step 200: beyond the horizon
        (code, output, error) = SpotCheck("esd-evolution", "--profile", "quick", "--sample", "1");
        Assert.True(code == 0, output + error);

        ArtifactTamper.Scale(stored, 11 * item + 6, "alpha_hill", 1 + 1e-12); // step 50
        (code, output, _) = SpotCheck("esd-evolution", "--profile", "quick", "--sample", "1");
        Assert.Equal(1, code);
        Assert.Contains("1 value(s) changed", output);
    }

    [Fact]
    public void A_sample_of_the_stored_items_is_reproduced_and_a_changed_stored_row_is_caught()
    {
        var stored = CopyStored();
        var (code, output, error) = SpotCheck("estimator-calibration", "--profile", "quick", "--sample", "4");
        Assert.True(code == 0, output + error);
        var grid = Estimators.CreateGrid(Profile.Quick);
        Assert.Contains($"estimator-calibration: reproduced exactly, on 4 of {grid.Cells.Count * Estimators.Replicates(Profile.Quick)} work items", output);

        // Each item writes one row, in item order: row i of the stored table is item i.
        var sampled = ItemSelection.Sample(4).Resolve(Estimators, grid, Estimators.Replicates(Profile.Quick));
        ArtifactTamper.Scale(stored, sampled[1], "hill", 1 + 1e-12);
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
