using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// The non-quadratic case: a tanh network (4 inputs, 6 hidden units, 1 output; 30 parameters) fitting 16 points
/// of a noisy linear teacher, full-batch gradients plus Gaussian noise σ = 1 on every coordinate. From one
/// initialisation, SGD, SignSGD and Adam (β = 1 − (10, 0.1)·η) run beside their SDEs (Euler–Maruyama, step η/5)
/// to time T = kη = 1; the mean training loss of each is recorded at t = 0.25, 0.5, 0.75, 1.
/// </summary>
[Experiment("sde-tracking-network", Version = 1,
    Title = "Optimizers beside their SDEs on a small tanh network",
    Paper = "compagnoni-2024")]
public sealed partial class SdeTrackingNetwork
{
    private const int Checkpoints = 4;
    private const double Horizon = 1;
    private const int Substeps = 5;

    [Values(OptimizerKind.Sgd, OptimizerKind.SignSgd, OptimizerKind.AdamW)]
    public OptimizerKind Optimizer { get; init; }

    [Quick(0.01)]
    [Paper(0.02, 0.01, 0.005)]
    public double LearningRate { get; init; }

    [Quick(600)]
    [Paper(6000)]
    public int Paths { get; init; }

    public sealed record Row(
        double Time, double InitialLoss,
        double OptimizerLoss, double OptimizerLossError,
        double SdeLoss, double SdeLossError, double WeakError, double WeakErrorError);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Paths, 2);
        var eta = LearningRate;
        var shared = context.SharedStream("problem");
        var data = Dataset.Teacher(16, 4, 1, anisotropy: 1, noise: 0.1, shared);
        var model = new TwoLayerNetwork(4, 6, 1, tanh: true);
        var theta0 = model.Initialize(shared, 1, 1);
        var problem = new NoisyModelLoss(model, data, noiseScale: 1);
        var d = theta0.Length;
        var stepsPerCheckpoint = (int)Math.Round(Horizon / Checkpoints / eta);

        var optimizerLosses = Losses(context.Stream("optimizer"), rng =>
        {
            var theta = (double[])theta0.Clone();
            var gradient = new double[d];
            var opt = Optimizer == OptimizerKind.AdamW ? Optimizers.AdamInSdeScaling(d, eta) : Optimizer.Create(d, eta, 0);
            return () =>
            {
                for (var k = 0; k < stepsPerCheckpoint; k++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    problem.NoisyGradient(theta, gradient, rng);
                    opt.Step(theta, gradient);
                }
                return problem.Loss(theta);
            };
        });
        Sde sde = Optimizer switch
        {
            OptimizerKind.Sgd => new SgdSde(problem, eta),
            OptimizerKind.SignSgd => new SignSgdSde(problem, eta),
            _ => new AdamSde(problem, eta, Optimizers.AdamRho1, Optimizers.AdamRho2),
        };
        var sdeLosses = Losses(context.Stream("sde"), rng =>
        {
            var state = Optimizer == OptimizerKind.AdamW ? AdamSde.Start(theta0) : (double[])theta0.Clone();
            return () =>
            {
                sde.Integrate(state, eta / Substeps, stepsPerCheckpoint * Substeps, rng, context.Cancellation);
                return problem.Loss(state.AsSpan(0, d));
            };
        });

        var initial = problem.Loss(theta0);
        for (var c = 0; c < Checkpoints; c++)
        {
            var (o, s) = (optimizerLosses[c], sdeLosses[c]);
            yield return new Row((c + 1) * Horizon / Checkpoints, initial, o.Mean, o.StandardError, s.Mean, s.StandardError,
                Math.Abs(o.Mean - s.Mean), o.ErrorOfDifference(s));
        }
    }

    /// <summary>The loss at each checkpoint summarised over paths; <paramref name="path"/> makes one path's "advance to the next checkpoint".</summary>
    private Summary[] Losses(Randomness.Rng rng, Func<Randomness.Rng, Func<double>> path)
    {
        var losses = new double[Checkpoints][];
        for (var c = 0; c < Checkpoints; c++) losses[c] = new double[Paths];
        for (var p = 0; p < Paths; p++)
        {
            var advance = path(rng);
            for (var c = 0; c < Checkpoints; c++) losses[c][p] = advance();
        }
        return losses.Select(Summary.Of).ToArray();
    }

    /// <summary>
    /// At every checkpoint the SDE's mean loss is within three standard errors of the difference of the
    /// optimizer's, while the optimizer's loss has fallen from its initial value by more than twenty of its own
    /// standard errors (so the agreement is about a moving curve, not a resting point).
    /// </summary>
    /// <summary>
    /// At every checkpoint the optimizer's mean loss agrees with its SDE's (Holm over all checkpoints' two-sided
    /// z-tests of the difference, family-wise 5 %), and there is a curve to track: by the last checkpoint the
    /// optimizer's loss has fallen by more than a tenth of the initial loss (one-sided tests, every run).
    /// Known failure at the paper profile (6,000 paths, three learning rates): the first-order SDEs' O(η) weak error
    /// is resolved at the first checkpoint, t = 0.25, and shrinks with η as such an error does — optimizer − SDE loss
    /// −0.0082, −0.0066, −0.0019 for SGD and +0.0064, +0.0035, +0.0024 for AdamW at η = 0.02, 0.01, 0.005 (SE 0.0007–0.0015);
    /// the later checkpoints agree.
    /// </summary>
    [Claim("On a tanh network the project's SDEs of SGD, SignSGD and Adam track the optimizers' loss curves", KnownToFailIn = "paper")]
    public static ClaimResult TracksLossCurve(ResultTable<SdeTrackingNetwork, Row> results) =>
        ClaimResult.AllOf(
            Agreement.Holm(results.Completed, r => $"{r.Cell.Optimizer} η={r.Cell.LearningRate} t={r.Row.Time}: optimizer − SDE loss",
                r => new Estimate(r.Row.OptimizerLoss, r.Row.OptimizerLossError).Minus(new Estimate(r.Row.SdeLoss, r.Row.SdeLossError)), _ => 0),
            Comparison.Exceeds(results.Completed.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate)).Select(g => g.MaxBy(r => r.Row.Time)),
                r => $"{r.Cell.Optimizer} η={r.Cell.LearningRate}: fall of the loss by t={r.Row.Time}",
                r => new Estimate(r.Row.InitialLoss - r.Row.OptimizerLoss, r.Row.OptimizerLossError), r => 0.1 * r.Row.InitialLoss));

    [Figure("loss-curves")]
    public static Figure LossCurves(ResultTable<SdeTrackingNetwork, Row> results)
    {
        var figure = new Figure("Compagnoni et al.: a tanh network, optimizers beside their SDEs (project's derivation; mean loss ± SE)", columns: 3);
        foreach (var g in results.Completed.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate)))
            figure.Panel($"{g.Key.Optimizer}, η = {g.Key.LearningRate}", "time t = kη", "training loss", y: Scale.Log)
                .LinesBy(g, _ => "optimizer", k => k, r => r.Row.Time, r => r.Row.OptimizerLoss, r => r.Row.OptimizerLossError)
                .LinesBy(g, _ => "SDE", k => k, r => r.Row.Time, r => r.Row.SdeLoss, r => r.Row.SdeLossError);
        return figure;
    }
}
