using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;

namespace MyStudy;

/// <summary>
/// A Gaussian random walk of n steps of size σ ends at x ~ N(0, nσ²), so its spread |x|/√n has mean σ·√(2/π)
/// whatever n: the claim tests that prediction in every cell, the figure shows it.
/// </summary>
[Experiment("random-walk", Version = 1, Title = "Random walk spread")]
[Replicates(quick: 16, paper: 200)]
public sealed partial class RandomWalk
{
    [Quick(10, 100)] [Paper(10, 100, 1000)]
    public int Steps { get; init; }

    [Values(0.5, 2.0)]
    public double Sigma { get; init; }

    public sealed record Row(double Position, double Spread);

    [Run]
    public Row Run(RunContext context)
    {
        Require.Positive(Sigma);
        var x = 0.0;
        for (var t = 0; t < Steps; t++) x += Sigma * context.Random.NextGaussian();
        RunContext.CheckFinite(x, "position");
        return new Row(x, Math.Abs(x) / Math.Sqrt(Steps));
    }

    [Claim("The spread is σ·√(2/π) whatever the number of steps")]
    public static ClaimResult SpreadIsStable(ResultTable<RandomWalk, Row> results) =>
        Agreement.Holm(results.Completed.GroupBy(r => (r.Cell.Steps, r.Cell.Sigma), r => r.Row.Spread),
            g => $"{g.Key.Steps} steps, σ = {g.Key.Sigma}", g => Estimate.Of(g), g => g.Key.Sigma * Math.Sqrt(2 / Math.PI));

    [Figure("spread")]
    public static Figure Spread(ResultTable<RandomWalk, Row> results)
    {
        var figure = new Figure("Random walk spread");
        figure.Panel("spread against steps", "steps", "|x| / √n", Scale.Log)
            .Points("runs", results.Completed.Select(r => (double)r.Cell.Steps).ToArray(), results.Completed.Select(r => r.Row.Spread).ToArray());
        return figure;
    }
}
