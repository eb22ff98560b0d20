using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// A two-layer linear network UWx (4 → 4 → 4) on anisotropic inputs (covariance eigenvalues spread by φ_x)
/// with label noise, from an imbalanced start (U large, W small), by GD and by SGD across learning rates.
/// Recorded over time: the gap ‖P − Q‖/(‖P‖ + ‖Q‖) between the two sides of the noise equilibrium,
/// P = E[‖x‖²·UᵀrrᵀU] ≈ tr(Σ_x)·UᵀΣ_εU and Q = E[‖r‖²·Wxxᵀ Wᵀ] ≈ tr(Σ_ε)·WΣ_xWᵀ (docs/noise-equilibrium.md), the
/// layer norms and the sharpness (top Hessian eigenvalue); for SGD over the last quarter also the gap at the
/// iterate's projection onto the minimum by gradient descent, which keeps C (up to O(η²)) but removes the
/// loss-direction fluctuations. SGD runs for a fixed time in units of γ⁻² steps, the time scale of its drift along the symmetry.
/// </summary>
[Experiment("equilibrium-linear-net", Version = 2,
    Title = "Two-layer linear network: the noise equilibrium and the sharpness across input anisotropy and learning rate",
    Paper = "ziyin-2024")]
[Replicates(quick: 12, paper: 32)]
public sealed partial class EquilibriumLinearNet
{
    private const int Samples = 256, Width = 4, Checkpoints = 20, ProjectionSteps = 300;

    // GD at one learning rate (it keeps C whatever γ); SGD across a factor 4 in γ (γ = 0.04 diverges now and then).
    [Values(Method.Gd, Method.Sgd, Method.Sgd, Method.Sgd, Method.Sgd, Method.Sgd)]
    [Zip("optimizer")]
    public Method Method { get; init; }

    [Values(0.02, 0.005, 0.0071, 0.01, 0.0141, 0.02)]
    [Zip("optimizer")]
    public double LearningRate { get; init; }

    /// <summary>
    /// Steps × γ²: SGD's drift along the symmetry moves C by O(γ²) per step, and its gap falls by e about every 0.5 of
    /// this time, so the last quarter of 8 is at the equilibrium for every γ. GD converges within a few thousand steps.
    /// </summary>
    [Quick(1.6, 8.0, 8.0, 8.0, 8.0, 8.0)]
    [Paper(4.0, 16.0, 16.0, 16.0, 16.0, 16.0)]
    [Zip("optimizer")]
    public double Duration { get; init; }

    [Quick(1.0, 8.0)]
    [Paper(1.0, 2.0, 4.0, 8.0)]
    public double InputAnisotropy { get; init; }

    [Values(2)]
    public int BatchSize { get; init; }

    public int Steps => Checkpoints * (int)Math.Round(Duration / (LearningRate * LearningRate * Checkpoints));

    /// <summary>The checkpoints of the last quarter of the run, where the claims read the equilibrium.</summary>
    private bool IsLate(int step) => step > 3 * Steps / 4;

    public sealed record Row(int Step, double Gap, double? ProjectedGap, double OuterNorm, double InnerNorm, double NormBalance, double Loss, double Sharpness);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(InputAnisotropy);
        Require.Positive(LearningRate);
        if (Method == Method.Sgd) Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Width, Width, InputAnisotropy, noise: 0.5, context.SharedStream("data", InputAnisotropy));
        var model = new TwoLayerNetwork(Width, Width, Width);
        var theta = model.Initialize(context.Stream("init"), scaleU: 2, scaleW: 0.5);
        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        var sharpnessStream = context.Stream("sharpness");
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? BatchSize : null);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, _) =>
        {
            if (step % (Steps / Checkpoints) != 0) return;
            var loss = Trainer.FullGradient(model, data, t, gradient);
            double outer = model.U(t).ToArray().Sum(v => v * v), inner = model.W(t).ToArray().Sum(v => v * v);
            var sharpness = Trainer.Sharpness(model, data, t, sharpnessStream, 60);
            double? projected = null;
            if (Method == Method.Sgd && IsLate(step))
            {
                // Gradient descent at the stable step 1/sharpness: the loss directions relax, C moves by O(η²)‖g‖² only.
                var minimum = t.ToArray();
                Trainer.Run(model, data, minimum, new TrainerSettings(1 / sharpness, ProjectionSteps), context.Stream("projection"), (_, _, _) => { }, context.Cancellation);
                projected = Gap(model, data, minimum);
            }
            rows.Add(new Row(step, Gap(model, data, t), projected, outer, inner, (outer - inner) / (outer + inner), loss, sharpness));
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

    /// <summary>Per replicate, the mean of a column over the last quarter of the run; their mean and standard error.</summary>
    private static Estimate Late(IEnumerable<Result<EquilibriumLinearNet, Row>> group, Func<Row, double> column) =>
        Estimate.Of(group.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Cell.IsLate(r.Value!.Step)).Average(r => column(r.Value!))));

    /// <summary>
    /// The late SGD gap at the projection onto the minimum (gradient descent at step 1/sharpness, which keeps C up to
    /// O(η²)‖g‖²), against γ on log-log axes: its fitted exponent's 95 % interval contains 1 and excludes ½ (per input
    /// anisotropy; ScalingExponent.Test). At small γ the residual of the first-order equilibrium is O(γ) (its
    /// position along the symmetry orbit moves and fluctuates by O(γ): docs/noise-equilibrium.md), so SGD reaches the
    /// equilibrium as γ → 0. Excluded, ½: what the loss-direction fluctuations (∝ √γ) would give; the gap at the
    /// iterate itself mixes both (fitted exponents 0.80 and 0.85 on the stored artifact, docs/noise-equilibrium.md). And GD keeps its
    /// imbalance: its late gap stays above 0.3 (one-sided t-tests, every anisotropy). This replaces the claim that
    /// the late gap at one γ agrees with zero, a known failure: it was 0.055 ± 0.001, the O(γ) residual.
    /// </summary>
    [Claim("SGD's residual gap to the noise equilibrium tr(Σ_x)·UᵀΣ_εU = tr(Σ_ε)·WΣ_xWᵀ (project's derivation) vanishes ∝ γ: it reaches it as γ → 0; GD keeps its imbalance")]
    public static ClaimResult ResidualGapLinearInGamma(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var completed = results.Where(r => !r.Diverged).ToArray();
        return ClaimResult.AllOf(
            ScalingExponent.Test(completed.Where(r => r.Cell.Method == Method.Sgd).GroupBy(r => (r.Cell.InputAnisotropy, r.Cell.LearningRate))
                    .Select(g => (g.Key.InputAnisotropy, Point: (X: g.Key.LearningRate, Y: Late(g, r => r.ProjectedGap!.Value)))).GroupBy(p => p.InputAnisotropy, p => p.Point),
                a => $"φ_x={a}: late gap at the minimum against γ", _ => 1, _ => 0.5),
            Comparison.Exceeds(completed.Where(r => r.Cell.Method == Method.Gd).GroupBy(r => r.Cell.InputAnisotropy),
                g => $"Gd φ_x={g.Key}: late gap (from {g.Where(r => r.Value!.Step == 0).Average(r => r.Value!.Gap):0.00})", g => Late(g, r => r.Gap), _ => 0.3));
    }

    /// <summary>
    /// SGD's late norm balance (‖U‖² − ‖W‖²)/(‖U‖² + ‖W‖²), per replicate averaged over the learning rates (each
    /// replicate has one data set, which sets most of it), agrees with zero for isotropic inputs (a two-sided t-test,
    /// 5 %) and differs from zero for anisotropic ones (a two-sided t-test rejecting at 5 % in each).
    /// Formerly a known failure at the quick profile with 4 replicates at one γ (t = −3.13 on 3 degrees of freedom).
    /// </summary>
    [Claim("Under SGD the layer norms balance only for isotropic inputs")]
    public static ClaimResult BalancedOnlyWhenIsotropic(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var balances = results.Where(r => !r.Diverged && r.Cell.Method == Method.Sgd).GroupBy(r => r.Cell.InputAnisotropy)
            .Select(g => (Anisotropy: g.Key, Balance: Estimate.Of(g.GroupBy(r => r.Replicate)
                .Select(run => run.GroupBy(r => r.Cell.LearningRate).Average(cell => cell.Where(r => r.Cell.IsLate(r.Value!.Step)).Average(r => r.Value!.NormBalance)))))).ToArray();
        string Label(double anisotropy) => $"φ_x={anisotropy}: late norm balance";
        return ClaimResult.AllOf(balances.Where(b => b.Anisotropy != 1).Select(b => Agreement.Refuted([b], x => Label(x.Anisotropy), x => x.Balance, _ => 0))
            .Prepend(Agreement.Holm(balances.Where(b => b.Anisotropy == 1), b => Label(b.Anisotropy), b => b.Balance, _ => 0)).ToArray());
    }

    /// <summary>
    /// Progressive flattening: under SGD the sharpness keeps falling through the run — per replicate its
    /// value at the first checkpoint (a twentieth of the run) minus its late mean exceeds zero (one-sided paired
    /// t-tests, every (γ, φ_x)) — and ends below GD's, which stays at its imbalanced minimum's (one-sided Welch
    /// t-tests, every (γ, φ_x)). The noise drives the imbalanced start toward the equilibrium, which is flatter; a
    /// start flatter than the equilibrium, from which SGD sharpens, is progressive-sharpening's.
    /// Recorded as failing at the paper profile in one of its 20 cells: the paper's runs are twice as long (γ²·steps =
    /// 16), so their first checkpoint comes at 0.8 instead of 0.4, about 1.6 e-folds into the approach, and at γ = 0.02,
    /// φ_x = 2 the fall left after it is 0.19 ± 0.13 (t = 1.41, p = 0.084); in the other 19 it is 2.2–9.4 SE, and SGD
    /// ends below GD in all 20 (docs/paper-scale.md).
    /// </summary>
    [Claim("Under SGD the sharpness falls progressively from the first checkpoint to the late window, to below GD's (progressive flattening)", KnownToFailIn = "paper")]
    public static ClaimResult ProgressiveFlattening(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var completed = results.Where(r => !r.Diverged).ToArray();
        var gd = completed.Where(r => r.Cell.Method == Method.Gd).GroupBy(r => r.Cell.InputAnisotropy).ToDictionary(g => g.Key, g => Late(g, r => r.Sharpness));
        var sgd = completed.Where(r => r.Cell.Method == Method.Sgd).GroupBy(r => (r.Cell.LearningRate, r.Cell.InputAnisotropy)).Select(g => (g.Key,
            Drop: Estimate.Of(g.GroupBy(r => r.Replicate).Select(run =>
                run.Single(r => r.Value!.Step == r.Cell.Steps / Checkpoints).Value!.Sharpness - run.Where(r => r.Cell.IsLate(r.Value!.Step)).Average(r => r.Value!.Sharpness))),
            Late: Late(g, r => r.Sharpness), FirstLoss: g.Where(r => r.Value!.Step == r.Cell.Steps / Checkpoints).Average(r => r.Value!.Loss),
            LateLoss: g.Where(r => r.Cell.IsLate(r.Value!.Step)).Average(r => r.Value!.Loss))).ToArray();
        string Label((double LearningRate, double InputAnisotropy) k) => $"Sgd γ={k.LearningRate} φ_x={k.InputAnisotropy}";
        return ClaimResult.AllOf(
            Comparison.Exceeds(sgd, c => $"{Label(c.Key)} (loss {c.FirstLoss:0.0000} at the first checkpoint, {c.LateLoss:0.0000} late): sharpness there minus late", c => c.Drop, _ => 0),
            Comparison.Exceeds(sgd, c => $"{Label(c.Key)}: late sharpness GD {gd[c.Key.InputAnisotropy]} minus SGD {c.Late}", c => gd[c.Key.InputAnisotropy].Minus(c.Late), _ => 0));
    }

    [Figure("equilibrium")]
    public static Figure Equilibrium(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Ziyin et al.: two-layer linear net, gap to the noise equilibrium (its condition: project's derivation; mean ± SE)");
        foreach (var g in rows.GroupBy(r => r.Cell.InputAnisotropy))
            figure.Panel($"Gap over time, φ_x = {g.Key}", "step × γ²", "gap", y: Scale.Log)
                .MeanLinesBy(g, r => (r.Cell.Method, r.Cell.LearningRate), k => $"{k.Method} γ = {k.LearningRate}", r => r.Row.Step * r.Cell.LearningRate * r.Cell.LearningRate, r => r.Row.Gap);
        foreach (var g in results.Where(r => !r.Diverged && r.Cell.Method == Method.Sgd).GroupBy(r => r.Cell.InputAnisotropy))
        {
            var cells = g.GroupBy(r => r.Cell.LearningRate).Select(c => (Gamma: c.Key, AtIterate: Late(c, r => r.Gap), AtMinimum: Late(c, r => r.ProjectedGap!.Value))).ToArray();
            figure.Panel($"SGD's late gap against γ, φ_x = {g.Key}", "learning rate γ", "late gap", Scale.Log, Scale.Log)
                .PointsBy(cells, _ => "at the iterate", l => l, c => c.Gamma, c => c.AtIterate.Value, c => c.AtIterate.StandardError)
                .PointsBy(cells, _ => "at its projection onto the minimum", l => l, c => c.Gamma, c => c.AtMinimum.Value, c => c.AtMinimum.StandardError)
                .Line("∝ γ", cells.Select(c => c.Gamma).ToArray(), cells.Select(c => cells.Max(x => x.AtMinimum.Value) * c.Gamma / cells.Max(x => x.Gamma)).ToArray());
        }
        return figure;
    }

    [Figure("sharpness")]
    public static Figure SharpnessFigure(ResultTable<EquilibriumLinearNet, Row> results)
    {
        var figure = new Figure("Ziyin et al.: two-layer linear net, sharpness (top Hessian eigenvalue) over training (mean ± SE)");
        foreach (var g in results.Completed.Where(r => r.Row.Step > 0).GroupBy(r => r.Cell.InputAnisotropy))
            figure.Panel($"φ_x = {g.Key}", "step × γ²", "sharpness", y: Scale.Log)
                .MeanLinesBy(g, r => (r.Cell.Method, r.Cell.LearningRate), k => $"{k.Method} γ = {k.LearningRate}", r => r.Row.Step * r.Cell.LearningRate * r.Cell.LearningRate, r => r.Row.Sharpness);
        return figure;
    }
}
