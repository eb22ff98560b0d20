using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.SingleIndex;
using ReproHeavyTails.Spectra;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// Kothapalli et al.'s learning-rate sweep: GD and Adam, ten full-batch steps at each learning rate of the
/// published grid, a fresh teacher, data and student per replicate; W measured at steps 0, 1 and 10. The paper
/// profile has the published size (d = 1000, h = 1500, n = 2000, 5 seeds); the quick one d = 100 keeping h/d and n/d.
/// </summary>
[Experiment("esd-lr-sweep", Version = 3,
    Title = "Weight spectra after ten full-batch GD or Adam steps across learning rates",
    Paper = "Kothapalli et al. 2024 (arXiv 2406.04657)")]
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

    /// <summary>Every step-0 spectrum: no eigenvalue beyond the MP edge plus the Tracy–Widom margin, and all of them inside the predicted edges (√h ± √d)² widened by that margin.</summary>
    [Claim("At initialisation the ESD is a Marchenko–Pastur bulk with no spikes, inside the predicted edges")]
    public static ClaimResult InitialBulk(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        ClaimResult.All(results.Completed.Where(r => r.Row.Step == 0).GroupBy(r => r.Cell.Dimension), g =>
        {
            var (lower, upper, upperWithMargin) = MarchenkoPasturFit.Predicted(SingleIndexSetting.HiddenUnits(g.Key), g.Key);
            var margin = upperWithMargin - upper;
            return g.All(r => r.Row.Spikes == 0 && r.Row.LambdaMax <= upperWithMargin && r.Row.LambdaMin >= lower - margin);
        }, g =>
        {
            var (lower, upper, upperWithMargin) = MarchenkoPasturFit.Predicted(SingleIndexSetting.HiddenUnits(g.Key), g.Key);
            return $"d={g.Key}: {g.Count()} spectra, spikes {g.Sum(r => r.Row.Spikes)}, λ in [{g.Min(r => r.Row.LambdaMin):0.0}, {g.Max(r => r.Row.LambdaMax):0.0}] "
                   + $"against edges [{lower:0.0}, {upper:0.0}] with margin {upperWithMargin - upper:0.0}";
        });

    /// <summary>
    /// The smallest grid learning rate at which one step leaves a spike in every replicate. Adam's lies above
    /// (hd)^{−1/4} (no spike below it) and no higher than 10·(hd)^{−1/4} rounded up to the grid; GD's is at least
    /// 100 times Adam's. The evidence also gives GD's threshold against the derived scale √d·(hd)^{1/4}.
    /// </summary>
    [Claim("One large step creates a spike; Adam needs a learning rate near (hd)^(-1/4), GD a hundred times larger or more")]
    public static ClaimResult SpikeThresholds(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        ClaimResult.All(results.Completed.GroupBy(r => r.Cell.Dimension), g =>
        {
            var (adam, gd) = (Threshold(g, Method.Adam), Threshold(g, Method.Gd));
            var scale = AdamSpikeScale(g.Key);
            var quiet = g.Where(r => r.Cell.Optimizer == Method.Adam && r.Row.Step == 1 && r.Cell.LearningRate < scale).All(r => r.Row.Spikes == 0);
            var firstAboveTen = g.Select(r => r.Cell.LearningRate).Where(lr => lr >= 10 * scale).DefaultIfEmpty(double.NaN).Min();
            return quiet && adam is { } a && a > scale && a <= firstAboveTen && gd is { } b && b >= 100 * a;
        }, g =>
        {
            var (adam, gd) = (Threshold(g, Method.Adam), Threshold(g, Method.Gd));
            var d = g.Key;
            return $"d={d}: Adam spikes from η={adam?.ToString() ?? "none"} ((hd)^(-1/4)={AdamSpikeScale(d):0.000}), GD from η={gd?.ToString() ?? "none"} "
                   + $"(= {(gd ?? double.NaN) / (Math.Sqrt(d) * Math.Pow((double)SingleIndexSetting.HiddenUnits(d) * d, 0.25)):0.00} × √d(hd)^(1/4)); ratio {(gd ?? double.NaN) / (adam ?? double.NaN):0}";
        });

    private static double? Threshold(IEnumerable<(EsdLearningRateSweep Cell, SpectrumRow Row)> rows, Method method) =>
        rows.Where(r => r.Cell.Optimizer == method && r.Row.Step == 1).GroupBy(r => r.Cell.LearningRate)
            .Where(g => g.All(r => r.Row.Spikes > 0)).Select(g => (double?)g.Key).Min();

    /// <summary>
    /// At each optimizer's threshold learning rate the overlap |⟨v₁, β*⟩| after one step exceeds its value at
    /// step 0 (paired by replicate) by more than three standard errors of the mean difference.
    /// </summary>
    [Claim("The spike left by the first large step is aligned with the teacher direction")]
    public static ClaimResult SpikeAligned(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        ClaimResult.All(results.Completed.GroupBy(r => (r.Cell.Dimension, r.Cell.Optimizer)).Where(g => Threshold(g, g.Key.Optimizer) is not null), g =>
        {
            var gain = OverlapGain(results, g.Key.Dimension, g.Key.Optimizer, Threshold(g, g.Key.Optimizer)!.Value);
            return gain.Mean > 3 * gain.StandardError;
        }, g =>
        {
            var eta = Threshold(g, g.Key.Optimizer)!.Value;
            var gain = OverlapGain(results, g.Key.Dimension, g.Key.Optimizer, eta);
            return $"{g.Key.Optimizer} d={g.Key.Dimension} η={eta}: overlap gain {gain.Mean:0.000} ± {gain.StandardError:0.000} (random level ≈ {Math.Sqrt(2 / (Math.PI * g.Key.Dimension)):0.000})";
        });

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
    /// 10 is negative by more than three standard errors. (At far larger Adam rates the first step alone leaves
    /// alpha below 2 and saturates tanh, after which W hardly moves: the evidence lists those too.)
    /// Known failure at the published size: there Adam's first spiking rate is η = 0.1, where nine more steps
    /// move alpha by only −0.008 ± 0.004 (measured once on this machine at v2, 5 seeds); at η = 1 it falls by 0.50 and
    /// for GD by 0.28–0.50. Ten steps at the threshold rate are not "many large steps": `esd-evolution` runs 10⁴.
    /// </summary>
    [Claim("After a Bulk+Spike first step, further large steps turn the spectrum heavy-tailed (the Hill alpha falls)", KnownToFailIn = "paper")]
    public static ClaimResult AlphaFallsWithSteps(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var spiked = results.Completed.Where(r => r.Row.Step == 1).GroupBy(r => (r.Cell.Dimension, r.Cell.Optimizer, r.Cell.LearningRate))
            .Where(g => g.All(r => r.Row.Spikes > 0)).ToArray();
        var bulkAndSpike = spiked.Where(g => g.Average(r => r.Row.AlphaHill) > 2).Select(g => g.Key).ToArray();
        var result = ClaimResult.All(bulkAndSpike, k => Change(k).Mean < -3 * Change(k).StandardError,
            k => $"{k.Optimizer} η={k.LearningRate}: Δalpha {Change(k).Mean:0.000} ± {Change(k).StandardError:0.000}");
        var heavyAfterOne = spiked.Where(g => g.Average(r => r.Row.AlphaHill) <= 2)
            .Select(g => $"{g.Key.Optimizer} η={g.Key.LearningRate}: alpha {g.Average(r => r.Row.AlphaHill):0.00} after one step, Δ {Change(g.Key).Mean:0.000} after nine more");
        return result with { Evidence = result.Evidence + "; heavy-tailed after one step: " + string.Join("; ", heavyAfterOne) };

        Summary Change((int Dimension, Method Optimizer, double LearningRate) k) => Paired(results, k.Dimension, k.Optimizer, k.LearningRate, 1, Steps, r => r.AlphaHill);
    }

    /// <summary>
    /// The paper's sweet spot, for Adam after ten steps: the grid learning rate with the lowest mean test loss of
    /// the ridge readout beats both the smallest and the largest learning rate, paired by replicate, by more than
    /// three standard errors. Checked on the readout as the official code computes it (features tanh(XWᵀ/d), the
    /// numbers behind the published figure); the evidence gives both readouts and the Hill alpha per rate.
    /// Known failure at the quick size (d = 100, 3 seeds): the loss is flat below the spike scale (0.982, 0.976,
    /// 0.962 for η = 0.001, 0.01, 0.1, within their errors) and rises above it. At the published size (5 seeds,
    /// measured once on this machine at v2) it holds with the code's features: 0.956, 0.941, 0.938 for η = 0.001, 0.01,
    /// 0.1, then 0.965 at η = 1 and up to 2.87 — and not with the paper's (1.67, 1.67, 1.71, …).
    /// </summary>
    [Claim("Adam's test loss has a sweet spot inside the learning-rate grid", KnownToFailIn = "quick")]
    public static ClaimResult TestLossSweetSpot(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        ClaimResult.All(AdamAfterTraining(results).GroupBy(r => r.Cell.Dimension), g => HasSweetSpot(g, r => r.CodeReadoutTestLoss), g =>
        {
            var table = g.GroupBy(r => r.Cell.LearningRate).OrderBy(x => x.Key)
                .Select(x => $"η={x.Key}: test {x.Average(r => r.Row.CodeReadoutTestLoss):0.000} (code features), {x.Average(r => r.Row.ReadoutTestLoss):0.000} (paper's), alpha {x.Average(r => r.Row.AlphaHill):0.00}");
            return $"d={g.Key}: best η={SweetSpot(g, r => r.CodeReadoutTestLoss).Best} with the code's features (a sweet spot: {HasSweetSpot(g, r => r.CodeReadoutTestLoss)}), "
                   + $"{SweetSpot(g, r => r.ReadoutTestLoss).Best} with the paper's (a sweet spot: {HasSweetSpot(g, r => r.ReadoutTestLoss)}); " + string.Join("; ", table);
        });

    private static IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> AdamAfterTraining(ResultTable<EsdLearningRateSweep, SpectrumRow> results) =>
        results.CompletedWithReplicates.Where(r => r.Cell.Optimizer == Method.Adam && r.Row.Step == Steps);

    private static (double Best, double Low, double High) SweetSpot(IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> rows, Func<SpectrumRow, double> loss)
    {
        var means = rows.GroupBy(r => r.Cell.LearningRate).Select(x => (Eta: x.Key, Loss: x.Average(r => loss(r.Row)))).ToArray();
        return (means.MinBy(m => m.Loss).Eta, means.Min(m => m.Eta), means.Max(m => m.Eta));
    }

    /// <summary>The best rate is inside the grid and beats both ends by more than three standard errors of the paired difference.</summary>
    private static bool HasSweetSpot(IEnumerable<(EsdLearningRateSweep Cell, int Replicate, SpectrumRow Row)> rows, Func<SpectrumRow, double> loss)
    {
        var all = rows.ToArray();
        var (best, low, high) = SweetSpot(all, loss);
        double[] At(double eta) => all.Where(r => r.Cell.LearningRate == eta).OrderBy(r => r.Replicate).Select(r => loss(r.Row)).ToArray();
        bool Beats(double other)
        {
            var difference = Summary.Of(At(other).Zip(At(best), (o, b) => o - b).ToArray());
            return difference.Mean > 3 * difference.StandardError;
        }
        return best != low && best != high && Beats(low) && Beats(high);
    }

    [Figure("alpha-and-test-loss")]
    public static Figure AlphaAndTestLoss(ResultTable<EsdLearningRateSweep, SpectrumRow> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Kothapalli et al.: ten full-batch steps across learning rates (mean ± SE over seeds)");
        figure.Panel("Hill alpha after 10 steps", "learning rate", "alpha (median xmin)", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == Steps), r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.AlphaHill)
            .HorizontalLine(2, "alpha = 2");
        figure.Panel("Readout test loss after 10 steps", "learning rate", "test MSE", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == Steps), r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.ReadoutTestLoss);
        var d = rows.Select(r => r.Cell.Dimension).DefaultIfEmpty(100).First();
        figure.Panel("Spikes after one step", "learning rate", "eigenvalues beyond the MP edge", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.Spikes)
            .VerticalLine(AdamSpikeScale(d), "(hd)^(-1/4)");
        figure.Panel("Overlap with the teacher after one step", "learning rate", "|<v1, beta*>|", Scale.Log)
            .MeanLinesBy(rows.Where(r => r.Row.Step == 1), r => r.Cell.Optimizer, m => m.ToString(), r => r.Cell.LearningRate, r => r.Row.Overlap);
        return figure;
    }
}
