using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>Diverging simulations become diverged rows, meaningless parameters are errors, and every run stops when cancelled.</summary>
public class DivergenceTests
{
    private static ExperimentDefinition Experiment(string id) => ExperimentCatalogue.All.Single(d => d.Id == id);

    private static RunRequest Request(string root, params (string Name, string Value)[] overrides) => new(Profile.Quick, root)
    {
        Overrides = overrides.ToDictionary(o => o.Name, o => (IReadOnlyList<string>)o.Value.Split(',')),
        Threads = 2,
    };

    [Theory]
    [InlineData("heavy-tailed-noise", "2", true)]
    [InlineData("stationary-loss-vs-noise", "2", true)]
    [InlineData("signsgd-phases", "200", true)] // SignSGD's steps are bounded, but SGD beside it diverges at ηh ≥ 2
    public void At_learning_rate_ten_non_finite_values_are_diverged_rows_not_numbers(string id, string paths, bool diverges)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var definition = Experiment(id);
        var summary = ExperimentHost.Run(definition, Request(temp.Path, ("LearningRate", "10"), ("Paths", paths)));
        using var reader = ParquetReader.Open(summary.ResultsFile!);
        var table = reader.ReadAll();
        var diverged = (ColumnVector<bool>)table[reader.Schema.IndexOf(ExperimentDefinition.DivergedColumn)];
        Assert.Equal(diverges, summary.Diverged > 0);
        for (var c = definition.KeyColumnCount + 2; c < table.Count; c++) // the row's columns, after the key and the divergence
            for (var r = 0; r < table[c].Count; r++)
                if (!diverged[r] && !table[c].IsNull(r) && table[c].Type is ColumnType.Double or ColumnType.Float)
                    Assert.True(double.IsFinite(table[c].AsDouble(r)), $"{id}: row {r} stores {table[c].AsDouble(r)} in {reader.Schema.Columns[c].Name}");
    }

    [Theory]
    [InlineData("sde-tracking", "LearningRate", "0", "LearningRate must be a positive number (got 0).")]
    [InlineData("sde-tracking", "LearningRate", "-0.01", "LearningRate must be a positive number (got -0.01).")]
    [InlineData("sgd-tail-gsz", "BatchSize", "0", "BatchSize must be at least 1 (got 0).")]
    [InlineData("heavy-tailed-noise", "Paths", "1", "Paths must be at least 2 (got 1).")]
    [InlineData("signsgd-phases", "LearningRate", "100", "LearningRate must be at most 20 (got 100).")] // no step at all: 0/0 fractions before
    public async Task Meaningless_parameters_are_one_line_errors_naming_them(string id, string parameter, string value, string message)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var run = Task.Run(() => ExperimentHost.Run(Experiment(id), Request(temp.Path, (parameter, value))));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, $"{id} with {parameter}={value} did not stop"); // it hung before
        var e = await Assert.ThrowsAsync<ExperimentException>(() => run);
        Assert.EndsWith(message, e.Message);
        Assert.StartsWith($"{id} (", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_long_run_stops_promptly_when_cancelled()
    {
        using var temp = RepositoryPaths.CreateTemp();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        // 5·10⁷ optimizer steps per path, and twenty times as many SDE steps: hours, were cancellation not observed.
        var run = Task.Run(() => ExperimentHost.Run(Experiment("sde-tracking"), Request(temp.Path, ("LearningRate", "1e-8"), ("Paths", "2")), null, cancel.Token));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "the run ignored cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public void Every_shipped_grid_lists_each_cell_once()
    {
        foreach (var definition in ExperimentCatalogue.All)
            foreach (var profile in new[] { Profile.Quick, Profile.Paper })
                Assert.NotEmpty(definition.CreateGrid(profile).Cells);
    }
}
