using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// Stationary loss of SGD, SignSGD, RMSpropW and AdamW (with and without decoupled decay) on
/// f = ½xᵀHx, H = diag(logspace(1, 10)), with Gaussian gradient noise of level σ, beside the closed forms
/// of docs/adaptive-sdes.md: SGD ∝ σ², SignSGD ∝ σ, RMSpropW (η/4)Σhσ/(h + γσ), bounded when γ &gt; 0, and AdamW's
/// from the stationary covariance of its linear (x, m) recursion with v frozen at σ² (8 % below RMSpropW's with
/// γ = 1). The SignSGD, RMSpropW and AdamW forms are first order in ηh/σ: claims use the cells with ηh_max/σ ≤ 0.01.
/// </summary>
[Experiment("stationary-loss-vs-noise", Version = 2,
    Title = "Stationary loss against the noise level: SGD, SignSGD, RMSpropW, AdamW",
    Paper = "compagnoni-2024")]
public sealed partial class StationaryLossVersusNoise
{
    [Values(OptimizerKind.Sgd, OptimizerKind.SignSgd, OptimizerKind.RmsPropW, OptimizerKind.RmsPropW, OptimizerKind.AdamW, OptimizerKind.AdamW)]
    [Zip("optimizer")]
    public OptimizerKind Optimizer { get; init; }

    [Values(0.0, 0.0, 0.0, 1.0, 0.0, 1.0)]
    [Zip("optimizer")]
    public double WeightDecay { get; init; }

    [Quick(10.0, 30.0, 100.0)]
    [Paper(1.0, 3.0, 10.0, 30.0, 100.0, 300.0)]
    public double NoiseLevel { get; init; }

    [Quick(10)]
    [Paper(10, 100)]
    public int Dimension { get; init; }

    [Values(0.01)]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Paths { get; init; }

    public sealed record Row(double Loss, double LossError, double? Predicted, double StepToNoise);

    private const double FirstOrderRegime = 0.01;

    [Run]
    public Row Run(RunContext context)
    {
        Require.NonNegative(WeightDecay);
        Require.NonNegative(NoiseLevel);
        Require.AtLeast(Dimension, 1);
        Require.Positive(LearningRate);
        Require.AtLeast(Paths, 2);
        var problem = new NoisyQuadratic(NoisyQuadratic.LogSpaced(Dimension, 1, 10), Enumerable.Repeat(NoiseLevel, Dimension).ToArray());
        // Burn-in: ten relaxation times of the slowest preconditioned coordinate, η·h_min/max(σ, 1) per step.
        var burnIn = (int)(10 * Math.Max(NoiseLevel, 1) / (LearningRate * 1));
        var m = StationaryRuns.Run(problem, () => Optimizer.Create(Dimension, LearningRate, WeightDecay), Paths, burnIn, window: 2500, context.Random, context.Cancellation);
        return new Row(m.Loss.Mean, m.Loss.StandardError, Optimizer.Predicted(problem, LearningRate, WeightDecay), Optimizers.StepToNoise(problem, LearningRate));
    }

    private static IEnumerable<IGrouping<(OptimizerKind Optimizer, int Dimension), (double X, Estimate Y)>> LossAgainstNoise(IEnumerable<(StationaryLossVersusNoise Cell, Row Row)> rows) =>
        rows.GroupBy(r => (r.Cell.Optimizer, r.Cell.Dimension), r => (X: r.Cell.NoiseLevel, Y: new Estimate(r.Row.Loss, r.Row.LossError)));

    /// <summary>
    /// Fitted log-log slope of the loss against σ, per optimizer: its 95 % interval contains SignSGD's 1 and
    /// excludes SGD's 2 (the contrast the paper draws), and for SGD contains 2 and excludes 1.
    /// </summary>
    [Claim("SignSGD's stationary loss grows linearly with the noise level, SGD's quadratically (fitted log-log slopes)")]
    public static ClaimResult Scaling(ResultTable<StationaryLossVersusNoise, Row> results) =>
        ScalingExponent.Test(LossAgainstNoise(results.Completed.Where(r => r.Cell.Optimizer is OptimizerKind.Sgd or OptimizerKind.SignSgd && r.Row.StepToNoise <= FirstOrderRegime)),
            k => $"{k.Optimizer} d={k.Dimension}", k => k.Optimizer == OptimizerKind.Sgd ? 2 : 1, k => k.Optimizer == OptimizerKind.Sgd ? 1 : 2);

    /// <summary>
    /// Each cell's loss against its closed form: Holm over the cells' two-sided z-tests at family-wise 5 %.
    /// Recorded as failing at the paper profile (1000 paths, d = 10 and 100): with decoupled decay γ = 1 at d = 100 the
    /// first-order forms' next term is resolved — RMSpropW's loss lies 0.3–0.4 % below its form at σ = 30, 100, 300
    /// (z = −5.2, −4.6, −5.9) and AdamW's 0.25 % below at σ = 30 (z = −3.6); every other cell is within 2.3 SE.
    /// </summary>
    [Claim("Measured stationary losses match the closed forms (project's derivations: SGD exact; SignSGD and RMSpropW to first order; AdamW with v frozen at σ², its momentum kept; where ηh/σ ≤ 0.01)",
        KnownToFailIn = "paper")]
    public static ClaimResult MatchesClosedForms(ResultTable<StationaryLossVersusNoise, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Row.Predicted is not null && (r.Cell.Optimizer == OptimizerKind.Sgd || r.Row.StepToNoise <= FirstOrderRegime)),
            r => $"{r.Cell.Optimizer} γ={r.Cell.WeightDecay} σ={r.Cell.NoiseLevel}", r => new Estimate(r.Row.Loss, r.Row.LossError), r => r.Row.Predicted!.Value);

    /// <summary>
    /// With decoupled decay γ = 1 the stationary loss of RMSpropW and AdamW lies below the formula's σ → ∞ limit
    /// ηΣh/(4γ) at every σ (one-sided tests, every cell); without decay the fitted log-log slope's 95 % interval
    /// contains 1 and excludes 0, a bounded loss.
    /// </summary>
    [Claim("Decoupled weight decay keeps AdamW's and RMSpropW's stationary loss bounded as the noise grows; without it the loss grows ∝ σ")]
    public static ClaimResult DecayBounds(ResultTable<StationaryLossVersusNoise, Row> results)
    {
        var adaptive = results.Completed.Where(r => r.Cell.Optimizer is OptimizerKind.RmsPropW or OptimizerKind.AdamW && r.Row.StepToNoise <= FirstOrderRegime).ToArray();
        return ClaimResult.AllOf(
            Comparison.Below(adaptive.Where(r => r.Cell.WeightDecay > 0), r => $"{r.Cell.Optimizer} γ={r.Cell.WeightDecay} σ={r.Cell.NoiseLevel}",
                r => new Estimate(r.Row.Loss, r.Row.LossError), r => Limit(r.Cell)),
            ScalingExponent.Test(LossAgainstNoise(adaptive.Where(r => r.Cell.WeightDecay == 0)), k => $"{k.Optimizer} γ=0 d={k.Dimension}", _ => 1, _ => 0));
    }

    private static double Limit(StationaryLossVersusNoise c) => c.LearningRate * NoisyQuadratic.LogSpaced(c.Dimension, 1, 10).Sum() / (4 * c.WeightDecay);

    [Figure("stationary-loss")]
    public static Figure StationaryLoss(ResultTable<StationaryLossVersusNoise, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Compagnoni et al.: stationary loss against the noise level (markers: measured ± SE, fitted log-log slopes; closed forms: project's derivations)");
        foreach (var (title, decayed) in new[] { ("No weight decay: SignSGD ∝ σ, SGD ∝ σ²", false), ("Decoupled decay γ = 1: bounded", true) })
        {
            var panel = figure.Panel(title, "noise level σ", "stationary loss", Scale.Log, Scale.Log);
            var chosen = rows.Where(r => (r.Cell.WeightDecay > 0) == decayed).ToArray();
            panel.PointsBy(chosen, r => r.Cell.Optimizer, o => Fitted(o, chosen.Where(r => r.Cell.Optimizer == o)), r => r.Cell.NoiseLevel, r => r.Row.Loss, r => r.Row.LossError);
            panel.LinesBy(chosen.Where(r => r.Row.Predicted is not null), r => r.Cell.Optimizer, _ => "closed forms", r => r.Cell.NoiseLevel, r => r.Row.Predicted!.Value);
        }
        return figure;

        static string Fitted(OptimizerKind optimizer, IEnumerable<(StationaryLossVersusNoise Cell, Row Row)> rows)
        {
            var (slope, error) = PowerLawScaling.Fit(rows.Select(r => (r.Cell.NoiseLevel, r.Row.Loss, r.Row.LossError)));
            var decay = rows.First().Cell.WeightDecay;
            return $"{optimizer}{(decay > 0 ? $", γ = {decay}" : "")}: slope {slope:0.000} ± {error:0.000}";
        }
    }
}
