using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// Stationary loss of SGD, SignSGD, RMSpropW and AdamW (with and without decoupled decay) on
/// f = ½xᵀHx, H = diag(logspace(1, 10)), with Gaussian gradient noise of level σ, beside the closed forms
/// of docs/adaptive-sdes.md: SGD ∝ σ², SignSGD ∝ σ, RMSpropW (η/4)Σhσ/(h + γσ), bounded when γ &gt; 0.
/// The SignSGD and RMSpropW forms are first order in ηh/σ: claims use the cells with ηh_max/σ ≤ 0.01.
/// </summary>
[Experiment("stationary-loss-vs-noise", Version = 1,
    Title = "Stationary loss against the noise level: SGD, SignSGD, RMSpropW, AdamW",
    Paper = "Compagnoni et al. 2024 (arXiv 2411.15958)")]
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

    private static (double Slope, double Error) LogLogSlope(IEnumerable<(StationaryLossVersusNoise Cell, Row Row)> rows) =>
        PowerLawScaling.Fit(rows.Select(r => (r.Cell.NoiseLevel, r.Row.Loss, r.Row.LossError)));

    [Claim("SignSGD's stationary loss grows linearly with the noise level, SGD's quadratically (fitted log-log slopes)")]
    public static ClaimResult Scaling(ResultTable<StationaryLossVersusNoise, Row> results) =>
        ClaimResult.All(results.Completed.Where(r => r.Cell.Optimizer is OptimizerKind.Sgd or OptimizerKind.SignSgd && r.Row.StepToNoise <= FirstOrderRegime).GroupBy(r => (r.Cell.Optimizer, r.Cell.Dimension)),
            g => Math.Abs(LogLogSlope(g).Slope - (g.Key.Optimizer == OptimizerKind.Sgd ? 2 : 1)) < 2 * LogLogSlope(g).Error,
            g => $"{g.Key.Optimizer} d={g.Key.Dimension}: slope {LogLogSlope(g).Slope:0.000} ± {LogLogSlope(g).Error:0.000} (expected {(g.Key.Optimizer == OptimizerKind.Sgd ? 2 : 1)})");

    [Claim("Measured stationary losses match the closed forms (SGD exact; SignSGD and RMSpropW to first order, where ηh/σ ≤ 0.01) within two standard errors")]
    public static ClaimResult MatchesClosedForms(ResultTable<StationaryLossVersusNoise, Row> results) =>
        ClaimResult.All(results.Completed.Where(r => r.Row.Predicted is not null && (r.Cell.Optimizer == OptimizerKind.Sgd || r.Row.StepToNoise <= FirstOrderRegime)),
            r => Math.Abs(r.Row.Loss - r.Row.Predicted!.Value) < 2 * r.Row.LossError,
            r => $"{r.Cell.Optimizer} γ={r.Cell.WeightDecay} σ={r.Cell.NoiseLevel}: {r.Row.Loss:0.000e0} ± {r.Row.LossError:0.0e0} vs {r.Row.Predicted:0.000e0}");

    /// <summary>
    /// With decoupled decay γ = 1 the stationary loss of RMSpropW and AdamW stays below the formula's σ → ∞
    /// limit ηΣh/(4γ) at every σ; without decay it grows with σ (fitted slope within 2 SE of 1).
    /// </summary>
    [Claim("Decoupled weight decay keeps AdamW's and RMSpropW's stationary loss bounded as the noise grows; without it the loss grows ∝ σ")]
    public static ClaimResult DecayBounds(ResultTable<StationaryLossVersusNoise, Row> results) =>
        ClaimResult.All(results.Completed.Where(r => r.Cell.Optimizer is OptimizerKind.RmsPropW or OptimizerKind.AdamW && r.Row.StepToNoise <= FirstOrderRegime).GroupBy(r => (r.Cell.Optimizer, r.Cell.WeightDecay, r.Cell.Dimension)),
            g => g.Key.WeightDecay > 0
                ? g.All(r => r.Row.Loss < Limit(r.Cell))
                : Math.Abs(LogLogSlope(g).Slope - 1) < 2 * LogLogSlope(g).Error,
            g => g.Key.WeightDecay > 0
                ? $"{g.Key.Optimizer} γ={g.Key.WeightDecay}: largest loss {g.Max(r => r.Row.Loss):0.000e0} < limit {Limit(g.First().Cell):0.000e0}"
                : $"{g.Key.Optimizer} γ=0: slope {LogLogSlope(g).Slope:0.000} ± {LogLogSlope(g).Error:0.000}");

    private static double Limit(StationaryLossVersusNoise c) => c.LearningRate * NoisyQuadratic.LogSpaced(c.Dimension, 1, 10).Sum() / (4 * c.WeightDecay);

    [Figure("stationary-loss")]
    public static Figure StationaryLoss(ResultTable<StationaryLossVersusNoise, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Compagnoni et al.: stationary loss against the noise level (markers: measured ± SE, fitted log-log slopes)");
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
