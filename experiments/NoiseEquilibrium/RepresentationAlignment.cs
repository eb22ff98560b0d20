using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// A two-layer tanh network U·tanh(Wx) (4 → 8 → 4) on anisotropic inputs with label noise, from an
/// imbalanced start, by GD and SGD. Its linearisation has the linear network's equilibrium
/// tr(Σ_x)·UᵀΣ_εU = tr(Σ_ε)·WΣ_xWᵀ, so under SGD the two layers' representations WΣ_xWᵀ and UᵀU should
/// align. Recorded over time: their alignment ⟨WΣ_xWᵀ, UᵀU⟩_F/(‖WΣ_xWᵀ‖_F‖UᵀU‖_F) and the loss.
/// </summary>
[Experiment("representation-alignment", Version = 1,
    Title = "Tanh network: alignment of layer representations under SGD and GD",
    Paper = "ziyin-2024")]
[Replicates(quick: 6, paper: 24)]
public sealed partial class RepresentationAlignment
{
    private const int Samples = 256, Inputs = 4, Hidden = 8, Checkpoints = 10;

    [Values(Method.Gd, Method.Sgd)]
    public Method Method { get; init; }

    [Quick(4.0)]
    [Paper(1.0, 4.0, 16.0)]
    public double InputAnisotropy { get; init; }

    [Values(0.02)]
    public double LearningRate { get; init; }

    [Quick(20000)]
    [Paper(100000)]
    public int Steps { get; init; }

    public sealed record Row(int Step, double Alignment, double Loss);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(InputAnisotropy);
        Require.Positive(LearningRate);
        Require.AtLeast(Steps, Checkpoints);
        var data = Dataset.Teacher(Samples, Inputs, Inputs, InputAnisotropy, noise: 0.5, context.SharedStream("data", InputAnisotropy));
        var covariance = data.InputCovariance();
        var model = new TwoLayerNetwork(Inputs, Hidden, Inputs, tanh: true);
        var theta = model.Initialize(context.Stream("init"), scaleU: 2, scaleW: 0.5);
        var rows = new List<Row>();
        var gradient = new double[theta.Length];
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? 1 : null);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (step, t, _) =>
        {
            if (step % (Steps / Checkpoints) != 0) return;
            var inner = model.InnerGram(t, covariance);
            var outer = model.OuterGram(t);
            var dot = inner.Zip(outer, (a, b) => a * b).Sum();
            var alignment = dot / Math.Sqrt(inner.Sum(v => v * v) * outer.Sum(v => v * v));
            rows.Add(new Row(step, alignment, Trainer.FullGradient(model, data, t, gradient)));
            context.ReportProgress((double)step / Steps);
        }, context.Cancellation);
        return rows;
    }

    private static Summary Late(IEnumerable<Result<RepresentationAlignment, Row>> rows) =>
        Summary.Of(rows.GroupBy(r => r.Replicate).Select(run => run.Where(r => r.Value!.Step > r.Cell.Steps / 2).Average(r => r.Value!.Alignment)));

    /// <summary>SGD's alignment averaged over the second half of the run exceeds GD's (one-sided Welch t-tests over replicates, every input anisotropy).</summary>
    [Claim("Layer representations align under SGD and not under GD")]
    public static ClaimResult SgdAligns(ResultTable<RepresentationAlignment, Row> results) =>
        Comparison.Exceeds(results.Where(r => !r.Diverged).GroupBy(r => r.Cell.InputAnisotropy)
                .Select(g => (Anisotropy: g.Key, Gd: Late(g.Where(r => r.Cell.Method == Method.Gd)), Sgd: Late(g.Where(r => r.Cell.Method == Method.Sgd)))),
            c => $"φ_x={c.Anisotropy}: alignment SGD {c.Sgd.Mean:0.000} minus GD {c.Gd.Mean:0.000}", c => Estimate.Of(c.Sgd).Minus(Estimate.Of(c.Gd)), _ => 0);

    [Figure("alignment")]
    public static Figure AlignmentFigure(ResultTable<RepresentationAlignment, Row> results)
    {
        var figure = new Figure("Ziyin et al.: alignment of the layer representations WΣ_xWᵀ and UᵀU (mean ± SE)", columns: 1);
        figure.Panel("tanh network", "step", "alignment")
            .MeanLinesBy(results.Completed, r => r.Cell.Method, m => m.ToString(), r => r.Row.Step, r => r.Row.Alignment);
        return figure;
    }
}
