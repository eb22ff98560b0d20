using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// Kothapalli et al.'s learning-rate sweep: GD and Adam, ten full-batch steps at each learning rate of the
/// published grid, a fresh teacher, data and student per replicate; W measured at steps 0, 1 and 10. The paper
/// profile has the published size (d = 1000, h = 1500, n = 2000, 5 seeds); the quick one d = 100 keeping h/d and n/d.
/// </summary>
[Experiment("esd-lr-sweep", Version = 4,
    Title = "Weight spectra after ten full-batch GD or Adam steps across learning rates",
    Paper = "kothapalli-2024")]
[Replicates(3, 5)]
public sealed partial class EsdLearningRateSweep
{
    public const int Steps = 10;

    [Values(Method.Gd, Method.Adam)]
    public Method Optimizer { get; init; }

    [Values(0.001, 0.01, 0.1, 1, 10, 100, 1000, 2000, 3000)]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    [Run]
    public IEnumerable<SpectrumRow> Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, 1);
        var setting = new SingleIndexSetting(context, Dimension);
        return setting.TrainAndMeasure(new StudentTraining(Optimizer == Method.Adam, LearningRate, Steps), new HashSet<int> { 1, Steps }, context);
    }

    /// <summary>(hd)^{−1/4}: the learning rate at which Adam's first step, ≈ −η·sign(G) of operator norm up to η√(hd), reaches the BBP threshold (hd)^{1/4}.</summary>
    public static double AdamSpikeScale(int d) => Math.Pow((double)SingleIndexSetting.HiddenUnits(d) * d, -0.25);

    /// <summary>
    /// Every step-0 spectrum, tested exactly (nothing here is estimated): no spike (a count of zero), and all
    /// eigenvalues inside the predicted edges (√h ± √d)² widened by the Tracy–Widom margin.
    /// </summary>
    [Claim("At initialisation the ESD is a Marchenko–Pastur bulk with no spikes, inside the predicted edges")]
    public static ClaimResult InitialBulk(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var initial = results.CompletedWithReplicates.Where(r => r.Row.Step == 0).ToArray();
        string Label((EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row) r) => $"{r.Cell.Optimizer} η={r.Cell.LearningRate} d={r.Cell.Dimension} replicate {r.Replicate}";
        (double Lower, double Upper) Edges(int d)
        {
            var (lower, upper, upperWithMargin) = MarchenkoPasturFit.Predicted(SingleIndexSetting.HiddenUnits(d), d);
            return (lower - (upperWithMargin - upper), upperWithMargin);
        }
        return ClaimResult.AllOf(
            Exact.Equal(initial, r => Label(r) + ": spikes", r => r.Row.Spikes, _ => 0),
            Exact.Within(initial, r => Label(r) + ": λ_min", r => r.Row.LambdaMin, r => (Edges(r.Cell.Dimension).Lower, double.PositiveInfinity)),
            Exact.Within(initial, r => Label(r) + ": λ_max", r => r.Row.LambdaMax, r => (0, Edges(r.Cell.Dimension).Upper)));
    }

    /// <summary>
    /// The threshold of each optimizer: the smallest grid learning rate at which one step leaves a spike in every
    /// replicate; it lies in the bracket (previous grid rate, threshold]. Tested exactly on the grid: no Adam spike
    /// after one step below (hd)^{−1/4} (a count of zero), and the ratio of the derived scales,
    /// √d·(hd)^{1/4} / (hd)^{−1/4} = √d·(hd)^{1/2} (docs/weight-spectra.md), lies between the smallest and largest
    /// ratio of GD's to Adam's threshold the two brackets allow — a statement about the size of the gap (the paper:
    /// a hundred times or more), not only its sign, resolved as finely as the grid allows.
    /// </summary>
    [Claim("One large step creates a spike; Adam needs a learning rate near (hd)^(-1/4), GD a hundred times larger or more")]
    public static ClaimResult SpikeThresholds(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var byDimension = results.Completed.GroupBy(r => r.Cell.Dimension).ToArray();
        return ClaimResult.AllOf(
            Exact.Equal(byDimension, g => $"d={g.Key}: Adam spikes after one step below (hd)^(-1/4) = {AdamSpikeScale(g.Key):0.000}",
                g => g.Where(r => r.Cell.Optimizer == Method.Adam && r.Row.Step == 1 && r.Cell.LearningRate < AdamSpikeScale(g.Key)).Sum(r => r.Row.Spikes), _ => 0),
            Exact.Within(byDimension, g => $"d={g.Key}: √d(hd)^(1/2) against GD/Adam thresholds {Bracket(g, Method.Gd)} / {Bracket(g, Method.Adam)}",
                g => Math.Sqrt(g.Key) * Math.Sqrt((double)SingleIndexSetting.HiddenUnits(g.Key) * g.Key), g => RatioBracket(g)));
    }

    /// <summary>The grid bracket (previous rate, threshold] of an optimizer's spike threshold; (NaN, NaN) when no rate spikes.</summary>
    private static (double Below, double Threshold) ThresholdBracket(IEnumerable<(EsdLearningRateSweep Cell, SpectrumRow Row)> rows, Method method)
    {
        var all = rows.ToArray();
        if (Threshold(all, method) is not { } threshold) return (double.NaN, double.NaN);
        var below = all.Select(r => r.Cell.LearningRate).Where(lr => lr < threshold).DefaultIfEmpty(0).Max();
        return (below, threshold);
    }

    private static string Bracket(IEnumerable<(EsdLearningRateSweep Cell, SpectrumRow Row)> rows, Method method) =>
        ThresholdBracket(rows, method) is var (below, threshold) ? $"({below}, {threshold}]" : "";

    private static (double Lower, double Upper) RatioBracket(IEnumerable<(EsdLearningRateSweep Cell, SpectrumRow Row)> rows)
    {
        var all = rows.ToArray();
        var (gdBelow, gd) = ThresholdBracket(all, Method.Gd);
        var (adamBelow, adam) = ThresholdBracket(all, Method.Adam);
        return (gdBelow / adam, adamBelow > 0 ? gd / adamBelow : double.PositiveInfinity);
    }

    private static double? Threshold(IEnumerable<(EsdLearningRateSweep Cell, SpectrumRow Row)> rows, Method method) =>
        rows.Where(r => r.Cell.Optimizer == method && r.Row.Step == 1).GroupBy(r => r.Cell.LearningRate)
            .Where(g => g.All(r => r.Row.Spikes > 0)).Select(g => (double?)g.Key).Min();

    /// <summary>
    /// At each optimizer's threshold learning rate the overlap |⟨v₁, β*⟩| after one step exceeds its value at
    /// step 0 (paired by replicate; one-sided paired t-tests, every optimizer and dimension).
    /// </summary>
    [Claim("The spike left by the first large step is aligned with the teacher direction")]
    public static ClaimResult SpikeAligned(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        Comparison.Exceeds(results.Completed.GroupBy(r => (r.Cell.Dimension, r.Cell.Optimizer)).Where(g => Threshold(g, g.Key.Optimizer) is not null)
                .Select(g => (g.Key, Eta: Threshold(g, g.Key.Optimizer)!.Value)),
            g => $"{g.Key.Optimizer} d={g.Key.Dimension} η={g.Eta}: overlap gain (random level ≈ {Math.Sqrt(2 / (Math.PI * g.Key.Dimension)):0.000})",
            g => Estimate.Of(OverlapGain(results, g.Key.Dimension, g.Key.Optimizer, g.Eta)), _ => 0);

    /// <summary>
    /// At each optimizer's threshold learning rate the kernel-target alignment of the features on the probe set
    /// after one step exceeds its value at step 0 (paired by replicate; one-sided paired t-tests, every optimizer and
    /// dimension), with the features as the official code computes them (tanh(XWᵀ/d), the numbers behind the
    /// published KTA figure). The evidence gives the paper-formula KTA (tanh(XWᵀ/√d)) beside it.
    /// Known failure at the quick size (d = 100, n = 200, 3 seeds): the mean rises (0.054 → 0.079 for Adam at η = 1,
    /// → 0.076 for GD at η = 1000) but in one stored replicate the KTA falls (0.063 → 0.046 and 0.042) while the
    /// overlap with the teacher rises from 0.07 to 0.37–0.43, so the paired gain (0.025 ± 0.02) is not significant.
    /// At the published size, measured once at Adam η = 1 only (above the threshold 0.1; 5 seeds), every replicate
    /// rises: 0.016 → 0.043, a paired gain of 0.027 ± 0.003.
    /// </summary>
    [Claim("The first large step raises the kernel-target alignment of the features", KnownToFailIn = "quick")]
    public static ClaimResult AlignmentRisesAtTheSpike(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var cells = results.Completed.GroupBy(r => (r.Cell.Dimension, r.Cell.Optimizer)).Where(g => Threshold(g, g.Key.Optimizer) is not null)
            .Select(g => (g.Key, Eta: Threshold(g, g.Key.Optimizer)!.Value)).ToArray();
        var result = Comparison.Exceeds(cells, g => $"{g.Key.Optimizer} d={g.Key.Dimension} η={g.Eta}: KTA gain (code features)",
            g => Estimate.Of(Paired(results, g.Key.Dimension, g.Key.Optimizer, g.Eta, 0, 1, r => r.CodeKernelTargetAlignment)), _ => 0);
        var paper = cells.Select(g => $"{g.Key.Optimizer} η={g.Eta}: KTA gain with the paper's features {Paired(results, g.Key.Dimension, g.Key.Optimizer, g.Eta, 0, 1, r => r.KernelTargetAlignment).Mean:0.0000}");
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", paper) };
    }

    private static Summary OverlapGain(ResultTable<EsdLearningRateSweep, SpectrumRow> results, int d, Method method, double eta) =>
        Paired(results, d, method, eta, 0, 1, r => r.Overlap);

    /// <summary>Per replicate, value(step b) − value(step a) at one cell, summarised over replicates.</summary>
    private static Summary Paired(ResultTable<EsdLearningRateSweep, SpectrumRow> results, int d, Method method, double eta, int a, int b, Func<SpectrumRow, double> value) =>
        Summary.Of(results.CompletedWithReplicates
            .Where(r => r.Cell.Dimension == d && r.Cell.Optimizer == method && r.Cell.LearningRate == eta)
            .GroupBy(r => r.Replicate)
            .Select(g => value(g.Single(r => r.Row.Step == b).Row) - value(g.Single(r => r.Row.Step == a).Row)).ToArray());

    /// <summary>
    /// Wherever the first step leaves a Bulk+Spike — spikes in every replicate but a bulk that is not yet heavy-tailed
    /// (mean Hill alpha above 2) — the next nine steps lower the Hill alpha: the paired change from step 1 to step
    /// 10 is negative (one-sided paired t-tests, every such cell). (At far larger Adam rates the first step alone
    /// leaves alpha below 2 and saturates tanh, after which W hardly moves: the evidence lists those too.)
    /// At the published size it holds narrowly: there Adam's first spiking rate is η = 0.1, where nine more steps move
    /// alpha by only −0.006 ± 0.002 (t = 2.84, p = 0.023; the stored v4 artifact, 5 seeds; v2 measured −0.008 ± 0.004
    /// and failed); at η = 1 it falls by 0.50 and for GD by 0.29–0.50. Ten steps at the threshold rate are not "many
    /// large steps": `esd-evolution` runs 10⁴.
    /// </summary>
    [Claim("After a Bulk+Spike first step, further large steps turn the spectrum heavy-tailed (the Hill alpha falls)")]
    public static ClaimResult AlphaFallsWithSteps(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var spiked = results.Completed.Where(r => r.Row.Step == 1).GroupBy(r => (r.Cell.Dimension, r.Cell.Optimizer, r.Cell.LearningRate))
            .Where(g => g.All(r => r.Row.Spikes > 0)).ToArray();
        var bulkAndSpike = spiked.Where(g => g.Average(r => r.Row.AlphaHill) > 2).Select(g => g.Key).ToArray();
        var result = Comparison.Below(bulkAndSpike, k => $"{k.Optimizer} η={k.LearningRate}: Δalpha from step 1 to {Steps}", k => Estimate.Of(Change(k)), _ => 0);
        var heavyAfterOne = spiked.Where(g => g.Average(r => r.Row.AlphaHill) <= 2)
            .Select(g => $"{g.Key.Optimizer} η={g.Key.LearningRate}: alpha {g.Average(r => r.Row.AlphaHill):0.00} after one step, Δ {Change(g.Key).Mean:0.000} after nine more");
        return result with { Evidence = result.Evidence + "; heavy-tailed after one step: " + string.Join("; ", heavyAfterOne) };

        Summary Change((int Dimension, Method Optimizer, double LearningRate) k) => Paired(results, k.Dimension, k.Optimizer, k.LearningRate, 1, Steps, r => r.AlphaHill);
    }

    /// <summary>
    /// The paper's sweet spot, for Adam after ten steps: the grid learning rate with the lowest mean test loss of
    /// the ridge readout beats both the smallest and the largest learning rate, paired by replicate (one-sided
    /// paired t-tests; a best rate at an end of the grid differs from itself by 0 ± 0 and fails). The best rate is
    /// chosen on the same data, which favours the claim; the level is nominal. Checked on the readout as the
    /// official code computes it (features tanh(XWᵀ/d), the numbers behind the published figure); the evidence
    /// gives both readouts and the Hill alpha per rate.
    /// Low power at the quick size (d = 100, 3 seeds): it passes at 4 of 20 master seeds (docs/claims.md), and on the
    /// stored v4 seed (0.917, 0.909, 0.894 for η = 0.001, 0.01, 0.1, η = 0.1 lower by 0.023 ± 0.004 and 0.015 ± 0.002),
    /// which is why it is not recorded as a known failure; the v3 seeds failed it. At the published size (5 seeds,
    /// measured once on this machine at v2) it holds with the code's features: 0.956, 0.941, 0.938 for η = 0.001,
    /// 0.01, 0.1, then 0.965 at η = 1 and up to 2.87 — and not with the paper's (1.67, 1.67, 1.71, …).
    /// </summary>
    [Claim("Adam's test loss has a sweet spot inside the learning-rate grid")]
    public static ClaimResult TestLossSweetSpot(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var byDimension = AdamAfterTraining(results).GroupBy(r => r.Cell.Dimension).ToArray();
        var result = Comparison.Exceeds(byDimension.SelectMany(g => SweetSpotMargins(g, r => r.CodeReadoutTestLoss).Select(m => (Dimension: g.Key, m.Label, m.Margin))),
            m => $"d={m.Dimension}: {m.Label}", m => m.Margin, _ => 0);
        var tables = byDimension.Select(g => $"d={g.Key}: best η={SweetSpot(g, r => r.CodeReadoutTestLoss).Best} with the code's features, {SweetSpot(g, r => r.ReadoutTestLoss).Best} with the paper's; "
            + string.Join("; ", g.GroupBy(r => r.Cell.LearningRate).OrderBy(x => x.Key)
                .Select(x => $"η={x.Key}: test {x.Average(r => r.Row.CodeReadoutTestLoss):0.000} (code features), {x.Average(r => r.Row.ReadoutTestLoss):0.000} (paper's), alpha {x.Average(r => r.Row.AlphaHill):0.00}")));
        return result with { Evidence = result.Evidence + " | " + string.Join(" | ", tables) };
    }

    private static IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> AdamAfterTraining(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        results.CompletedWithReplicates.Where(r => r.Cell.Optimizer == Method.Adam && r.Row.Step == Steps);

    private static (double Best, double Low, double High) SweetSpot(IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> rows, Func<SpectrumRow, double> loss)
    {
        var means = rows.GroupBy(r => r.Cell.LearningRate).Select(x => (Eta: x.Key, Loss: x.Average(r => loss(r.Row)))).ToArray();
        return (means.MinBy(m => m.Loss).Eta, means.Min(m => m.Eta), means.Max(m => m.Eta));
    }

    /// <summary>The loss at the smallest and at the largest grid rate minus the loss at the best rate, paired by replicate.</summary>
    private static IEnumerable<(string Label, Estimate Margin)> SweetSpotMargins(IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> rows, Func<SpectrumRow, double> loss)
    {
        var all = rows.ToArray();
        var (best, low, high) = SweetSpot(all, loss);
        double[] At(double eta) => all.Where(r => r.Cell.LearningRate == eta).OrderBy(r => r.Replicate).Select(r => loss(r.Row)).ToArray();
        Estimate Beats(double other) => Estimate.Of(At(other).Zip(At(best), (o, b) => o - b));
        return [($"test loss at η={low} minus at the best η={best}", Beats(low)), ($"test loss at η={high} minus at the best η={best}", Beats(high))];
    }

    /// <summary>
    /// The paper's learning-rate figure: after ten steps, the Hill alpha, the test loss and the kernel-target
    /// alignment of the official readout (features tanh(XWᵀ/d), the numbers behind the published figure; the
    /// paper-formula loss, tanh(XWᵀ/√d), beside it), and the spikes and overlap after one step.
    /// </summary>
    [Figure("alpha-and-test-loss")]
    public static Figure AlphaAndTestLoss(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var rows = results.Completed.ToArray();
        var final = rows.Where(r => r.Row.Step == Steps).ToArray();
        var figure = new Figure("Kothapalli et al.: ten full-batch steps across learning rates (mean ± SE over seeds)", columns: 3);
        figure.Panel("Hill alpha after 10 steps", "learning rate", "alpha (median xmin)", Scale.Log)
            .MeanLinesBy(final, r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.AlphaHill)
            .HorizontalLine(2, "alpha = 2");
        figure.Panel("Test loss after 10 steps (official readout)", "learning rate", "test MSE", Scale.Log)
            .MeanLinesBy(final, r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.CodeReadoutTestLoss)
            .MeanLinesBy(final, r => r.Cell.Optimizer, m => $"{m}, paper's features", r => r.Cell.LearningRate, r => r.Row.ReadoutTestLoss);
        figure.Panel("KTA after 10 steps (official readout)", "learning rate", "kernel-target alignment", Scale.Log)
            .MeanLinesBy(final, r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.CodeKernelTargetAlignment);
        var d = rows.Select(r => r.Cell.Dimension).DefaultIfEmpty(100).First();
        figure.Panel("Spikes after one step, by definition", "learning rate", "count", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => $"{m}, moment fit", r => r.Cell.LearningRate, r => r.Row.Spikes)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => $"{m}, WeightWatcher's KDE fit", r => r.Cell.LearningRate, r => r.Row.WwNumSpikes)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => $"{m}, above the initial edge", r => r.Cell.LearningRate, r => r.Row.SpikesAboveInitialEdge)
            .VerticalLine(AdamSpikeScale(d), "(hd)^(-1/4)");
        figure.Panel("Overlap with the teacher after one step", "learning rate", "|<v1, beta*>|", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.Overlap);
        return figure;
    }
}
