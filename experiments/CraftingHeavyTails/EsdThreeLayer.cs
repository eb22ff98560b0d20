using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// A three-layer student (<see cref="ThreeLayerStudent"/>, the project's extension: the official code stops at two
/// layers) on Kothapalli et al.'s single-index task: ten full-batch Adam steps at η = 1 on both hidden layers, the
/// spectra of W₁ (h × d) and W₂ (h × h) measured at steps 0, 1 and 10.
/// </summary>
[Experiment("esd-three-layer", Version = 1,
    Title = "Weight spectra of both hidden layers of a three-layer network after ten Adam steps",
    Paper = "kothapalli-2024")]
[Replicates(3, 5)]
public sealed partial class EsdThreeLayer
{
    public const double LearningRate = 1;

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    /// <summary>One layer's spectrum: Hill alpha, moment-fit spikes, λ_max, and for W₁ the teacher overlap of its top right singular vector.</summary>
    public sealed record Row(int Step, string Layer, double AlphaHill, double AlphaHillError, int Spikes, double LambdaMax, double? Overlap);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.AtLeast(Dimension, 1);
        var setting = new SingleIndexSetting(context, Dimension);
        var student = ThreeLayerStudent.Draw(SingleIndexSetting.HiddenUnits(Dimension), Dimension, context.SharedStream("three-layer student", Dimension));
        var rows = Measure(0, student, setting.Teacher).ToList();
        student.Train(setting.Train, adam: true, LearningRate, EsdLearningRateSweep.Steps, step =>
        {
            if (step is 1 or EsdLearningRateSweep.Steps) rows.AddRange(Measure(step, student, setting.Teacher));
        }, context.Cancellation);
        return rows;
    }

    private static IEnumerable<Row> Measure(int step, ThreeLayerStudent student, SingleIndexTeacher teacher)
    {
        var (values, vectors) = Esd.Decompose(student.First, vectors: true);
        var first = Esd.Measure(values, student.Hidden, student.Dimension);
        yield return new Row(step, "W1", first.AlphaHill, first.AlphaHillError, first.Spikes, first.LambdaMax, Esd.TopOverlap(vectors!, teacher.Direction));
        var second = Esd.Measure(Esd.Eigenvalues(student.Second), student.Hidden, student.Hidden);
        yield return new Row(step, "W2", second.AlphaHill, second.AlphaHillError, second.Spikes, second.LambdaMax, null);
    }

    /// <summary>
    /// Both trained layers turn heavier-tailed: per replicate the Hill alpha after ten steps minus at step 0 is
    /// negative, for W₁ and for W₂ (one-sided paired t-tests, both layers). The evidence gives the spikes after
    /// one and ten steps and W₁'s teacher overlap.
    /// </summary>
    [Claim("In a three-layer network ten large Adam steps lower the Hill alpha of both hidden layers (project's extension)")]
    public static ClaimResult BothLayersHeavyTailed(ResultTable<EsdThreeLayer, Row> results)
    {
        var byLayer = results.CompletedWithReplicates.GroupBy(r => (r.Row.Layer, r.Cell.Dimension)).ToArray();
        double At(IEnumerable<(EsdThreeLayer Cell, int Replicate, Row Row)> rows, int step, Func<Row, double> value) => value(rows.Single(r => r.Row.Step == step).Row);
        var result = Comparison.Below(byLayer, g => $"{g.Key.Layer} d={g.Key.Dimension}: Hill alpha at step 10 minus at step 0, paired",
            g => Estimate.Of(g.GroupBy(r => r.Replicate).Select(rep => At(rep, EsdLearningRateSweep.Steps, r => r.AlphaHill) - At(rep, 0, r => r.AlphaHill))), _ => 0);
        var table = byLayer.Select(g => $"{g.Key.Layer}: spikes {g.Where(r => r.Row.Step == 1).Average(r => r.Row.Spikes):0.0} after one step, "
            + $"{g.Where(r => r.Row.Step == EsdLearningRateSweep.Steps).Average(r => r.Row.Spikes):0.0} after ten"
            + (g.Key.Layer == "W1" ? $", overlap {g.Where(r => r.Row.Step == 1).Average(r => r.Row.Overlap!.Value):0.00} after one step" : ""));
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", table) };
    }

    [Figure("three-layer")]
    public static Figure ThreeLayer(ResultTable<EsdThreeLayer, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Three-layer student (project's extension), Adam η = 1 (mean ± SE over seeds)", columns: 2);
        figure.Panel("Hill alpha", "step", "alpha (median xmin)")
            .MeanLinesBy(rows, r => r.Row.Layer, l => l, r => r.Row.Step, r => r.Row.AlphaHill);
        figure.Panel("Spikes beyond the MP edge (moment fit)", "step", "count")
            .MeanLinesBy(rows, r => r.Row.Layer, l => l, r => r.Row.Step, r => r.Row.Spikes);
        return figure;
    }
}
