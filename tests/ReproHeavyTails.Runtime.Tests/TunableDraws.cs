using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// A tiny experiment whose computation a test can change (<see cref="Shift"/>), standing in for a
/// developer editing an experiment: used to exercise the fail → diff → accept cycle of artifact snapshots
/// and the reporting of claims recorded as known failures. Tests that touch it share one collection.
/// </summary>
[Experiment("tunable-draws", Version = 1, Title = "Gaussian draws with an adjustable shift")]
[Replicates(quick: 3, paper: 3)]
public sealed partial class TunableDraws
{
    /// <summary>Added to every draw; the test's stand-in for a change in the computation.</summary>
    public static double Shift { get; set; }

    [Values(1.0, 2.0)]
    public double Scale { get; init; }

    public sealed record Row(double Value);

    [Run]
    public Row Run(RunContext context) => new(Scale * context.Random.NextGaussian() + Shift);

    /// <summary>Fails for centred draws: recorded as a known failure, so it only "passes" once the shift makes every draw positive.</summary>
    [Claim("Every draw is positive", KnownToFail = true)]
    public static ClaimResult AllPositive(ResultTable<TunableDraws, Row> results) =>
        ClaimResult.All(results.Completed, r => r.Row.Value > 0, r => $"{r.Row.Value:0.00}");
}
