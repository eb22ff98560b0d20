using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>Where the adaptive optimizers start: far from the minimum (gradient ≫ noise) or at it.</summary>
public enum Start
{
    Far,
    Minimum,
}

/// <summary>
/// RMSprop and Adam beside two SDEs each — the project's form (time kη, β_i = 1 − ρ_iη) and Malladi et al.'s
/// (time kη², 1 − β_i = c_iη²) — on f = ½xᵀHx (H = diag(logspace(1, 10)), Gaussian noise σ = 1) up to time
/// T = kη = 0.4 (a whole number of steps at every learning rate; v1's 0.5 ran η = 0.08 and 0.04 to 0.48): the expected loss of each over as many paths, and the weak errors. Adam has PyTorch's
/// β = (0.9, 0.999) at η = 0.01 (ρ₁ = 10, ρ₂ = 0.1); RMSprop α = 0.99 there (ρ = 1) and starts from the warm
/// v₀ = ∇f(x₀)² + σ² (both SDEs are singular at v = 0). Started at the minimum the two forms are reported as
/// measured (docs/adaptive-sdes.md): there is no claim about them.
/// </summary>
[Experiment("adaptive-sde-tracking", Version = 2,
    Title = "RMSprop and Adam beside the project's SDEs and Malladi et al.'s",
    Paper = "compagnoni-2024")]
public sealed partial class AdaptiveSdeTracking
{
    private const double Horizon = 0.4;
    private const int Substeps = 20;

    [Values(OptimizerKind.RmsPropW, OptimizerKind.AdamW)]
    public OptimizerKind Optimizer { get; init; }

    [Values(Start.Far, Start.Minimum)]
    public Start Start { get; init; }

    [Quick(0.04, 0.02, 0.01)]
    [Paper(0.08, 0.04, 0.02, 0.01, 0.005)]
    public double LearningRate { get; init; }

    [Values(10)]
    public int Dimension { get; init; }

    [Quick(3000)]
    [Paper(30000)]
    public int Paths { get; init; }

    public sealed record Row(
        double OptimizerLoss, double OptimizerLossError,
        double SdeLoss, double SdeLossError, double MalladiLoss, double MalladiLossError,
        double WeakError, double WeakErrorError, double MalladiWeakError, double MalladiWeakErrorError);

    [Run]
    public Row Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, 1);
        Require.AtLeast(Paths, 2);
        var d = Dimension;
        var eta = LearningRate;
        var problem = new NoisyQuadratic(NoisyQuadratic.LogSpaced(d, 1, 10), Enumerable.Repeat(1.0, d).ToArray());
        var x0 = Enumerable.Repeat(Start == Start.Far ? 1.0 : 0.0, d).ToArray();
        var gradient = new double[d];
        problem.Gradient(x0, gradient);
        var v0 = gradient.Select((g, i) => g * g + problem.NoiseScale[i] * problem.NoiseScale[i]).ToArray();
        var rmsProp = Optimizer == OptimizerKind.RmsPropW;
        var (beta1, beta2) = rmsProp ? (0.0, 1 - eta) : (1 - Optimizers.AdamRho1 * eta, 1 - Optimizers.AdamRho2 * eta);
        var steps = WeakOrder.StepsTo(Horizon, eta);

        var rng = context.Stream("optimizer");
        var optimizer = Summary.Of(Enumerable.Range(0, Paths).Select(_ =>
        {
            var x = (double[])x0.Clone();
            IOptimizer opt = rmsProp ? new RmsProp(d, eta, alpha: beta2, initialSecondMoment: v0) : Optimizers.AdamInSdeScaling(d, eta);
            for (var k = 0; k < steps; k++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                problem.NoisyGradient(x, gradient, rng);
                opt.Step(x, gradient);
            }
            return problem.Loss(x);
        }).ToArray());

        Sde project = rmsProp ? new RmsPropSde(problem, eta, rho: 1) : new AdamSde(problem, eta, Optimizers.AdamRho1, Optimizers.AdamRho2);
        var start = rmsProp ? RmsPropSde.Start(x0, v0) : AdamSde.Start(x0);     // Malladi's state has the same layout
        var sde = SdeLosses(project, start, eta / Substeps, context.Stream("sde"));

        var malladi = new MalladiSde(problem, eta, beta1, beta2, momentum: !rmsProp);
        var malladiLoss = SdeLosses(malladi, start, eta * eta / Substeps, context.Stream("malladi"));

        return new Row(optimizer.Mean, optimizer.StandardError, sde.Mean, sde.StandardError, malladiLoss.Mean, malladiLoss.StandardError,
            Math.Abs(optimizer.Mean - sde.Mean), optimizer.ErrorOfDifference(sde),
            Math.Abs(optimizer.Mean - malladiLoss.Mean), optimizer.ErrorOfDifference(malladiLoss));

        Summary SdeLosses(Sde equation, double[] start, double dt, Randomness.Rng stream) => Summary.Of(Enumerable.Range(0, Paths).Select(_ =>
        {
            var state = (double[])start.Clone();
            equation.Integrate(state, dt, steps * Substeps, stream, context.Cancellation);
            return problem.Loss(state.AsSpan(0, d));
        }).ToArray());
    }

    /// <summary>
    /// Weak order one (<see cref="WeakOrder"/>) for the project's SDEs, started far from the minimum. Known failure
    /// at both profiles: Adam's fitted exponent exceeds 1 — 1.61 ± 0.17 at the quick profile (v2; v1 read 1.30 ± 0.11
    /// to a horizon that η = 0.04 did not divide, which v2 fixed without bringing it to 1), 1.479 ± 0.024 at the
    /// paper profile (v2) — while RMSprop's is 0.96 ± 0.06 and 1.010 ± 0.009: Adam's O(η²) terms steepen the
    /// slope over η ≤ 0.08 (sde-tracking measured the same for SGD and now fits the next order, docs/paper-scale.md).
    /// The former window [0.75, 1.25] ± 2 SE let it pass.
    /// </summary>
    [Claim("The weak error of the project's RMSprop and Adam SDEs falls linearly as the learning rate falls (order one)", KnownToFail = true)]
    public static ClaimResult WeakOrderOne(ResultTable<AdaptiveSdeTracking, Row> results) =>
        WeakOrder.OrderOne(results.Completed.Where(r => r.Cell.Start == Start.Far).GroupBy(r => r.Cell.Optimizer.ToString(),
            r => (r.Cell.LearningRate, r.Row.WeakError, r.Row.WeakErrorError)));

    /// <summary>
    /// Far from the minimum the gradient dominates the noise, which Malladi et al.'s u (noise alone) leaves out of
    /// the preconditioner: their SDE's weak error exceeds the project's at every learning rate (one-sided tests of
    /// the difference, every cell; the two errors share the optimizer's paths, so the independent-errors SE of the
    /// difference is conservative).
    /// </summary>
    [Claim("Far from the minimum the project's SDEs track RMSprop and Adam, Malladi et al.'s do not")]
    public static ClaimResult FarFromMinimum(ResultTable<AdaptiveSdeTracking, Row> results) =>
        Comparison.Exceeds(results.Completed.Where(r => r.Cell.Start == Start.Far), r => $"{r.Cell.Optimizer} η={r.Cell.LearningRate}: Malladi's − project's weak error",
            r => new Estimate(r.Row.MalladiWeakError, r.Row.MalladiWeakErrorError).Minus(new Estimate(r.Row.WeakError, r.Row.WeakErrorError)), _ => 0);

    [Figure("weak-error")]
    public static Figure WeakErrorFigure(ResultTable<AdaptiveSdeTracking, Row> results)
    {
        var figure = new Figure("Compagnoni et al.: RMSprop and Adam beside the project's SDEs and Malladi et al.'s (weak error ± SE)");
        foreach (var start in new[] { Start.Far, Start.Minimum })
        {
            var rows = results.Completed.Where(r => r.Cell.Start == start).ToArray();
            figure.Panel(start == Start.Far ? "Started far from the minimum (x₀ = 1)" : "Started at the minimum", "learning rate η", "weak error", Scale.Log, Scale.Log)
                .PointsBy(rows, r => r.Cell.Optimizer, o => $"{o}: project SDE", r => r.Cell.LearningRate, r => r.Row.WeakError, r => r.Row.WeakErrorError)
                .PointsBy(rows, r => r.Cell.Optimizer, o => $"{o}: Malladi SDE", r => r.Cell.LearningRate, r => r.Row.MalladiWeakError, r => r.Row.MalladiWeakErrorError);
        }
        return figure;
    }
}
