using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>A tiny experiment whose claim is exactly true: the mean of centred Gaussian draws is zero. Its calibration must pass at the claim's level.</summary>
[Experiment("calibrated-draws", Version = 1, Title = "Means of centred Gaussian draws")]
public sealed partial class CalibratedDraws
{
    [Values(1.0, 2.0, 4.0)]
    public double Scale { get; init; }

    public sealed record Row(double Mean, double Error);

    [Run]
    public Row Run(RunContext context)
    {
        var draws = Summary.Of(Enumerable.Range(0, 200).Select(_ => Scale * context.Random.NextGaussian()));
        return new Row(draws.Mean, draws.StandardError);
    }

    [Claim("The draws are centred")]
    public static ClaimResult Centred(ResultTable<CalibratedDraws, Row> results) =>
        Agreement.Holm(results.Completed, r => $"scale {r.Cell.Scale}", r => new Estimate(r.Row.Mean, r.Row.Error), _ => 0);
}
