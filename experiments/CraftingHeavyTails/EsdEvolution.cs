using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.SingleIndex;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// Many Adam steps at a moderate learning rate — about 3.5 × (hd)^{−1/4}, the one-step spike scale: 0.1 at the
/// published size (10⁴ steps), 0.3 at the quick size d = 100 (1000 steps) — with W measured at steps 1, 2, 5,
/// 10, 20, 50, … (the spectrum changes fastest early on).
/// </summary>
[Experiment("esd-evolution", Version = 3,
    Title = "Weight spectrum over many Adam steps: Bulk+Spike turning heavy-tailed",
    Paper = "Kothapalli et al. 2024 (arXiv 2406.04657)")]
[Replicates(3, 5)]
public sealed partial class EsdEvolution
{
    [Quick(0.3)]
    [Paper(0.1)]
    public double LearningRate { get; init; }

    [Quick(1000)]
    [Paper(10000)]
    public int Steps { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    [Run]
    public IEnumerable<SpectrumRow> Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Steps, 1);
        Require.AtLeast(Dimension, 1);
        var setting = new SingleIndexSetting(context, Dimension);
        var measureAt = Enumerable.Range(0, 8).SelectMany(e => new[] { 1, 2, 5 }.Select(m => m * (int)Math.Pow(10, e)))
            .Where(step => step < Steps).Append(Steps).ToHashSet();
        return setting.TrainAndMeasure(new StudentTraining(Adam: true, LearningRate, Steps), measureAt, context);
    }

    /// <summary>
    /// Per replicate the change of the Hill alpha from step 0 to the last step, and from step 1 to the last step
    /// (same teacher, data and student: paired); both mean changes are negative by more than three standard errors
    /// of the mean over replicates.
    /// </summary>
    [Claim("Many Adam steps lower the power-law alpha of W's spectrum (a heavier tail), beyond what the first step does")]
    public static ClaimResult AlphaFalls(ResultTable<EsdEvolution, SpectrumRow> results)
    {
        var byReplicate = results.CompletedWithReplicates.GroupBy(r => r.Replicate).Select(g => g.OrderBy(r => r.Row.Step).Select(r => r.Row).ToArray()).ToArray();
        var fromStart = Statistics.Summary.Of(byReplicate.Select(rows => rows[^1].AlphaHill - rows[0].AlphaHill).ToArray());
        var fromFirst = Statistics.Summary.Of(byReplicate.Select(rows => rows[^1].AlphaHill - rows.Single(r => r.Step == 1).AlphaHill).ToArray());
        var evidence = $"Hill alpha change from step 0: {fromStart.Mean:0.000} ± {fromStart.StandardError:0.000}; from step 1: {fromFirst.Mean:0.000} ± {fromFirst.StandardError:0.000} "
                       + $"({byReplicate.Length} replicates; alpha at the end {string.Join(", ", byReplicate.Select(r => r[^1].AlphaHill.ToString("0.00")))})";
        return fromStart.Mean < -3 * fromStart.StandardError && fromFirst.Mean < -3 * fromFirst.StandardError
            ? ClaimResult.Pass(evidence) : ClaimResult.Fail(evidence);
    }

    [Figure("alpha-over-steps")]
    public static Figure AlphaOverSteps(ResultTable<EsdEvolution, SpectrumRow> results)
    {
        var rows = results.Completed.Where(r => r.Row.Step > 0).ToArray();
        var figure = new Figure("Kothapalli et al.: W's spectrum over many Adam steps (mean ± SE over seeds)");
        figure.Panel("Power-law alpha", "step", "alpha", Scale.Log)
            .MeanLinesBy(rows, _ => "Hill (median xmin)", k => k, r => r.Row.Step, r => r.Row.AlphaHill)
            .MeanLinesBy(rows, _ => "KS-optimal xmin", k => k, r => r.Row.Step, r => r.Row.AlphaKs);
        figure.Panel("Spikes beyond the MP edge", "step", "count", Scale.Log)
            .MeanLinesBy(rows, _ => "spikes", k => k, r => r.Row.Step, r => r.Row.Spikes);
        return figure;
    }
}
