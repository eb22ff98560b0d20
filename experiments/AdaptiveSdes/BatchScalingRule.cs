using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// Batch-size scaling rules for SignSGD, RMSpropW and AdamW (docs/adaptive-sdes.md, the project's derivation from
/// its SDEs; the paper's text, which states rules of its own, was not available): multiplying the batch by κ
/// (gradient noise σ/√κ) is matched by η×√κ, (1 − β_i)×κ, ε÷√κ and decoupled decay γ×√κ over κ times fewer steps
/// — for SignSGD η×√κ alone, and for RMSprop(W)/Adam(W) without the decay part this is Malladi et al.'s square-root
/// rule. Under the rule the SDE is unchanged in time kη²; the derivation needs the noise to dominate the gradient
/// (∇f² ≪ σ²/κ). On f = ½xᵀHx, H = diag(logspace(1, 10)), d = 10, σ = 10, decay 0.5, base η = 0.005 and 4096
/// steps: the loss at nine checkpoints of equal SDE time kη² (base steps 16, 32, …, 4096, doubling to see the
/// start), mean over paths, for the base batch, the κ-fold batch with the rule, with Malladi's rule (decay
/// unscaled), and unscaled (the base hyperparameters and steps: the same SDE time). Two
/// starts: x₀ = 1/h (∇f = σ/10 in every coordinate, noise-dominated) and x₀ = 1 (∇f up to σ, signal-dominated).
/// </summary>
[Experiment("batch-scaling-rule", Version = 2,
    Title = "Batch-size scaling rules for SignSGD, RMSpropW and AdamW (project's derivation) beside Malladi et al.'s square-root rule",
    Paper = "compagnoni-2024", Credit = "square-root rule of Malladi et al. 2022")]
public sealed partial class BatchScalingRule
{
    private const int FirstCheckpoint = 16, BaseSteps = 4096, Dimension = 10;
    private const double Eta = 0.005, Beta1 = 0.9, Beta2 = 0.999, Alpha = 0.99, Epsilon = 1e-8, Noise = 10, Decay = 0.5; // at η = 0.01 the O(η) gap is resolved: docs

    public enum Scaling
    {
        /// <summary>The base batch.</summary>
        Base,
        /// <summary>κ-fold batch, η×√κ, (1 − β_i)×κ, ε÷√κ, γ×√κ, steps÷κ (the project's derivation).</summary>
        Rule,
        /// <summary>κ-fold batch, Malladi et al.'s square-root rule: as <see cref="Rule"/> with γ unchanged.</summary>
        MalladiRule,
        /// <summary>κ-fold batch, the base hyperparameters and steps (the same SDE time).</summary>
        Unscaled,
    }

    public enum Start
    {
        /// <summary>x₀ = 1/h: ∇f = 1 = σ/10 in every coordinate.</summary>
        NoiseDominated,
        /// <summary>x₀ = 1: ∇f = h, up to σ.</summary>
        SignalDominated,
    }

    [Values(OptimizerKind.SignSgd, OptimizerKind.SignSgd, OptimizerKind.SignSgd,
        OptimizerKind.RmsPropW, OptimizerKind.RmsPropW, OptimizerKind.RmsPropW, OptimizerKind.RmsPropW,
        OptimizerKind.AdamW, OptimizerKind.AdamW, OptimizerKind.AdamW, OptimizerKind.AdamW,
        OptimizerKind.SignSgd, OptimizerKind.SignSgd, OptimizerKind.RmsPropW, OptimizerKind.RmsPropW, OptimizerKind.AdamW, OptimizerKind.AdamW)]
    [Zip("cell")]
    public OptimizerKind Optimizer { get; init; }

    [Values(Scaling.Base, Scaling.Rule, Scaling.Unscaled,
        Scaling.Base, Scaling.Rule, Scaling.MalladiRule, Scaling.Unscaled,
        Scaling.Base, Scaling.Rule, Scaling.MalladiRule, Scaling.Unscaled,
        Scaling.Base, Scaling.Rule, Scaling.Base, Scaling.Rule, Scaling.Base, Scaling.Rule)]
    [Zip("cell")]
    public Scaling Run { get; init; }

    [Values(Start.NoiseDominated, Start.NoiseDominated, Start.NoiseDominated,
        Start.NoiseDominated, Start.NoiseDominated, Start.NoiseDominated, Start.NoiseDominated,
        Start.NoiseDominated, Start.NoiseDominated, Start.NoiseDominated, Start.NoiseDominated,
        Start.SignalDominated, Start.SignalDominated, Start.SignalDominated, Start.SignalDominated, Start.SignalDominated, Start.SignalDominated)]
    [Zip("cell")]
    public Start From { get; init; }

    [Quick(4)]
    [Paper(2, 4, 8)]
    public int BatchFactor { get; init; }

    [Quick(2000)]
    [Paper(20000)]
    public int Paths { get; init; }

    /// <summary>The loss at a checkpoint (mean ± SE over paths); SdeTime = kη², equal at equal checkpoints of every run.</summary>
    public sealed record Row(int Checkpoint, double SdeTime, double Loss, double LossError);

    [Run]
    public IEnumerable<Row> Execute(RunContext context)
    {
        Require.AtLeast(BatchFactor, 1);
        Require.AtMost(BatchFactor, 8);
        if (FirstCheckpoint % BatchFactor != 0) throw new ExperimentException($"BatchFactor must divide {FirstCheckpoint}, so that every checkpoint is a whole step (got {BatchFactor})."); // 1, 2, 4, 8 (β₁ = 1 − 0.1κ stays ≥ 0)
        Require.AtLeast(Paths, 2);
        var kappa = Run == Scaling.Base ? 1.0 : BatchFactor;
        var scaled = Run is Scaling.Rule or Scaling.MalladiRule;
        var root = scaled ? Math.Sqrt(kappa) : 1;
        var (eta, epsilon) = (Eta * root, Epsilon / root);
        var (beta1, beta2, alpha) = scaled ? (1 - (1 - Beta1) * kappa, 1 - (1 - Beta2) * kappa, 1 - (1 - Alpha) * kappa) : (Beta1, Beta2, Alpha);
        var decay = Run == Scaling.Rule ? Decay * root : Decay;
        var steps = scaled ? BaseSteps / BatchFactor : BaseSteps;
        var problem = new NoisyQuadratic(NoisyQuadratic.LogSpaced(Dimension, 1, 10), Enumerable.Repeat(Noise / Math.Sqrt(kappa), Dimension).ToArray());
        var start = problem.Curvature.Select(h => From == Start.NoiseDominated ? 1 / h : 1).ToArray();
        var checkpoints = Enumerable.Range(0, 9).Select(j => (FirstCheckpoint << j) / (BaseSteps / steps)).ToArray(); // the base run's steps 16·2^j, in this run's steps
        var losses = new Summary.Accumulator[checkpoints.Length + 1];
        var g = new double[Dimension];
        for (var p = 0; p < Paths; p++)
        {
            var x = (double[])start.Clone();
            IOptimizer optimizer = Optimizer switch
            {
                OptimizerKind.SignSgd => new SignSgd(eta),
                OptimizerKind.RmsPropW => new RmsProp(Dimension, eta, alpha, epsilon, decay, decoupled: true,
                    initialSecondMoment: start.Select((x0, i) => Math.Pow(problem.Curvature[i] * x0, 2) + Math.Pow(problem.NoiseScale[i], 2)).ToArray()),
                OptimizerKind.AdamW => new Adam(Dimension, eta, beta1, beta2, epsilon, decay, decoupled: true),
                _ => throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "SignSGD, RMSpropW or AdamW"),
            };
            losses[0].Add(problem.Loss(x));
            for (var k = 1; k <= steps; k++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                problem.NoisyGradient(x, g, context.Random);
                optimizer.Step(x, g);
                var c = Array.IndexOf(checkpoints, k);
                if (c >= 0) losses[c + 1].Add(problem.Loss(x));
            }
        }
        return losses.Select((l, c) => new Row(c, (c == 0 ? 0 : checkpoints[c - 1]) * eta * eta, l.Result.Mean, l.Result.StandardError));
    }

    /// <summary>
    /// Noise-dominated start: at every checkpoint after the start (the window is the whole run, fixed before any
    /// run) the κ-fold batch with the rule agrees with the base batch at equal SDE time kη² — Holm over the nine
    /// checkpoints' two-sided z-tests of the difference, family-wise 5 %, for each optimizer (intersection–union).
    /// Known failure at the paper profile (20000 paths, κ = 2, 4, 8): RMSpropW and AdamW at κ = 8 deviate (|z| up to 8.0
    /// and 7.9; RMSpropW −1.6 to −3.7 % at the late checkpoints, AdamW +0.2 to +2.9 %), and RMSpropW at κ = 4 once
    /// (z = 3.2 at the first checkpoint). Not the rule's O(η) remainder: with the base η halved (4× the steps, the same
    /// SDE times) the deviations stay or grow (RMSpropW late −2.4 to −3.4 %, early +0.3 to +1.0 %). With the averaging
    /// rates 1 − β_i, 1 − α halved at the base η they shrink (RMSpropW late mean −2.2 % → −0.9 %, AdamW early
    /// +0.4 % → +0.2 %): the rule multiplies 1 − β_i by κ (β₁ = 0.2, α = 0.92 at κ = 8), and its SDEs treat the moment
    /// averages as slow, so its remainder is O(κ(1 − β_i)), not O(η). SignSGD, which has no averages, matches at every κ
    /// (docs/paper-scale.md).
    /// </summary>
    [Claim("With the noise dominating, the scaling rules (η×√κ, (1 − β_i)×κ, ε÷√κ, decay γ×√κ; project's derivation) keep SignSGD's, RMSpropW's and AdamW's loss curves matched at equal SDE time when the batch grows κ-fold", KnownToFailIn = "paper")]
    public static ClaimResult RuleMatchesCurves(ResultTable<BatchScalingRule, Row> results) =>
        ClaimResult.AllOf(Groups(results, Start.NoiseDominated, Scaling.Rule)
            .Select(g => Agreement.Holm(g.Gaps, d => $"{g.Label} t={d.Time:0.###}: Δloss", d => d.Difference, _ => 0)).ToArray());

    /// <summary>
    /// Noise-dominated start, the same κ-fold batch at equal SDE time: unscaled (the base hyperparameters and steps),
    /// and for RMSpropW and AdamW with Malladi et al.'s rule, which leaves the decay unscaled — each separates from
    /// the base curve: Holm over the checkpoints rejects at least one at 5 %, in every case.
    /// </summary>
    [Claim("Unscaled, or with the square-root rule of Malladi et al. but the decay left unscaled, the κ-fold batch's loss curve separates from the base curve at equal SDE time")]
    public static ClaimResult WithoutTheRuleCurvesSeparate(ResultTable<BatchScalingRule, Row> results) =>
        ClaimResult.AllOf(Groups(results, Start.NoiseDominated, Scaling.Unscaled).Concat(Groups(results, Start.NoiseDominated, Scaling.MalladiRule))
            .Select(g => Agreement.Refuted(g.Gaps, d => $"{g.Label} t={d.Time:0.###}: Δloss", d => d.Difference, _ => 0)).ToArray());

    /// <summary>
    /// Signal-dominated start (∇f up to σ, twice the κ-fold batch's noise σ/√κ): with the rule the curves separate —
    /// Holm rejects at least one checkpoint at 5 %, for every optimizer. The project's SDEs predict it (their
    /// second-moment equation relaxes to ∇f² + σ², whose ∇f² the rule does not rescale; SignSGD's drift erf(Y) is
    /// linear in the noise only where |Y| is small); Malladi et al.'s, whose second moment relaxes to σ² alone,
    /// predict matched curves.
    /// </summary>
    [Claim("Where the gradient dominates the noise the rules fail: from a signal-dominated start the curves separate, as the project's SDEs predict and Malladi et al.'s do not")]
    public static ClaimResult SignalDominatedStartBreaksTheRule(ResultTable<BatchScalingRule, Row> results) =>
        ClaimResult.AllOf(Groups(results, Start.SignalDominated, Scaling.Rule)
            .Select(g => Agreement.Refuted(g.Gaps, d => $"{g.Label} t={d.Time:0.###}: Δloss", d => d.Difference, _ => 0)).ToArray());

    /// <summary>Per optimizer and batch factor, the scaled run's loss minus the base run's at checkpoints 1…9 (equal SDE time kη²).</summary>
    private static IEnumerable<(string Label, (double Time, Estimate Difference)[] Gaps)> Groups(ResultTable<BatchScalingRule, Row> results, Start from, Scaling run)
    {
        var rows = results.Completed.Where(r => r.Cell.From == from).ToArray();
        return rows.Where(r => r.Cell.Run == run).GroupBy(r => (r.Cell.Optimizer, r.Cell.BatchFactor)).Select(g =>
        {
            var baseline = rows.Where(r => r.Cell.Run == Scaling.Base && r.Cell.Optimizer == g.Key.Optimizer && r.Cell.BatchFactor == g.Key.BatchFactor)
                .ToDictionary(r => r.Row.Checkpoint, r => r.Row);
            var gaps = g.Where(r => r.Row.Checkpoint > 0).OrderBy(r => r.Row.Checkpoint)
                .Select(r => (baseline[r.Row.Checkpoint].SdeTime, new Estimate(r.Row.Loss, r.Row.LossError).Minus(new Estimate(baseline[r.Row.Checkpoint].Loss, baseline[r.Row.Checkpoint].LossError))))
                .ToArray();
            return ($"{g.Key.Optimizer} {run} κ={g.Key.BatchFactor}", gaps);
        });
    }

    [Figure("loss-curves")]
    public static Figure LossCurves(ResultTable<BatchScalingRule, Row> results)
    {
        var figure = new Figure("Batch ×κ with and without the scaling rules (rules: project's derivation; Malladi et al.'s square-root rule beside), mean ± SE", columns: 3);
        foreach (var from in new[] { Start.NoiseDominated, Start.SignalDominated })
            foreach (var optimizer in new[] { OptimizerKind.SignSgd, OptimizerKind.RmsPropW, OptimizerKind.AdamW })
                figure.Panel($"{optimizer}, {(from == Start.NoiseDominated ? "noise-dominated start x₀ = 1/h" : "signal-dominated start x₀ = 1")}", "SDE time kη² (log: from the first checkpoint)", "loss", Scale.Log, Scale.Log)
                    .LinesBy(results.Completed.Where(r => r.Cell.From == from && r.Cell.Optimizer == optimizer && r.Row.Checkpoint > 0), r => (r.Cell.Run, r.Cell.BatchFactor),
                        k => k.Run == Scaling.Base ? "base batch" : $"×{k.BatchFactor} {k.Run}", r => r.Row.SdeTime, r => r.Row.Loss, r => r.Row.LossError);
        return figure;
    }
}
