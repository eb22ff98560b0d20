using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>`repro plan` end to end on a cheap experiment's quick profile: it times the sample, extrapolates, and writes nothing.</summary>
public class PlanCommandTests
{
    private static readonly ExperimentDefinition Estimators = ExperimentCatalogue.All.Single(d => d.Id == "estimator-calibration");

    private static (int Code, string Out, string Err) Repro(params string[] args) => CliTests.Repro(args);

    [Fact]
    public void A_plan_times_a_sample_and_prints_the_estimates_for_this_machine_and_the_allocation()
    {
        var before = Directory.GetFileSystemEntries(Environment.CurrentDirectory).Order().ToArray();
        var (code, output, error) = Repro("plan", "estimator-calibration", "--profile", "quick", "--sample", "3", "--slurm-nodes", "2", "--slurm-cores", "8");
        Assert.True(code == 0, output + error);
        var (cells, replicates) = (Estimators.CreateGrid(Profile.Quick).Cells.Count, Estimators.Replicates(Profile.Quick));
        Assert.Contains($"estimator-calibration: timing 3 of {cells} cells × {replicates} replicates", output);
        Assert.Equal(3, output.Split('\n').Count(l => l.TrimStart().StartsWith("item ", StringComparison.Ordinal)));
        Assert.Contains($"wall here ({Environment.ProcessorCount} cores)", output);
        Assert.Contains("Slurm (2×8 cores)", output);
        Assert.Matches($@"│ estimator-calibration\s+│ {cells * replicates}\s+│ 3\s+│", output);
        Assert.Contains("│ local", output); // seconds of work
        Assert.Contains("standard error", output);
        Assert.Equal(before, Directory.GetFileSystemEntries(Environment.CurrentDirectory).Order().ToArray());
    }

    [Fact]
    public void An_allocation_needs_both_nodes_and_cores()
    {
        var (code, _, error) = Repro("plan", "estimator-calibration", "--slurm-nodes", "2");
        Assert.Equal(2, code);
        Assert.Contains("give --slurm-nodes and --slurm-cores together", error);
    }
}
