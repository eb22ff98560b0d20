using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// An optimizer beside its SDE on f = ½xᵀHx (H = diag(logspace(1, 10)), Gaussian noise σ = 1), from x₀ = 1 to
/// time T = 0.5 (T/η steps): the expected loss of the optimizer (over paths) and of its SDE (Euler–Maruyama
/// with step η/20, over as many paths), and their difference, the weak error, across learning rates.
/// RMSprop and Adam: <see cref="AdaptiveSdeTracking"/>; a network: <see cref="SdeTrackingNetwork"/>.
/// </summary>
[Experiment("sde-tracking", Version = 1,
    Title = "Optimizers beside their SDEs: weak error against the learning rate",
    Paper = "compagnoni-2024")]
public sealed partial class SdeTracking
{
    private const double Horizon = 0.5;

    [Values(OptimizerKind.Sgd, OptimizerKind.SignSgd)]
    public OptimizerKind Optimizer { get; init; }

    [Quick(0.04, 0.02, 0.01)]
    [Paper(0.08, 0.04, 0.02, 0.01, 0.005)]
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
        var steps = (int)Math.Round(Horizon / LearningRate);
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
    /// Weak order one (<see cref="WeakOrder"/>), for each optimizer. Known failure at the quick profile: SGD's
    /// exponent is 0.87 ± 0.08, but SignSGD's weak errors (0.018, 0.012, 0.003 with SE 0.002–0.004; the smallest is
    /// 1.4 SE from zero) fix its exponent only to 0.89 ± 0.37, whose 95 % interval [0.18, 1.61] does not exclude ½:
    /// 4000 paths cannot resolve SignSGD's order. The former window [0.75, 1.25] ± 2 SE accepted any slope in
    /// 0.02–1.98 there.
    /// </summary>
    [Claim("The weak error between optimizer and its SDE (project's derivation) falls linearly as the learning rate falls (order one)", KnownToFailIn = "quick")]
    public static ClaimResult WeakOrderOne(ResultTable<SdeTracking, Row> results) =>
        WeakOrder.OrderOne(results.Completed.GroupBy(r => r.Cell.Optimizer.ToString(),
            r => (r.Cell.LearningRate, r.Row.WeakError, r.Row.WeakErrorError)));

    [Figure("weak-error")]
    public static Figure WeakErrorFigure(ResultTable<SdeTracking, Row> results)
    {
        var figure = new Figure("Compagnoni et al.: weak error |E f(optimizer) − E f(SDE)| at T = 0.5 (± SE; SDEs: project's derivation)", columns: 1);
        figure.Panel("SGD and SignSGD on a quadratic", "learning rate η", "weak error", Scale.Log, Scale.Log)
            .PointsBy(results.Completed, r => r.Cell.Optimizer, o => o.ToString(), r => r.Cell.LearningRate, r => r.Row.WeakError, r => r.Row.WeakErrorError);
        return figure;
    }
}
