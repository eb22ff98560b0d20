using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// The rescaling symmetry f(x) = u·(wᵀx), (u, w) → (e^λu, e^{−λ}w): gradient flow conserves C = u² − ‖w‖².
/// From several initial imbalances, GD and SGD are run and C and the equilibrium gap
/// g = (u²·trS − wᵀSw)/(u²·trS + wᵀSw), S the covariance over the data of the per-sample r·x (≈ σ²Σ_x near
/// the minimum), are recorded every 1/20 of the run (docs/noise-equilibrium.md).
/// </summary>
[Experiment("balance-rescaling", Version = 2,
    Title = "Rescaling symmetry: C under GD and SGD from several initial imbalances",
    Paper = "ziyin-2024")]
// The rate claim separates two predictions 10–40 % apart with per-replicate ratios good to 2–5 %, and the late gaps
// from opposite starts are compared at d = 4: 32 replicates. SGD runs cost little; GD runs (the full batch) are short.
[Replicates(quick: 32, paper: 128)]
public sealed partial class BalanceRescaling
{
    private const int Samples = 256, Checkpoints = 20;
    private const double LabelNoise = 0.5;

    // Optimizer cases: GD (batch size 0 stands for the full batch) and SGD with B = 1 and 2.
    [Values(Method.Gd, Method.Sgd, Method.Sgd)]
    [Zip("optimizer")]
    public Method Method { get; init; }

    [Values(0, 1, 2)]
    [Zip("optimizer")]
    public int BatchSize { get; init; }

    [Quick(1, 4)]
    [Paper(1, 4, 16)]
    public int Dimension { get; init; }

    // Single-sample steps of size 2γu²x² with Gaussian x are occasionally huge: γ ≥ 0.1 diverges for B = 1.
    [Quick(0.025, 0.035)]
    [Paper(0.015, 0.025, 0.035)]
    public double LearningRate { get; init; }

    /// <summary>Initial |u| over the initial ‖w‖: 1/4 and 4 start far out of balance on either side.</summary>
    [Values(0.25, 1.0, 4.0)]
    public double InitialRatio { get; init; }

    // SGD: long enough that the slowest cell (B = 2, smallest γ) has decayed by about five e-folds at mid-run.
    // GD reaches its minimum within a hundred steps and then keeps C.
    [Quick(1000, 30000, 30000)]
    [Paper(4000, 80000, 80000)]
    [Zip("optimizer")]
    public int Steps { get; init; }

    public sealed record Row(
        int Step,
        double Conserved,
        double Gap,
        double Loss,
        double? PredictedConserved,
        double? PredictedRate,
        double? FirstOrderRate);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        if (Method == Method.Sgd) Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Dimension, 1);
        Require.Positive(LearningRate);
        Require.Positive(InitialRatio);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Dimension, 1, anisotropy: 1, LabelNoise, context.SharedStream("data", Dimension));
        var model = new TwoLayerNetwork(Dimension, 1, 1);
        var rng = context.Stream("init");
        var theta = new double[1 + Dimension];
        theta[0] = Math.Sqrt(InitialRatio);
        for (var j = 0; j < Dimension; j++) theta[1 + j] = rng.NextGaussian();
        var wNorm = Math.Sqrt(theta.Skip(1).Sum(v => v * v));
        for (var j = 0; j < Dimension; j++) theta[1 + j] /= wNorm * Math.Sqrt(InitialRatio);

        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? BatchSize : null);
        var moments = Dimension == 1 && Method == Method.Sgd ? RateMoments.Of(data) : null;
        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        double? predicted = Method == Method.Gd ? Conserved(theta) : null;
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, g) =>
        {
            // Any step θ' = θ − γg with u·g_u = wᵀg_w (the symmetry) gives C' = C + γ²(g_u² − ‖g_w‖²) exactly.
            if (predicted is { } c && step > 0)
                predicted = c + LearningRate * LearningRate * (g[0] * g[0] - g.Skip(1).Sum(v => v * v));
            if (step % (Steps / Checkpoints) != 0) return;
            var loss = Trainer.FullGradient(model, data, t, gradient);
            rows.Add(new Row(step, Conserved(t), Gap(data, t), loss, predicted, moments?.Rate(LearningRate, BatchSize, t[0], t[1]), moments?.FirstOrderRate(LearningRate, BatchSize)));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    /// <summary>
    /// The data's side of the rate in one dimension (docs/noise-equilibrium.md): s = mean x², κ₄ = Var x²/s², and
    /// v = Var(r·x) at the least-squares slope p* (where the mean of r·x vanishes), r = p*x − y.
    /// </summary>
    private sealed record RateMoments(double Curvature, double Kurtosis, double Noise)
    {
        public static RateMoments Of(Dataset data)
        {
            var (x, y) = (data.X, data.Y);
            var slope = x.Zip(y, (a, b) => a * b).Sum() / x.Sum(a => a * a);
            var s = x.Average(a => a * a);
            return new RateMoments(s, x.Average(a => a * a * a * a) / (s * s) - 1, x.Zip(y, (a, b) => Math.Pow((slope * a - b) * a, 2)).Average());
        }

        /// <summary>4γ²v/B: the drift of C's logarithm with the product uw held at its optimum.</summary>
        public double FirstOrderRate(double gamma, int batch) => 4 * gamma * gamma * Noise / batch;

        /// <summary>
        /// −E ln(C'/C) per step at (u, w): 4γ²(v/B)·2/(2 − αs(1 + κ₄/B)), α = 2γ(u² + w²) — the fluctuation of uw around
        /// its optimum, driven by the noise and amplified by the per-sample spread of x², adds the second factor.
        /// </summary>
        public double Rate(double gamma, int batch, double u, double w)
        {
            var alpha = 2 * gamma * (u * u + w * w);
            return FirstOrderRate(gamma, batch) * 2 / (2 - alpha * Curvature * (1 + Kurtosis / batch));
        }
    }

    private static double Conserved(double[] t) => t[0] * t[0] - t.Skip(1).Sum(v => v * v);

    /// <summary>The balance the noise drives to: u²·trS = wᵀSw, S = Cov over the data of r·x at θ.</summary>
    private static double Gap(Dataset data, double[] t)
    {
        var (trace, quadratic) = NoiseCovariance(data, t);
        double outer = t[0] * t[0] * trace;
        return (outer - quadratic) / (outer + quadratic);
    }

    /// <summary>trS and wᵀSw at θ = (u, w), S the covariance over the data of the per-sample r·x, r = u·wᵀx − y.</summary>
    internal static (double Trace, double Quadratic) NoiseCovariance(Dataset data, double[] t)
    {
        var d = data.Inputs;
        var products = new double[data.Count * d];
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.Input(i);
            var f = 0.0;
            for (var j = 0; j < d; j++) f += t[0] * t[1 + j] * x[j];
            var r = f - data.Target(i)[0];
            for (var j = 0; j < d; j++) products[i * d + j] = r * x[j];
        }
        var mean = new double[d];
        for (var i = 0; i < data.Count; i++)
            for (var j = 0; j < d; j++) mean[j] += products[i * d + j] / data.Count;
        double trace = 0, quadratic = 0;
        for (var i = 0; i < data.Count; i++)
        {
            double along = 0;
            for (var j = 0; j < d; j++)
            {
                var c = products[i * d + j] - mean[j];
                trace += c * c / data.Count;
                along += t[1 + j] * c;
            }
            quadratic += along * along / data.Count;
        }
        return (trace, quadratic);
    }

    /// <summary>
    /// SGD, d > 1: the gaps reached from the two opposite starts (ratio 1/4 and 4), averaged over the second half of
    /// the run, agree with each other — one fixed point whatever the initial imbalance (Holm over the (B, γ) cells'
    /// two-sided Welch tests of their difference, family-wise 5 %). GD: from every start out of balance (a mean gap
    /// beyond ±0.5 at step 0) the gap stays beyond 0.3 on that side (one-sided t-tests). The start's gap, not its ratio,
    /// decides: at d = 16 the ratio-¼ start has u²·trS ≈ wᵀSw, a gap of −0.14, already near balance. (That GD keeps C up
    /// to its O(γ²) drift holds to rounding by construction: a unit test, IdentityTests.)
    /// Not "agree with zero": the equilibrium condition is first order in γ, and with 32 replicates the late gaps at
    /// B = 2, d = 4 (≈ 0.0145 and 0.0143 from the two starts) are 3–5 standard errors from zero; equilibrium-linear-net measures how
    /// that residual scales with γ. In one dimension C never changes sign: the two starts approach zero from opposite
    /// sides geometrically, at the rate SgdRateMatchesTheory tests, so their late gaps differ until C has decayed.
    /// </summary>
    [Claim("SGD reaches the same noise equilibrium from opposite initial imbalances; GD stays unbalanced")]
    public static ClaimResult SgdReachesEquilibrium(ResultTable<BalanceRescaling, Row> results)
    {
        var starts = results.Where(r => !r.Diverged && r.Cell.InitialRatio != 1)
            .GroupBy(r => (r.Cell.Method, r.Cell.BatchSize, r.Cell.Dimension, r.Cell.LearningRate, r.Cell.InitialRatio))
            .Select(g => (g.Key, Gap: Estimate.Of(LateGap(g)), Initial: g.Where(r => r.Value!.Step == 0).Average(r => r.Value!.Gap))).ToArray();
        var pairs = starts.Where(s => s.Key.Method == Method.Sgd && s.Key.Dimension > 1 && s.Key.InitialRatio > 1)
            .Select(high => (high.Key, High: high.Gap, Low: starts.Single(s => s.Key == high.Key with { InitialRatio = 1 / high.Key.InitialRatio }).Gap));
        return ClaimResult.AllOf(
            Agreement.Holm(pairs, p => $"Sgd B={p.Key.BatchSize} d={p.Key.Dimension} γ={p.Key.LearningRate}: late gap from ratio {p.Key.InitialRatio} {p.High}, from {1 / p.Key.InitialRatio} {p.Low}; difference",
                p => p.High.Minus(p.Low), _ => 0),
            Comparison.Exceeds(starts.Where(s => s.Key.Method == Method.Gd && Math.Abs(s.Initial) >= 0.5),
                s => $"Gd d={s.Key.Dimension} γ={s.Key.LearningRate} from ratio {s.Key.InitialRatio} (gap {s.Initial:0.00} at the start): late gap on its starting side",
                s => s.Initial < 0 ? new Estimate(-s.Gap.Value, s.Gap.StandardError, s.Gap.DegreesOfFreedom) : s.Gap, _ => 0.3));
    }

    /// <summary>Per replicate, the mean gap over the second half of the run; their mean and standard error.</summary>
    private static IEnumerable<double> LateGap(IEnumerable<Result<BalanceRescaling, Row>> group) =>
        group.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Value!.Step > r.Cell.Steps / 2).Average(r => r.Value!.Gap));

    /// <summary>
    /// In one dimension C' = C(1 − 4γ²m̂²) exactly, so ln|C| falls linearly. Per replicate (each has its own data set,
    /// so its own v, s and κ₄), its slope after the first eighth of the run over the rate
    /// 4γ²(v/B)·2/(2 − αs(1 + κ₄/B)) of docs/noise-equilibrium.md agrees with 1 (Holm over the cells' two-sided t-tests
    /// over replicates, family-wise 5 %); and the slope over the first-order rate 4γ²v/B — the former title's
    /// formula, which leaves out the fluctuation of uw around its optimum — differs from 1 in at least one cell
    /// (Agreement.Refuted, 5 %). Recorded as failing at the paper profile: with 128 replicates of 80000 steps the
    /// ratio to the prediction is resolved at 1.002–1.005 for B = 1 and 0.999–1.003 for B = 2 (largest t = 3.19, B = 2,
    /// γ = 0.025, Holm p = 0.022) — the formula's next-order remainder, a few tenths of a per cent against the 6–16 %
    /// by which it corrects the first order (docs/paper-scale.md).
    /// </summary>
    [Claim("SGD's rate to the equilibrium in one dimension is 4γ²(v/B)·2/(2 − αs(1 + κ₄/B)) per step, not the first-order 4γ²v/B (project's derivation)", KnownToFailIn = "paper")]
    public static ClaimResult SgdRateMatchesTheory(ResultTable<BalanceRescaling, Row> results)
    {
        var cells = RateCells(results).ToArray();
        return ClaimResult.AllOf(
            Agreement.Holm(cells, c => c.Label + ": measured/predicted rate", c => Estimate.Of(c.Runs.Select(r => r.Slope / r.Predicted)), _ => 1),
            Agreement.Refuted(cells, c => c.Label + ": measured/first-order rate", c => Estimate.Of(c.Runs.Select(r => r.Slope / r.FirstOrder)), _ => 1));
    }

    /// <summary>
    /// Per (B, γ, start) in one dimension under SGD, per replicate: the least-squares slope of −ln|C| against the step
    /// over the checkpoints after the first eighth (near the minimum) while |C| stays above 1e−12 of its start (at
    /// least three), the predicted rate averaged over the same checkpoints, and the first-order rate.
    /// </summary>
    private static IEnumerable<(string Label, double Gamma, int Batch, double Ratio, (double Slope, double Predicted, double FirstOrder)[] Runs)> RateCells(
        ResultTable<BalanceRescaling, Row> results) =>
        results.Where(r => !r.Diverged && r.Cell.Method == Method.Sgd && r.Cell.Dimension == 1 && r.Cell.InitialRatio != 1)
            .GroupBy(r => (r.Cell.BatchSize, r.Cell.LearningRate, r.Cell.InitialRatio))
            .Select(g => ($"B={g.Key.BatchSize} γ={g.Key.LearningRate} ratio {g.Key.InitialRatio}", g.Key.LearningRate, g.Key.BatchSize, g.Key.InitialRatio,
                g.GroupBy(r => r.Replicate).Select(run =>
                {
                    var c0 = Math.Abs(run.First().Value!.Conserved);
                    return run.Select(r => r.Value!).Where(r => r.Step >= run.First().Cell.Steps / 8 && Math.Abs(r.Conserved) > 1e-12 * c0).ToArray();
                }).Where(points => points.Length >= 3).Select(points =>
                {
                    double mx = points.Average(p => p.Step), my = points.Average(p => -Math.Log(Math.Abs(p.Conserved)));
                    var slope = points.Sum(p => (p.Step - mx) * (-Math.Log(Math.Abs(p.Conserved)) - my)) / points.Sum(p => (p.Step - mx) * (p.Step - mx));
                    return (slope, points.Average(p => p.PredictedRate!.Value), points[0].FirstOrderRate!.Value);
                }).ToArray()));

    /// <summary>The measured and predicted rates in units of each replicate's first-order 4γ²v/B, against γ.</summary>
    [Figure("rate")]
    public static Figure RateFigure(ResultTable<BalanceRescaling, Row> results)
    {
        var cells = RateCells(results).Select(c => (c.Gamma, c.Batch, c.Ratio, Measured: Summary.Of(c.Runs.Select(r => r.Slope / r.FirstOrder)),
            Predicted: c.Runs.Average(r => r.Predicted / r.FirstOrder))).ToArray();
        var figure = new Figure("Rate of |C| → 0 in one dimension over the first-order 4γ²v/B (project's derivation; mean ± SE over replicates)");
        foreach (var g in cells.GroupBy(c => c.Batch))
            figure.Panel($"SGD, B = {g.Key}", "learning rate γ", "rate / (4γ²v/B)")
                .PointsBy(g, c => c.Ratio, ratio => $"measured, start |u|/‖w‖ = {ratio}", c => c.Gamma, c => c.Measured.Mean, c => c.Measured.StandardError)
                .LinesBy(g, c => c.Ratio, ratio => $"predicted 2/(2 − αs(1 + κ₄/B)), start {ratio}", c => c.Gamma, c => c.Predicted)
                .HorizontalLine(1, "first order");
        return figure;
    }

    [Figure("conserved-quantity")]
    public static Figure ConservedQuantity(ResultTable<BalanceRescaling, Row> results)
    {
        var figure = new Figure("Ziyin et al.: C = u² − ‖w‖² from three starts; GD's predicted C from its exact O(γ²) drift, project's derivation (mean ± SE over replicates)", columns: 3);
        var first = results.Completed.Select(r => (r.Cell.Dimension, r.Cell.LearningRate)).Min();
        foreach (var g in results.Completed.Where(r => (r.Cell.Dimension, r.Cell.LearningRate) == first).GroupBy(r => (r.Cell.Method, r.Cell.BatchSize)))
        {
            var panel = figure.Panel($"{g.Key.Method}{(g.Key.Method == Method.Sgd ? $", B = {g.Key.BatchSize}" : "")} (d = {first.Dimension}, γ = {first.LearningRate})", "step", "C");
            panel.MeanLinesBy(g, r => r.Cell.InitialRatio, ratio => $"start |u|/‖w‖ = {ratio}", r => r.Row.Step, r => r.Row.Conserved);
            var predicted = g.Where(r => r.Row.PredictedConserved is not null).ToArray();
            panel.MeanLinesBy(predicted, r => r.Cell.InitialRatio, _ => "predicted", r => r.Row.Step, r => r.Row.PredictedConserved!.Value);
        }
        return figure;
    }
}
