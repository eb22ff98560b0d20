using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;

namespace MyStudy;

/// <summary>
/// The mean of n standard Gaussian draws has standard deviation 1/√n, so √n·mean is standard normal whatever n.
/// Replace the run method, the row and the claim with your own; bump Version when the columns change.
/// </summary>
[Experiment("new-experiment", Version = 1, Title = "NewExperiment")]
[Replicates(quick: 16, paper: 200)]
public sealed partial class NewExperiment
{
    [Quick(10, 100)] [Paper(10, 100, 1000)]
    public int Samples { get; init; }

    public sealed record Row(double ScaledMean);

    [Run]
    public Row Run(RunContext context)
    {
        Require.AtLeast(Samples, 1);
        var sum = 0.0;
        for (var i = 0; i < Samples; i++) sum += context.Random.NextGaussian();
        return new Row(sum / Math.Sqrt(Samples));
    }

    [Claim("√n·mean has mean 0 whatever n")]
    public static ClaimResult CenteredAtZero(ResultTable<NewExperiment, Row> results) =>
        Agreement.Holm(results.Completed.GroupBy(r => r.Cell.Samples, r => r.Row.ScaledMean),
            g => $"n = {g.Key}", g => Estimate.Of(g), _ => 0.0);

    [Figure("scaled-mean")]
    public static Figure MeanAgainstSamples(ResultTable<NewExperiment, Row> results)
    {
        var figure = new Figure("NewExperiment");
        figure.Panel("√n·mean against n", "n", "√n·mean", Scale.Log)
            .Points("runs", results.Completed.Select(r => (double)r.Cell.Samples).ToArray(), results.Completed.Select(r => r.Row.ScaledMean).ToArray());
        return figure;
    }
}
