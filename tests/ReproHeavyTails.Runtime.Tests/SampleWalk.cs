using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Runtime.Tests;

public enum Walker { Gaussian, Multiplicative }

/// <summary>A small experiment for host tests: random walks, one of which diverges (recorded, not thrown).</summary>
[Experiment("sample-walk", Version = 3, Title = "Random walks for host tests")]
[Replicates(quick: 5, paper: 5)]
public sealed partial class SampleWalk
{
    [Values(Walker.Gaussian, Walker.Multiplicative)]
    public Walker Kind { get; init; }

    [Quick(10, 100, 1000)]
    [Paper(10)]
    public int Steps { get; init; }

    [Values(0.5, 5.0, 50.0, 500.0, 5000.0, 50000.0)]
    [Zip("scale")]
    public double Scale { get; init; }

    [Values("a", "b", "c", "d", "e", "f")]
    [Zip("scale")]
    public string Label { get; init; } = "";

    public sealed record Row([property: Tolerance(1e-12, 1e-9, "a test of stated tolerances, not an error bound")] double Position, double? MaxAbs, int Step, string? Note, Walker Kind2);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        var x = 1.0;
        for (var t = 1; t <= Steps; t++)
        {
            x = Kind == Walker.Gaussian ? x + Scale * context.Random.NextGaussian() : x * Scale * Math.Abs(context.Random.NextGaussian());
            RunContext.CheckFinite(x, "position");
            if (t % 10 == 0) yield return new Row(x, t % 20 == 0 ? Math.Abs(x) : null, t, t % 30 == 0 ? null : Label, Kind);
        }
    }

    [Claim("Walks are recorded")]
    public static ClaimResult HasRows(ResultTable<SampleWalk, Row> results) =>
        ClaimResult.When(results.Count > 0 && results.DivergedCount > 0, $"{results.Count} rows, {results.DivergedCount} diverged");
}
