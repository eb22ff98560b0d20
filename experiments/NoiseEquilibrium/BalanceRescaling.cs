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
[Experiment("balance-rescaling", Version = 1,
    Title = "Rescaling symmetry: C under GD and SGD from several initial imbalances",
    Paper = "ziyin-2024")]
[Replicates(quick: 6, paper: 32)]
public sealed partial class BalanceRescaling
{
    private const int Samples = 256, Checkpoints = 20;
    private const double LabelNoise = 0.5;

    // Optimizer cases: GD (batch size 0 stands for the full batch) and SGD with B = 1 and 4.
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

    // Long enough that the slowest cell (B = 2, smallest γ) has decayed by about five e-folds at mid-run.
    [Quick(30000)]
    [Paper(80000)]
    public int Steps { get; init; }

    public sealed record Row(
        int Step,
        double Conserved,
        double Gap,
        double Loss,
        double? PredictedConserved,
        double? PredictedRate);

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
            double? rate = Dimension == 1 && Method == Method.Sgd ? PredictedRate(data, t) : null;
            rows.Add(new Row(step, Conserved(t), Gap(data, t), loss, predicted, rate));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    private static double Conserved(double[] t) => t[0] * t[0] - t.Skip(1).Sum(v => v * v);

    /// <summary>The balance the noise drives to: u²·trS = wᵀSw, S = Cov over the data of r·x at θ.</summary>
    private static double Gap(Dataset data, double[] t)
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
        double outer = t[0] * t[0] * trace;
        return (outer - quadratic) / (outer + quadratic);
    }

    /// <summary>
    /// SGD, d = 1, near the minimum (docs/noise-equilibrium.md): C' = C(1 − 4γ²m̂²), so −E ln(C'/C) ≈ 4γ²E m̂²
    /// = 4γ²(v/B)·2/(2 − as): v the variance over the data of r·x, s = mean x², a = 2γ(u² + w²) (the
    /// fluctuation of uw around its optimum adds the factor 2/(2 − as)).
    /// </summary>
    private double PredictedRate(Dataset data, double[] t)
    {
        var x = Enumerable.Range(0, data.Count).Select(i => data.Input(i)[0]).ToArray();
        var s = x.Average(v => v * v);
        var products = Summary.Of(x.Select((v, i) => (t[0] * t[1] * v - data.Target(i)[0]) * v));
        var a = 2 * LearningRate * (t[0] * t[0] + t[1] * t[1]);
        return 4 * LearningRate * LearningRate * products.StandardDeviation * products.StandardDeviation / BatchSize * 2 / (2 - a * s);
    }

    /// <summary>
    /// SGD: the gaps reached from the two opposite starts (ratio 1/4 and 4), averaged over the second half of the
    /// run, agree with zero (Holm over the starts' two-sided t-tests over replicates, family-wise 5 %). (In one
    /// dimension C never changes sign, so the two starts approach zero from opposite sides.) GD: the gap stays
    /// beyond 0.3 on the side it started (one-sided t-tests, every start). (That GD keeps C up to its O(γ²) drift
    /// holds to rounding by construction: a unit test, BalanceIdentityTests.)
    /// With 6 replicates the test has little power against the first-order theory's O(γ) residual (corrections of
    /// order a = 2γ(u² + w²) ≈ 0.1 here): the largest late gaps at d = 4, 0.044 ± 0.011 and 0.026 ± 0.006, are
    /// t ≈ 4 on 5 degrees of freedom, not significant after Holm over the 16 SGD cells (p = 0.16). The former
    /// "within 0.05 of zero" band passed them without a test.
    /// </summary>
    [Claim("SGD reaches the same noise equilibrium (gap ≈ 0) from opposite initial imbalances; GD stays unbalanced")]
    public static ClaimResult SgdReachesEquilibrium(ResultTable<BalanceRescaling, Row> results)
    {
        var starts = results.Where(r => !r.Diverged && r.Cell.InitialRatio != 1)
            .GroupBy(r => (r.Cell.Method, r.Cell.BatchSize, r.Cell.Dimension, r.Cell.LearningRate, r.Cell.InitialRatio))
            .Select(g => (g.Key, Gap: Estimate.Of(LateGap(g)))).ToArray();
        string Label((Method Method, int BatchSize, int Dimension, double LearningRate, double InitialRatio) k) =>
            $"{k.Method} B={k.BatchSize} d={k.Dimension} γ={k.LearningRate} from ratio {k.InitialRatio}: late gap";
        return ClaimResult.AllOf(
            Agreement.Holm(starts.Where(s => s.Key.Method == Method.Sgd), s => Label(s.Key), s => s.Gap, _ => 0),
            Comparison.Exceeds(starts.Where(s => s.Key.Method == Method.Gd), s => Label(s.Key) + " on its starting side",
                s => s.Key.InitialRatio < 1 ? new Estimate(-s.Gap.Value, s.Gap.StandardError, s.Gap.DegreesOfFreedom) : s.Gap, _ => 0.3));
    }

    /// <summary>Per replicate, the mean gap over the second half of the run; their mean and standard error.</summary>
    private static IEnumerable<double> LateGap(IEnumerable<Result<BalanceRescaling, Row>> group) =>
        group.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Value!.Step > r.Cell.Steps / 2).Average(r => r.Value!.Gap));

    /// <summary>
    /// In one dimension, ln|C| falls linearly; its slope over the second half of the run, averaged over
    /// replicates, agrees with 4γ²(v/B)·2/(2 − as) (Holm over the cells' two-sided t-tests over replicates,
    /// family-wise 5 %).
    /// </summary>
    [Claim("SGD's convergence rate to the equilibrium is 4γ²v/B per step (one dimension): ∝ γ², ∝ 1/B")]
    public static ClaimResult SgdRateMatchesTheory(ResultTable<BalanceRescaling, Row> results) =>
        Agreement.Holm(results.Where(r => !r.Diverged && r.Cell.Method == Method.Sgd && r.Cell.Dimension == 1 && r.Cell.InitialRatio != 1)
                .GroupBy(r => (r.Cell.BatchSize, r.Cell.LearningRate, r.Cell.InitialRatio)),
            g => $"B={g.Key.BatchSize} γ={g.Key.LearningRate} ratio {g.Key.InitialRatio}: rate", g => Estimate.Of(Rate(g)), Predicted);

    /// <summary>The predicted rate averaged over the checkpoints of the fitting window.</summary>
    private static double Predicted(IEnumerable<Result<BalanceRescaling, Row>> group) =>
        group.Where(r => r.Value!.Step >= r.Cell.Steps / 8).Average(r => r.Value!.PredictedRate!.Value);

    /// <summary>
    /// Per replicate, the least-squares slope of −ln|C| against the step, over checkpoints after the first
    /// eighth (near the minimum) while |C| stays above 1e−12 of its start (at least three); their mean and
    /// standard error.
    /// </summary>
    private static Summary Rate(IEnumerable<Result<BalanceRescaling, Row>> group) =>
        Summary.Of(group.GroupBy(r => r.Replicate).Select(run =>
        {
            var c0 = Math.Abs(run.First().Value!.Conserved);
            return run.Select(r => r.Value!).Where(r => r.Step >= run.First().Cell.Steps / 8 && Math.Abs(r.Conserved) > 1e-12 * c0)
                .Select(r => (X: (double)r.Step, Y: -Math.Log(Math.Abs(r.Conserved)))).ToArray();
        }).Where(points => points.Length >= 3).Select(points =>
        {
            double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
            return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        }));

    [Figure("conserved-quantity")]
    public static Figure ConservedQuantity(ResultTable<BalanceRescaling, Row> results)
    {
        var figure = new Figure("Ziyin et al.: C = u² − ‖w‖² from three starts (mean ± SE over replicates)", columns: 3);
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
