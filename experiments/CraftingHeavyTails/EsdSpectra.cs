using ReproHeavyTails.Framework;
using ReproHeavyTails.SingleIndex;
using ReproHeavyTails.Spectra;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// The eigenvalues themselves, for ESD figures: WᵀW at step 0 and after ten full-batch steps of GD or Adam at
/// learning rates below, at and above each one's spike threshold (one replicate), in long format (step, rank, λ).
/// </summary>
[Experiment("esd-spectra", Version = 1,
    Title = "Eigenvalues of WᵀW before and after ten GD or Adam steps",
    Paper = "Kothapalli et al. 2024 (arXiv 2406.04657)")]
public sealed partial class EsdSpectra
{
    [Values(Method.Gd, Method.Adam)]
    public Method Optimizer { get; init; }

    [Values(0.1, 1, 1000)]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    public sealed record Row(int Step, int Rank, double Eigenvalue);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        var setting = new SingleIndexSetting(context, Dimension);
        var before = Esd.Eigenvalues(setting.Student.W);
        new StudentTraining(Optimizer == Method.Adam, LearningRate, EsdLearningRateSweep.Steps).Run(setting.Student, setting.Train);
        var after = Esd.Eigenvalues(setting.Student.W);
        return before.Select((λ, k) => new Row(0, k, λ)).Concat(after.Select((λ, k) => new Row(EsdLearningRateSweep.Steps, k, λ)));
    }

    /// <summary>
    /// The KS distance between each ESD and the Marchenko–Pastur law of an h × d N(0, 1) matrix, against the
    /// i.i.d. 5 % critical value 1.36/√d (conservative here: eigenvalues repel, so their empirical CDF fluctuates
    /// less than an i.i.d. sample's): below it for every step-0 spectrum, above it after ten steps at η = 1000.
    /// </summary>
    [Claim("Before training the ESD follows the Marchenko–Pastur law; after ten large steps it does not")]
    public static ClaimResult MarchenkoPasturBeforeNotAfter(ResultTable<EsdSpectra, Row> results) =>
        ClaimResult.All(results.Completed.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate, r.Cell.Dimension, r.Row.Step))
                .Where(g => g.Key.Step == 0 || g.Key.LearningRate == 1000), g =>
            {
                var distance = Distance(g.Key.Dimension, g.Select(r => r.Row.Eigenvalue));
                return g.Key.Step == 0 ? distance < Critical(g.Key.Dimension) : distance > Critical(g.Key.Dimension);
            },
            g => $"{g.Key.Optimizer} η={g.Key.LearningRate} step {g.Key.Step}: KS distance to MP {Distance(g.Key.Dimension, g.Select(r => r.Row.Eigenvalue)):0.000} (critical {Critical(g.Key.Dimension):0.000})");

    private static double Critical(int d) => 1.36 / Math.Sqrt(d);

    private static double Distance(int d, IEnumerable<double> eigenvalues) =>
        KolmogorovSmirnov.Statistic(eigenvalues.Order().ToArray(), new MarchenkoPastur(3 * d / 2, d).Cdf);
}
