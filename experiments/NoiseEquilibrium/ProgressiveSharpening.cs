using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// Progressive sharpening and flattening as one mechanism (the project's derivation, docs/noise-equilibrium.md,
/// "Sharpening and flattening"): for f(x) = u·(wᵀx) every point (u, p/u) of the minimum's orbit fits the data alike, but
/// the sharpness (top Hessian eigenvalue) along it is 2(‖p‖²/u² + u²)s (isotropic inputs, scale s), least at the balanced
/// point u² = ‖p‖, while SGD's noise drives the iterate to the noise equilibrium u⁴ = pᵀSp/trS (S the covariance of the
/// per-sample r·x), which for d inputs is u² ≈ ‖p‖/√d: sharper than the balanced point, flatter than far-out starts, and
/// of lower Hessian trace than either. Each replicate draws its data set (d = 4, 256 samples, label noise 0.5), finds
/// its least-squares slope p and starts on the minimum, balanced (u² = ‖p‖) or with u² = 4‖p‖; GD and SGD (B = 1) run
/// from there. Recorded every 1/20 of the run: the sharpness and Hessian trace at the iterate, and their values at the
/// equilibrium point (u*, p/u*) of the replicate's data (not claimed: the condition is first order in γ, and the late
/// iterate sits a few per cent on the balanced side of it, as in balance-rescaling).
/// </summary>
[Experiment("progressive-sharpening", Version = 1,
    Title = "Rescaling symmetry: SGD sharpens from the flattest minimum and flattens from an imbalanced one, toward its noise equilibrium (project's derivation)",
    Paper = "ziyin-2024")]
[Replicates(quick: 16, paper: 64)]
public sealed partial class ProgressiveSharpening
{
    private const int Samples = 256, Dimension = 4, Checkpoints = 20, PowerIterations = 100;
    private const double LabelNoise = 0.5;

    [Values(Method.Gd, Method.Sgd)]
    public Method Method { get; init; }

    /// <summary>u² over ‖p‖ at the start, on the minimum: 1 is the balanced, flattest point; 4 is out of balance.</summary>
    [Values(1.0, 4.0)]
    public double StartImbalance { get; init; }

    [Quick(0.025)]
    [Paper(0.015, 0.025)]
    public double LearningRate { get; init; }

    /// <summary>Steps × γ²: at B = 1 SGD is at its equilibrium by 1 of this time from either start, so the last half of 16 is there.</summary>
    [Values(16.0)]
    public double Duration { get; init; }

    public int Steps => Checkpoints * (int)Math.Round(Duration / (LearningRate * LearningRate * Checkpoints));

    public sealed record Row(int Step, double Conserved, double Loss, double Sharpness, double HessianTrace, double EquilibriumSharpness, double EquilibriumTrace);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(StartImbalance);
        Require.Positive(LearningRate);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Dimension, 1, anisotropy: 1, LabelNoise, context.Stream("data"));
        var model = new TwoLayerNetwork(Dimension, 1, 1);
        var slope = LeastSquaresSlope(data);
        var norm = Math.Sqrt(slope.Sum(v => v * v));
        var theta = OnOrbit(slope, Math.Sqrt(StartImbalance * norm));
        var equilibrium = OnOrbit(slope, EquilibriumScale(data, slope));
        var sharpnessStream = context.Stream("sharpness");
        var (predictedSharpness, predictedTrace) = (Trainer.Sharpness(model, data, equilibrium, sharpnessStream, PowerIterations), Trainer.HessianTrace(model, data, equilibrium));

        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? 1 : null);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, _) =>
        {
            if (step % (Steps / Checkpoints) != 0) return;
            var loss = Trainer.FullGradient(model, data, t, gradient);
            var conserved = t[0] * t[0] - t.Skip(1).Sum(v => v * v);
            rows.Add(new Row(step, conserved, loss, Trainer.Sharpness(model, data, t, sharpnessStream, PowerIterations), Trainer.HessianTrace(model, data, t),
                predictedSharpness, predictedTrace));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    /// <summary>θ = (u, p/u): the point of the minimum's orbit with output weight u.</summary>
    private static double[] OnOrbit(double[] slope, double u) => [u, .. slope.Select(p => p / u)];

    /// <summary>The least-squares slope p = (XᵀX)⁻¹Xᵀy: every (u, w) with uw = p is a minimum.</summary>
    private static double[] LeastSquaresSlope(Dataset data)
    {
        var d = data.Inputs;
        var gram = new LinearAlgebra.Matrix(d, d);
        var moment = new double[d];
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.Input(i);
            for (var j = 0; j < d; j++)
            {
                moment[j] += x[j] * data.Target(i)[0];
                for (var k = 0; k < d; k++) gram[j, k] += x[j] * x[k];
            }
        }
        return LinearAlgebra.Dense.SolvePositiveDefinite(gram, moment);
    }

    /// <summary>
    /// u* with u*²·trS = wᵀSw at w = p/u*, S the covariance over the data of r·x, r = pᵀx − y: along the orbit the function,
    /// so r and S, do not change, and the condition reads u*⁴ = pᵀSp/trS (S as at θ = (1, p)).
    /// </summary>
    private static double EquilibriumScale(Dataset data, double[] slope)
    {
        var (trace, quadratic) = BalanceRescaling.NoiseCovariance(data, [1, .. slope]);
        return Math.Pow(quadratic / trace, 0.25);
    }

    /// <summary>Per replicate the mean of a column over the second half of the run, minus its value at the start.</summary>
    private static IEnumerable<(ProgressiveSharpening Cell, Estimate Change)> LateChange(ResultTable<ProgressiveSharpening, Row> results, Func<Row, double> column) =>
        results.CompletedWithReplicates.GroupBy(r => (r.Cell.Method, r.Cell.StartImbalance, r.Cell.LearningRate)).Select(g => (g.First().Cell,
            Estimate.Of(g.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Row.Step > r.Cell.Steps / 2).Average(r => column(r.Row)) - column(run.Single(r => r.Row.Step == 0).Row)))));

    private static Estimate Fall(Estimate change) => new(-change.Value, change.StandardError, change.DegreesOfFreedom);

    private static string Label(ProgressiveSharpening c) => $"{c.Method} γ={c.LearningRate} from u²/‖p‖={c.StartImbalance}";

    /// <summary>
    /// Under SGD, from the balanced minimum the sharpness rises and from the imbalanced one it falls — per replicate its
    /// mean over the second half of the run minus its value at the start, one-sided t-tests over replicates, every γ
    /// (intersection–union) — while the Hessian trace falls from both. GD's iterate stays where it starts (its change of
    /// C is O(γ²) per step at a minimum, where its gradient vanishes), so its sharpness does not move: that holds by
    /// construction and is not claimed.
    /// </summary>
    [Claim("Under SGD the sharpness rises from the flattest (balanced) minimum and falls from an imbalanced one, while the Hessian trace falls from both (noise equilibrium: project's derivation)")]
    public static ClaimResult SharpensOrFlattensByStart(ResultTable<ProgressiveSharpening, Row> results)
    {
        var sgd = LateChange(results, r => r.Sharpness).Where(c => c.Cell.Method == Method.Sgd).ToArray();
        var trace = LateChange(results, r => r.HessianTrace).Where(c => c.Cell.Method == Method.Sgd).ToArray();
        return ClaimResult.AllOf(
            Comparison.Exceeds(sgd.Where(c => c.Cell.StartImbalance == 1), c => $"{Label(c.Cell)}: late minus initial sharpness", c => c.Change, _ => 0),
            Comparison.Exceeds(sgd.Where(c => c.Cell.StartImbalance != 1), c => $"{Label(c.Cell)}: initial minus late sharpness", c => Fall(c.Change), _ => 0),
            Comparison.Exceeds(trace, c => $"{Label(c.Cell)}: initial minus late Hessian trace", c => Fall(c.Change), _ => 0));
    }

    [Figure("sharpness")]
    public static Figure Sharpness(ResultTable<ProgressiveSharpening, Row> results)
    {
        var figure = new Figure("Ziyin et al.: rescaling symmetry, sharpness and Hessian trace from two starts on the minimum (noise equilibrium: project's derivation; mean over replicates)", columns: 2);
        var rows = results.Completed.ToArray();
        foreach (var (title, column, predicted) in new (string, Func<Row, double>, Func<Row, double>)[]
                 { ("sharpness (top Hessian eigenvalue)", r => r.Sharpness, r => r.EquilibriumSharpness), ("Hessian trace", r => r.HessianTrace, r => r.EquilibriumTrace) })
            figure.Panel(title, "step × γ²", title, Scale.Linear, Scale.Linear)
                .MeanLinesBy(rows, r => (r.Cell.Method, r.Cell.StartImbalance, r.Cell.LearningRate), k => $"{k.Method} from u²/‖p‖ = {k.StartImbalance}, γ = {k.LearningRate}",
                    r => r.Row.Step * r.Cell.LearningRate * r.Cell.LearningRate, r => column(r.Row))
                .MeanLinesBy(rows.Where(r => r.Cell.Method == Method.Sgd), _ => 0, _ => "at the predicted equilibrium", r => r.Row.Step * r.Cell.LearningRate * r.Cell.LearningRate, r => predicted(r.Row));
        return figure;
    }
}
