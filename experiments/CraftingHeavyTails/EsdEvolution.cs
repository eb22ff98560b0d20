using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// Many Adam steps at a moderate learning rate — about 3.5 × (hd)^{−1/4}, the one-step spike scale: 0.1 at the
/// published size (10⁴ steps), 0.3 at the quick size d = 100 (1000 steps) — with W measured at steps 1, 2, 5,
/// 10, 20, 50, … (the spectrum changes fastest early on).
/// </summary>
[Experiment("esd-evolution", Version = 4,
    Title = "Weight spectrum over many Adam steps: Bulk+Spike turning heavy-tailed",
    Paper = "kothapalli-2024")]
[Replicates(3, 5)]
public sealed partial class EsdEvolution
{
    [Quick(0.3)]
    [Paper(0.1)]
    public double LearningRate { get; init; }

    // Nothing before a step depends on how many follow (constant rate, fixed measurement steps): a spot-check runs 100.
    [Quick(1000)]
    [Paper(10000)]
    [Horizon(nameof(SpectrumRow.Step), spotCheckAt: 100)]
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
    /// (same teacher, data and student: paired); both mean changes are negative (one-sided paired t-tests over
    /// replicates, both at 5 %).
    /// </summary>
    [Claim("Many Adam steps lower the power-law alpha of W's spectrum (a heavier tail), beyond what the first step does")]
    public static ClaimResult AlphaFalls(ResultTable<EsdEvolution, SpectrumRow> results)
    {
        var byReplicate = results.CompletedWithReplicates.GroupBy(r => r.Replicate).Select(g => g.OrderBy(r => r.Row.Step).Select(r => r.Row).ToArray()).ToArray();
        var changes = new (string Label, Estimate Change)[]
        {
            ("Hill alpha at the end minus at step 0", Estimate.Of(byReplicate.Select(rows => rows[^1].AlphaHill - rows[0].AlphaHill))),
            ("Hill alpha at the end minus at step 1", Estimate.Of(byReplicate.Select(rows => rows[^1].AlphaHill - rows.Single(r => r.Step == 1).AlphaHill))),
        };
        var result = Comparison.Below(changes, c => c.Label, c => c.Change, _ => 0);
        return result with { Evidence = result.Evidence + $" ({byReplicate.Length} replicates, paired; alpha at the end {string.Join(", ", byReplicate.Select(r => r[^1].AlphaHill.ToString("0.00")))})" };
    }

    [Figure("alpha-over-steps")]
    public static Figure AlphaOverSteps(ResultTable<EsdEvolution, SpectrumRow> results)
    {
        var rows = results.Completed.Where(r => r.Row.Step > 0).ToArray();
        var figure = new Figure("Kothapalli et al.: W's spectrum over many Adam steps (mean ± SE over seeds)");
        figure.Panel("Power-law alpha", "step", "alpha", Scale.Log)
            .MeanLinesBy(rows, _ => "Hill (median xmin)", k => k, r => r.Row.Step, r => r.Row.AlphaHill)
            .MeanLinesBy(rows, _ => "KS-optimal xmin", k => k, r => r.Row.Step, r => r.Row.AlphaKs);
        figure.Panel("Spikes, by definition", "step", "count", Scale.Log)
            .MeanLinesBy(rows, _ => "moment fit + TW margin", k => k, r => r.Row.Step, r => r.Row.Spikes)
            .MeanLinesBy(rows, _ => "WeightWatcher's KDE fit + TW margin", k => k, r => r.Row.Step, r => r.Row.WwNumSpikes)
            .MeanLinesBy(rows, _ => "above the initial edge (√h + √d)²", k => k, r => r.Row.Step, r => r.Row.SpikesAboveInitialEdge);
        return figure;
    }
}
