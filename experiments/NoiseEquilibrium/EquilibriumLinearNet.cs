using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// A two-layer linear network UWx (4 → 4 → 4) on anisotropic inputs (covariance eigenvalues spread by φ_x)
/// with label noise, from an imbalanced start (U large, W small), by GD and SGD, with and without weight
/// decay. Recorded over time: the relative gap ‖P − Q‖/(‖P‖ + ‖Q‖) between the two sides of the noise
/// equilibrium, P = E[‖x‖²·UᵀrrᵀU] ≈ tr(Σ_x)·UᵀΣ_εU and Q = E[‖r‖²·Wxxᵀ Wᵀ] ≈ tr(Σ_ε)·WΣ_xWᵀ (docs/noise-equilibrium.md),
/// the layer norms, and at the end the sharpness (top Hessian eigenvalue).
/// </summary>
[Experiment("equilibrium-linear-net", Version = 1,
    Title = "Two-layer linear network: the noise equilibrium across input anisotropy",
    Paper = "ziyin-2024")]
[Replicates(quick: 4, paper: 16)]
public sealed partial class EquilibriumLinearNet
{
    private const int Samples = 256, Width = 4, Checkpoints = 20;

    [Values(Method.Gd, Method.Sgd)]
    public Method Method { get; init; }

    [Quick(1.0, 8.0)]
    [Paper(1.0, 2.0, 4.0, 8.0)]
    public double InputAnisotropy { get; init; }

    [Quick(0.0, 0.001)]
    [Paper(0.0, 0.001, 0.01)]
    public double WeightDecay { get; init; }

    [Values(0.02)]
    public double LearningRate { get; init; }

    [Values(2)]
    public int BatchSize { get; init; }

    [Quick(20000)]
    [Paper(100000)]
    public int Steps { get; init; }

    public sealed record Row(int Step, double Gap, double OuterNorm, double InnerNorm, double NormBalance, double Loss, double? Sharpness);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(InputAnisotropy);
        Require.NonNegative(WeightDecay);
        Require.Positive(LearningRate);
        if (Method == Method.Sgd) Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Width, Width, InputAnisotropy, noise: 0.5, context.SharedStream("data", InputAnisotropy));
        var model = new TwoLayerNetwork(Width, Width, Width);
        var theta = model.Initialize(context.Stream("init"), scaleU: 2, scaleW: 0.5);
        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? BatchSize : null, WeightDecay);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, _) =>
        {
            if (step % (Steps / Checkpoints) != 0) return;
            var loss = Trainer.FullGradient(model, data, t, gradient);
            double outer = model.U(t).ToArray().Sum(v => v * v), inner = model.W(t).ToArray().Sum(v => v * v);
            double? sharpness = step == Steps ? Trainer.Sharpness(model, data, t, context.Stream("sharpness"), 60) : null;
            rows.Add(new Row(step, Gap(model, data, t), outer, inner, (outer - inner) / (outer + inner), loss, sharpness));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    /// <summary>‖P − Q‖_F/(‖P‖_F + ‖Q‖_F) with P = E[‖x‖²UᵀrrᵀU], Q = E[‖r‖²Wxxᵀ Wᵀ] over the data at θ.</summary>
    private static double Gap(TwoLayerNetwork model, Dataset data, double[] theta)
    {
        var (h, i, o) = (model.Hidden, model.Inputs, model.Outputs);
        var u = model.U(theta).ToArray();
        var w = model.W(theta).ToArray();
        var p = new double[h * h];
        var q = new double[h * h];
        var hidden = new double[h];
        var back = new double[h];
        var r = new double[o];
        for (var s = 0; s < data.Count; s++)
        {
            var x = data.Input(s);
            var y = data.Target(s);
            double xx = 0, rr = 0;
            for (var j = 0; j < i; j++) xx += x[j] * x[j];
            for (var a = 0; a < h; a++) { hidden[a] = 0; for (var j = 0; j < i; j++) hidden[a] += w[a * i + j] * x[j]; }
            for (var k = 0; k < o; k++) { r[k] = -y[k]; for (var a = 0; a < h; a++) r[k] += u[k * h + a] * hidden[a]; rr += r[k] * r[k]; }
            for (var a = 0; a < h; a++) { back[a] = 0; for (var k = 0; k < o; k++) back[a] += u[k * h + a] * r[k]; }
            for (var a = 0; a < h; a++)
                for (var b = 0; b < h; b++)
                {
                    p[a * h + b] += xx * back[a] * back[b] / data.Count;
                    q[a * h + b] += rr * hidden[a] * hidden[b] / data.Count;
                }
        }
        double Norm(IEnumerable<double> m) => Math.Sqrt(m.Sum(v => v * v));
        return Norm(p.Zip(q, (a, b) => a - b)) / (Norm(p) + Norm(q));
    }

    /// <summary>Per replicate, the mean of a column over the second half of the run; their mean and standard error.</summary>
    private static Estimate Late(IEnumerable<Result<EquilibriumLinearNet, Row>> group, Func<Row, double> column) =>
        Estimate.Of(group.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Value!.Step > r.Cell.Steps / 2).Average(r => column(r.Value!))));

    /// <summary>
    /// Without weight decay: SGD's gap, averaged over the second half, agrees with zero (Holm over the input
    /// anisotropies' two-sided t-tests over replicates, family-wise 5 %); GD's stays above 0.3 — it conserves its
    /// initial imbalance (one-sided t-tests, every anisotropy).
    /// Known failure at the quick profile: SGD's late gaps are 0.055 ± 0.001 (φ_x = 1) and 0.081 ± 0.004 (φ_x = 8),
    /// tens of standard errors from zero — the first-order theory's O(γ) residual. The former "below 0.1" band
    /// passed them; the equilibrium is reached to first order in γ, not exactly.
    /// </summary>
    [Claim("SGD reaches the noise equilibrium tr(Σ_x)·UᵀΣ_εU = tr(Σ_ε)·WΣ_xWᵀ from an imbalanced start; GD does not", KnownToFailIn = "quick")]
    public static ClaimResult SgdReachesEquilibrium(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var gaps = results.Where(r => !r.Diverged && r.Cell.WeightDecay == 0).GroupBy(r => (r.Cell.Method, r.Cell.InputAnisotropy))
            .Select(g => (g.Key, Start: g.First().Value!.Gap, Late: Late(g, r => r.Gap))).ToArray();
        string Label((Method Method, double InputAnisotropy) k, double start) => $"{k.Method} φ_x={k.InputAnisotropy}: late gap (from {start:0.00})";
        return ClaimResult.AllOf(
            Agreement.Holm(gaps.Where(g => g.Key.Method == Method.Sgd), g => Label(g.Key, g.Start), g => g.Late, _ => 0),
            Comparison.Exceeds(gaps.Where(g => g.Key.Method == Method.Gd), g => Label(g.Key, g.Start), g => g.Late, _ => 0.3));
    }

    /// <summary>
    /// Without weight decay, SGD's late norm balance (‖U‖² − ‖W‖²)/(‖U‖² + ‖W‖²) agrees with zero for isotropic
    /// inputs (Holm, family-wise 5 %) and differs from zero for anisotropic ones (a two-sided t-test rejecting at 5 %
    /// in each). Known failure at the quick profile: with 4 replicates the anisotropic balance −0.150 ± 0.048
    /// (φ_x = 8) is t = −3.13 on 3 degrees of freedom, p = 0.052 — short of 5 %; the former "two standard errors"
    /// rule treated it as normal.
    /// </summary>
    [Claim("Under SGD the layer norms balance only for isotropic inputs", KnownToFailIn = "quick")]
    public static ClaimResult BalancedOnlyWhenIsotropic(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var balances = results.Where(r => !r.Diverged && r.Cell.WeightDecay == 0 && r.Cell.Method == Method.Sgd).GroupBy(r => r.Cell.InputAnisotropy)
            .Select(g => (Anisotropy: g.Key, Balance: Late(g, r => r.NormBalance))).ToArray();
        string Label(double anisotropy) => $"φ_x={anisotropy}: late norm balance";
        return ClaimResult.AllOf(balances.Where(b => b.Anisotropy != 1).Select(b => Agreement.Refuted([b], x => Label(x.Anisotropy), x => x.Balance, _ => 0))
            .Prepend(Agreement.Holm(balances.Where(b => b.Anisotropy == 1), b => Label(b.Anisotropy), b => b.Balance, _ => 0)).ToArray());
    }

    [Figure("equilibrium")]
    public static Figure Equilibrium(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var rows = results.Completed.Where(r => r.Cell.WeightDecay == 0).ToArray();
        var figure = new Figure("Ziyin et al.: two-layer linear net, distance to the noise equilibrium and norm balance (mean ± SE)");
        foreach (var g in rows.GroupBy(r => r.Cell.InputAnisotropy))
            figure.Panel($"Gap to equilibrium, φ_x = {g.Key}", "step", "gap", y: Scale.Log)
                .MeanLinesBy(g, r => r.Cell.Method, m => m.ToString(), r => r.Row.Step, r => r.Row.Gap);
        var lastStep = rows.Max(r => r.Row.Step);
        var last = rows.Where(r => r.Row.Step == lastStep).ToArray();
        figure.Panel("Norm balance ‖W‖²/‖U‖² at the end", "input anisotropy φ_x", "norm balance", Scale.Log)
            .MeanLinesBy(last, r => r.Cell.Method, m => m.ToString(), r => r.Cell.InputAnisotropy, r => r.Row.NormBalance);
        return figure;
    }
}
