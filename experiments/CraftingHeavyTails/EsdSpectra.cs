using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// The eigenvalues themselves, for ESD figures: WᵀW at step 0 and after one and ten full-batch steps of GD or Adam at
/// learning rates below, at and above each one's spike threshold (one replicate), in long format (step, rank, λ).
/// </summary>
[Experiment("esd-spectra", Version = 3,
    Title = "Eigenvalues of WᵀW before, after one and after ten GD or Adam steps",
    Paper = "kothapalli-2024")]
public sealed partial class EsdSpectra
{
    [Values(Method.Gd, Method.Adam)]
    public Method Optimizer { get; init; }

    /// <summary>
    /// Below, at and above the spike thresholds: Adam's (hd)^{−1/4} falls and GD's √d·(hd)^{1/4} grows with the width
    /// (PAPERS.md), so the published width adds the paper's η = 3000, where GD's step is large at d = 1000.
    /// </summary>
    [Quick(0.1, 1, 1000)]
    [Paper(0.1, 1, 1000, 3000)]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    public sealed record Row(int Step, int Rank, double Eigenvalue);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, 1);
        var setting = new SingleIndexSetting(context, Dimension);
        var rows = Spectrum(0, setting.Student).ToList();
        new StudentTraining(Optimizer == Method.Adam, LearningRate, EsdLearningRateSweep.Steps).Run(setting.Student, setting.Train,
            (step, _) => { if (step == 1) rows.AddRange(Spectrum(step, setting.Student)); }, context.Cancellation);
        return rows.Concat(Spectrum(EsdLearningRateSweep.Steps, setting.Student));
    }

    private static IEnumerable<Row> Spectrum(int step, TwoLayerStudent student) => Esd.Eigenvalues(student.W).Select((λ, k) => new Row(step, k, λ));

    /// <summary>
    /// The KS test of each ESD against the Marchenko–Pastur law of an h × d N(0, 1) matrix, with the i.i.d.
    /// p-value of d eigenvalues (conservative here: eigenvalues repel, so their empirical CDF fluctuates less than
    /// an i.i.d. sample's): not rejected for any step-0 spectrum (Holm over them, family-wise 5 %), rejected at 5 %
    /// for every spectrum after ten steps at the grid's largest η (1000 at the quick width, the paper's 3000 at d = 1000,
    /// where ten GD steps at η = 1000 move the top eigenvalue only from 4941 to 4986 and leave the ESD Marchenko–Pastur).
    /// </summary>
    [Claim("Before training the ESD follows the Marchenko–Pastur law; after ten large steps it does not")]
    public static ClaimResult MarchenkoPasturBeforeNotAfter(ResultTable<EsdSpectra, Row> results)
    {
        var spectra = results.Completed.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate, r.Cell.Dimension, r.Row.Step))
            .Select(g => (g.Key, Distance: Distance(g.Key.Dimension, g.Select(r => r.Row.Eigenvalue)))).ToArray();
        string Label((Method Optimizer, double LearningRate, int Dimension, int Step) k) => $"{k.Optimizer} η={k.LearningRate} step {k.Step}";
        double P((Method Optimizer, double LearningRate, int Dimension, int Step) k, double distance) => KolmogorovSmirnov.PValue(distance, k.Dimension);
        return ClaimResult.AllOf(
            GoodnessOfFit.NotRejected(spectra.Where(s => s.Key.Step == 0), s => Label(s.Key), s => P(s.Key, s.Distance), s => $"KS distance to MP {s.Distance:0.000}", level: 0.05),
            GoodnessOfFit.Rejected(spectra.Where(s => s.Key.Step == EsdLearningRateSweep.Steps && s.Key.LearningRate == spectra.Max(x => x.Key.LearningRate)), s => Label(s.Key), s => P(s.Key, s.Distance), s => $"KS distance to MP {s.Distance:0.000}", level: 0.05));
    }

    private static double Distance(int d, IEnumerable<double> eigenvalues) =>
        KolmogorovSmirnov.Statistic(eigenvalues.Order().ToArray(), new MarchenkoPastur(SingleIndexSetting.HiddenUnits(d), d).Cdf);

    /// <summary>
    /// The paper's ESD figure: histograms of log10 λ (density per unit log10 λ) at steps 0, 1 and 10, with the
    /// Marchenko–Pastur law of an h × d N(0, 1) matrix in the same coordinates, ρ(λ)·λ·ln 10, WeightWatcher's
    /// kernel-density MP fit of the step-10 spectrum (entry variance σ²·Σλ/(hd), σ in its rescaled units) and the
    /// median-xmin power law over the top half at steps 1 and 10, ½(α − 1)(λ/xmin)^{1−α}·ln 10.
    /// </summary>
    [Figure("esd-histograms")]
    public static Figure Histograms(ResultTable<EsdSpectra, Row> results)
    {
        var figure = new Figure("Kothapalli et al.: ESD of WᵀW at steps 0, 1 and 10 (log-eigenvalue histograms)", columns: 3);
        foreach (var cell in results.Completed.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate, r.Cell.Dimension)).OrderBy(g => g.Key.Optimizer).ThenBy(g => g.Key.LearningRate))
        {
            var (h, d) = (SingleIndexSetting.HiddenUnits(cell.Key.Dimension), cell.Key.Dimension);
            var panel = figure.Panel($"{cell.Key.Optimizer}, η = {cell.Key.LearningRate}", "log10 eigenvalue", "density", y: Scale.Log);
            foreach (var step in new[] { 0, 1, EsdLearningRateSweep.Steps })
            {
                var λ = cell.Where(r => r.Row.Step == step).Select(r => r.Row.Eigenvalue).Order().ToArray();
                var logs = λ.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray();
                var (edges, heights) = LogHistogram(logs, 30);
                panel.Histogram($"step {step}", edges, heights);
                if (step == 0) continue;
                var fit = PowerLawFit.AboveXMin(λ, λ[λ.Length / 2]);
                var tail = Enumerable.Range(0, 40).Select(k => Math.Log10(fit.XMin) + k * (logs[^1] - Math.Log10(fit.XMin)) / 39).ToArray();
                panel.Line($"power law, step {step} (alpha {fit.Exponent:0.00})", tail,
                    tail.Select(t => 0.5 * (fit.Exponent - 1) * Math.Pow(Math.Pow(10, t) / fit.XMin, 1 - fit.Exponent) * Math.Log(10)).ToArray());
                if (step != EsdLearningRateSweep.Steps) continue;
                var kde = KernelMarchenkoPasturFit.Of(λ, h, d);
                MarchenkoPasturLine(panel, "MP, WeightWatcher's KDE fit at step 10", new MarchenkoPastur(h, d, kde.Sigma * kde.Sigma * λ.Sum() / ((double)h * d)));
            }
            MarchenkoPasturLine(panel, "Marchenko–Pastur (initialisation)", new MarchenkoPastur(h, d));
        }
        return figure;
    }

    private static void MarchenkoPasturLine(Panel panel, string label, MarchenkoPastur law)
    {
        var grid = Enumerable.Range(1, 79).Select(k => Math.Log10(law.Lower) + k * (Math.Log10(law.Upper) - Math.Log10(law.Lower)) / 80).ToArray();
        panel.Line(label, grid, grid.Select(t => law.Density(Math.Pow(10, t)) * Math.Pow(10, t) * Math.Log(10)).ToArray());
    }

    private static (double[] Edges, double[] Heights) LogHistogram(double[] ascending, int bins)
    {
        var (low, high) = (ascending[0], ascending[^1] + 1e-9);
        var width = (high - low) / bins;
        var heights = new double[bins];
        foreach (var v in ascending) heights[Math.Min(bins - 1, (int)((v - low) / width))] += 1 / (ascending.Length * width);
        return (Enumerable.Range(0, bins + 1).Select(k => low + k * width).ToArray(), heights);
    }
}
