using ReproHeavyTails.Experiments.NoiseEquilibrium.Model;
using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// Deep linear networks W_L⋯W_1x (width 4, depth 3 and 4) on anisotropic inputs with isotropic label noise, from an
/// imbalanced start (layer scales rising from input to output), by GD and SGD. Each neighbouring pair of layers
/// has the two-layer network's symmetry, so the noise equilibrium holds between every pair; with isotropic label
/// noise it makes every hidden layer's forward representation H_l = E[h_lh_lᵀ] proportional to its backward Gram
/// B_l = (W_L⋯W_{l+1})ᵀ(W_L⋯W_{l+1}) (docs/noise-equilibrium.md, project's derivation). Recorded over time, per
/// hidden layer: their alignment ⟨H_l, B_l⟩_F/(‖H_l‖_F‖B_l‖_F), and the loss.
/// </summary>
[Experiment("deep-linear-alignment", Version = 1,
    Title = "Deep linear networks: every hidden layer's representation aligns under SGD",
    Paper = "ziyin-2024")]
[Replicates(quick: 8, paper: 32)]
public sealed partial class DeepLinearAlignment
{
    private const int Samples = 256, Width = 4, Checkpoints = 20;
    private const double LabelNoise = 0.5, InputAnisotropy = 4;

    [Values(Method.Gd, Method.Sgd)]
    [Zip("optimizer")]
    public Method Method { get; init; }

    [Values(3, 4)]
    public int Depth { get; init; }

    [Values(0.01)]
    public double LearningRate { get; init; }

    [Values(2)]
    public int BatchSize { get; init; }

    /// <summary>Steps × γ² (equilibrium-linear-net's unit): SGD's alignment settles by about 2 of 32; GD (the full batch every step) converges sooner.</summary>
    [Quick(1.6, 32.0)]
    [Paper(4.0, 64.0)]
    [Zip("optimizer")]
    public double Duration { get; init; }

    public int Steps => Checkpoints * (int)Math.Round(Duration / (LearningRate * LearningRate * Checkpoints));

    /// <summary>One row per checkpoint and hidden layer l = 1 … L − 1.</summary>
    public sealed record Row(int Step, int Layer, double Alignment, double Loss);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.AtLeast(Depth, 2);
        Require.Positive(LearningRate);
        if (Method == Method.Sgd) Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Width, Width, InputAnisotropy, LabelNoise, context.SharedStream("data"));
        var covariance = data.InputCovariance();
        var model = new DeepLinearNetwork(Width, Depth);
        // Scales from 1/2 at the input to 2 at the output: every neighbouring pair starts out of balance the same way.
        var theta = model.Initialize(context.Stream("init"), Enumerable.Range(0, Depth).Select(l => Math.Pow(4, (double)l / (Depth - 1)) / 2).ToArray());
        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? BatchSize : null);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, _) =>
        {
            if (step % (Steps / Checkpoints) != 0) return;
            var loss = Trainer.FullGradient(model, data, t, gradient);
            for (var l = 1; l < Depth; l++) rows.Add(new Row(step, l, Alignment(model, t, covariance, l), loss));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    /// <summary>⟨H_l, B_l⟩_F/(‖H_l‖_F‖B_l‖_F) with H_l = (W_l⋯W_1)Σ_x(W_l⋯W_1)ᵀ and B_l = (W_L⋯W_{l+1})ᵀ(W_L⋯W_{l+1}).</summary>
    private static double Alignment(DeepLinearNetwork model, double[] theta, double[] covariance, int l)
    {
        var n = model.Width;
        var forward = Identity(n);
        for (var k = 1; k <= l; k++) forward = Multiply(model.Layer(theta, k), forward, n);
        var backward = Identity(n);
        for (var k = l + 1; k <= model.Depth; k++) backward = Multiply(model.Layer(theta, k), backward, n);
        var h = Multiply(Multiply(forward, covariance, n), Transpose(forward, n), n);
        var b = Multiply(Transpose(backward, n), backward, n);
        double dot = 0, hh = 0, bb = 0;
        for (var k = 0; k < n * n; k++) { dot += h[k] * b[k]; hh += h[k] * h[k]; bb += b[k] * b[k]; }
        return dot / Math.Sqrt(hh * bb);
    }

    private static double[] Identity(int n) => Enumerable.Range(0, n * n).Select(k => k / n == k % n ? 1.0 : 0.0).ToArray();

    private static double[] Transpose(double[] a, int n) => Enumerable.Range(0, n * n).Select(k => a[k % n * n + k / n]).ToArray();

    private static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
                for (var j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
        return c;
    }

    /// <summary>Per replicate, the mean alignment over the last quarter of the run; their mean and standard error.</summary>
    private static Summary Late(IEnumerable<Result<DeepLinearAlignment, Row>> rows) =>
        Summary.Of(rows.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Value!.Step > 3 * r.Cell.Steps / 4).Average(r => r.Value!.Alignment)));

    /// <summary>
    /// For every depth and every hidden layer, SGD's late alignment exceeds GD's (one-sided Welch t-tests over
    /// replicates, every layer: intersection–union).
    /// </summary>
    [Claim("In deep linear networks every hidden layer's forward representation aligns with its backward Gram under SGD, not under GD (alignment: project's derivation)")]
    public static ClaimResult EveryLayerAligns(ResultTable<DeepLinearAlignment, Row> results) =>
        Comparison.Exceeds(results.Where(r => !r.Diverged).GroupBy(r => (r.Cell.Depth, r.Value!.Layer))
                .Select(g => (g.Key, Gd: Late(g.Where(r => r.Cell.Method == Method.Gd)), Sgd: Late(g.Where(r => r.Cell.Method == Method.Sgd)))),
            c => $"depth {c.Key.Depth}, layer {c.Key.Layer}: alignment SGD {c.Sgd.Mean:0.000} ± {c.Sgd.StandardError:0.000} minus GD {c.Gd.Mean:0.000} ± {c.Gd.StandardError:0.000}",
            c => Estimate.Of(c.Sgd).Minus(Estimate.Of(c.Gd)), _ => 0);

    [Figure("alignment")]
    public static Figure AlignmentFigure(ResultTable<DeepLinearAlignment, Row> results)
    {
        var figure = new Figure("Ziyin et al.: deep linear networks, alignment of each hidden layer's H_l and B_l (project's derivation; mean ± SE)");
        foreach (var g in results.Completed.GroupBy(r => r.Cell.Depth))
            figure.Panel($"depth {g.Key}", "step", "alignment")
                .MeanLinesBy(g, r => (r.Cell.Method, r.Row.Layer), k => $"{k.Method}, layer {k.Layer}", r => r.Row.Step, r => r.Row.Alignment);
        return figure;
    }
}
