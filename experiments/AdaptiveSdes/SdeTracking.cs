using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// An optimizer beside its SDE on f = ½xᵀHx (H = diag(logspace(1, 10)), Gaussian noise σ = 1), from x₀ = 1 to
/// time T = 0.4 (T/η steps, a whole number at every η of the grids, so that every weak error is at the same time): the expected loss of the optimizer (over paths) and of its SDE (Euler–Maruyama
/// with step η/20, over as many paths), and their difference, the weak error, across learning rates.
/// RMSprop and Adam: <see cref="AdaptiveSdeTracking"/>; a network: <see cref="SdeTrackingNetwork"/>.
/// </summary>
[Experiment("sde-tracking", Version = 2,
    Title = "Optimizers beside their SDEs: weak error against the learning rate",
    Paper = "compagnoni-2024")]
public sealed partial class SdeTracking
{
    private const double Horizon = 0.4; // v1 had 0.5: 6.25 and 12.5 steps at η = 0.08, 0.04 ran to 0.48 instead

    [Values(OptimizerKind.Sgd, OptimizerKind.SignSgd)]
    public OptimizerKind Optimizer { get; init; }

    [Quick(0.04, 0.02, 0.01)]
    [Paper(0.04, 0.02, 0.01, 0.005, 0.0025)] // ηh_max ≤ 0.4: v1's η = 0.08 (ηh_max = 0.8) left the second-order fit a bias of 0.8 SE (docs/paper-scale.md)
    public double LearningRate { get; init; }

    [Values(10)]
    public int Dimension { get; init; }

    [Quick(4000)]
    [Paper(40000)]
    public int Paths { get; init; }

    public sealed record Row(double OptimizerLoss, double OptimizerLossError, double SdeLoss, double SdeLossError, double WeakError, double WeakErrorError);

    [Run]
    public Row Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, 1);
        Require.AtLeast(Paths, 2);
        var problem = new NoisyQuadratic(NoisyQuadratic.LogSpaced(Dimension, 1, 10), Enumerable.Repeat(1.0, Dimension).ToArray());
        var steps = WeakOrder.StepsTo(Horizon, LearningRate);
        var rng = context.Stream("optimizer");
        var g = new double[Dimension];
        var optimizerLoss = Summary.Of(Enumerable.Range(0, Paths).Select(_ =>
        {
            var x = Enumerable.Repeat(1.0, Dimension).ToArray();
            var opt = Optimizer.Create(Dimension, LearningRate, 0);
            for (var k = 0; k < steps; k++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                problem.NoisyGradient(x, g, rng);
                opt.Step(x, g);
            }
            return problem.Loss(x);
        }).ToArray());
        Sde sde = Optimizer == OptimizerKind.Sgd ? new SgdSde(problem, LearningRate) : new SignSgdSde(problem, LearningRate);
        var sdeRng = context.Stream("sde");
        var sdeLoss = Summary.Of(Enumerable.Range(0, Paths).Select(_ =>
        {
            var x = Enumerable.Repeat(1.0, Dimension).ToArray();
            sde.Integrate(x, LearningRate / 20, steps * 20, sdeRng, context.Cancellation);
            return problem.Loss(x);
        }).ToArray());
        var error = optimizerLoss.ErrorOfDifference(sdeLoss);
        return new Row(optimizerLoss.Mean, optimizerLoss.StandardError, sdeLoss.Mean, sdeLoss.StandardError, Math.Abs(optimizerLoss.Mean - sdeLoss.Mean), error);
    }

    /// <summary>
    /// Weak order one, with the second-order term beside it (<see cref="WeakOrder.OrderOneWithSecondOrderTerm"/>):
    /// the leading exponent s of error = a·η^s + b·η², per optimizer, has a 95 % interval that contains 1 (Holm) and
    /// excludes ½. Why the η² term: on this problem SGD's weak error is known exactly (both laws are Gaussian), and
    /// at v1's paper grid (η = 0.08–0.005, T = 0.5) its expected log-log slope is 0.852, measured 0.837 ± 0.013 —
    /// error/η falls from its limit 1.75 as 1.75 − 7η, a genuine second-order term that 40000 paths resolve, while
    /// the local slopes between neighbouring η rise to 1 (0.935, 0.970, 0.985, 0.993 down to η = 0.00125). Neither
    /// the Monte Carlo, the Euler–Maruyama step (η/1000 instead of η/20: slope 0.857) nor the estimator (the exact
    /// expectation of what is measured) flattens it. Known failure at the quick profile: three η leave the fit no
    /// residual freedom, and at 4000 paths SignSGD's exponent (2.3 ± 2.0 on the stored seed) does not exclude ½;
    /// SGD's, 1.19 ± 0.33, barely does (p = 0.04). At the paper profile SGD's is 0.95 ± 0.03 and SignSGD's
    /// 0.98 ± 0.21 (docs/paper-scale.md).
    /// </summary>
    [Claim("The weak error between optimizer and its SDE (project's derivation) falls linearly as the learning rate falls (order one; the η² term fitted beside it)", KnownToFailIn = "quick")]
    public static ClaimResult WeakOrderOne(ResultTable<SdeTracking, Row> results) =>
        WeakOrder.OrderOneWithSecondOrderTerm(results.Completed.GroupBy(r => r.Cell.Optimizer.ToString(),
            r => (r.Cell.LearningRate, r.Row.WeakError, r.Row.WeakErrorError)));

    [Figure("weak-error")]
    public static Figure WeakErrorFigure(ResultTable<SdeTracking, Row> results)
    {
        var figure = new Figure("Compagnoni et al.: weak error |E f(optimizer) − E f(SDE)| at T = 0.4 (± SE; SDEs: project's derivation)", columns: 1);
        figure.Panel("SGD and SignSGD on a quadratic", "learning rate η", "weak error", Scale.Log, Scale.Log)
            .PointsBy(results.Completed, r => r.Cell.Optimizer, o => o.ToString(), r => r.Cell.LearningRate, r => r.Row.WeakError, r => r.Row.WeakErrorError);
        return figure;
    }
}
