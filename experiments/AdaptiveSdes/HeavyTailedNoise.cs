using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// SGD and SignSGD on f = ½xᵀHx with Student-t gradient noise, ν ∈ {1, 1.5, 2, 3, 5, ∞}. SignSGD's
/// stationary loss η·Σσ/(8f_ν(0)) is finite for every ν (even Cauchy noise); SGD's, ησ²ν/(ν−2)·…, is
/// infinite for ν ≤ 2. An infinite mean shows as a time average that keeps growing with the window: each
/// path's average over 2L steps is compared with its average over the first L (the log-ratio, averaged over
/// paths, is ≈ 0 when the mean is finite).
/// </summary>
[Experiment("heavy-tailed-noise", Version = 1,
    Title = "Student-t gradient noise: SignSGD stays finite, SGD does not for ν ≤ 2",
    Paper = "compagnoni-2024")]
public sealed partial class HeavyTailedNoise
{
    [Values(OptimizerKind.Sgd, OptimizerKind.SignSgd)]
    public OptimizerKind Optimizer { get; init; }

    [Values(1.0, 1.5, 2.0, 3.0, 5.0, double.PositiveInfinity)]
    public double DegreesOfFreedom { get; init; }

    [Values(10.0)]
    public double NoiseLevel { get; init; }

    [Quick(10)]
    [Paper(10, 100)]
    public int Dimension { get; init; }

    [Values(0.01)]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Paths { get; init; }

    public sealed record Row(double Loss, double LossError, double? Predicted, double LogWindowRatio, double LogWindowRatioError);

    [Run]
    public Row Run(RunContext context)
    {
        Require.PositiveOrInfinite(DegreesOfFreedom);
        Require.NonNegative(NoiseLevel);
        Require.AtLeast(Dimension, 1);
        Require.Positive(LearningRate);
        Require.AtLeast(Paths, 2);
        var problem = new NoisyQuadratic(NoisyQuadratic.LogSpaced(Dimension, 1, 10), Enumerable.Repeat(NoiseLevel, Dimension).ToArray(), DegreesOfFreedom);
        var burnIn = (int)(10 * NoiseLevel / LearningRate);
        var m = StationaryRuns.Run(problem, () => Optimizer.Create(Dimension, LearningRate, 0), Paths, burnIn, window: 5000, context.Random, context.Cancellation);
        var predicted = Optimizer.Predicted(problem, LearningRate, 0);
        return new Row(m.Loss.Mean, m.Loss.StandardError, double.IsFinite(predicted ?? 0) ? predicted : null,
            m.LogWindowRatio.Mean, m.LogWindowRatio.StandardError);
    }

    /// <summary>
    /// Holm over the ν cells' two-sided z-tests of the loss against η·Σσ/(8f_ν(0)), family-wise 5 %.
    /// Known failure at the paper profile: in its d = 100 cells (1,000 paths) the loss lies above the first-order
    /// form at every ν, by 0.06–0.3 %, most for the heaviest tails (Cauchy 3.939 ± 0.004 vs 3.927, z = 2.9, Holm
    /// p = 0.041; ν = 1.5 and 2: z = 2.5 and 2.3). Read as the form's neglected higher-order term in η, which this
    /// precision starts to resolve — not checked by an η scan, and p = 0.041 is close enough to the level that a
    /// chance failure is not excluded.
    /// </summary>
    [Claim("SignSGD's stationary loss under Student-t noise matches η·Σσ/(8f_ν(0)) (project's derivation) for every ν, Cauchy included", KnownToFailIn = "paper")]
    public static ClaimResult SignSgdFinite(ResultTable<HeavyTailedNoise, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Cell.Optimizer == OptimizerKind.SignSgd),
            r => $"ν={r.Cell.DegreesOfFreedom}", r => new Estimate(r.Row.Loss, r.Row.LossError), r => r.Row.Predicted!.Value);

    /// <summary>
    /// SGD: for ν &gt; 2 the loss agrees with its exact form (Holm over the cells, family-wise 5 %); for ν &lt; 2
    /// the window log-ratio is positive (one-sided tests, every cell): the time average has no finite limit.
    /// ν = 2, where the mean diverges only logarithmically, is recorded but not asserted.
    /// </summary>
    [Claim("SGD's stationary loss is finite (and as predicted) for ν > 2 and infinite for ν < 2")]
    public static ClaimResult SgdInfiniteBelowTwo(ResultTable<HeavyTailedNoise, Row> results)
    {
        var sgd = results.Completed.Where(r => r.Cell.Optimizer == OptimizerKind.Sgd).ToArray();
        return ClaimResult.AllOf(
            Agreement.Holm(sgd.Where(r => r.Cell.DegreesOfFreedom > 2), r => $"ν={r.Cell.DegreesOfFreedom}", r => new Estimate(r.Row.Loss, r.Row.LossError), r => r.Row.Predicted!.Value),
            Comparison.Exceeds(sgd.Where(r => r.Cell.DegreesOfFreedom < 2), r => $"ν={r.Cell.DegreesOfFreedom}: ln(average over 2L / over L)",
                r => new Estimate(r.Row.LogWindowRatio, r.Row.LogWindowRatioError), _ => 0));
    }

    [Figure("student-t-noise")]
    public static Figure StudentTNoise(ResultTable<HeavyTailedNoise, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Compagnoni et al.: Student-t gradient noise across ν (∞ drawn at ν = 100; closed forms: project's derivations)");
        double Nu(HeavyTailedNoise c) => double.IsPositiveInfinity(c.DegreesOfFreedom) ? 100 : c.DegreesOfFreedom;
        figure.Panel("Time-averaged loss", "degrees of freedom ν", "loss", Scale.Log, Scale.Log)
            .PointsBy(rows, r => r.Cell.Optimizer, o => o.ToString(), r => Nu(r.Cell), r => r.Row.Loss, r => r.Row.LossError)
            .VerticalLine(2, "ν = 2");
        figure.Panel("Growth when the window doubles (0: finite mean)", "degrees of freedom ν", "Δ log(window average)", Scale.Log)
            .PointsBy(rows, r => r.Cell.Optimizer, o => o.ToString(), r => Nu(r.Cell), r => r.Row.LogWindowRatio, r => r.Row.LogWindowRatioError)
            .HorizontalLine(0);
        return figure;
    }
}
