using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using Hsgd = ReproHeavyTails.Experiments.HomogenizedSgd.Model.HomogenizedSgd;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>
/// Homogenized SGD and SGD on ridge regression with Gaussian data: the tail index of their iterates
/// beside the hSGD bounds η_* ≤ η ≤ η* (exact for isotropic covariance) — the project's derivation in
/// docs/hsgd-tail-index.md, not the paper's (which derives its own by convex-order comparison) — across
/// learning rate, batch size, dimension, ridge and covariance spectrum.
/// </summary>
[Experiment("hsgd-tail-bounds", Version = 3,
    Title = "Tail index of hSGD and SGD iterates against the hSGD bounds (project's derivation)",
    Paper = "jiao-keller-ressel-2024")]
public sealed partial class HsgdTailBounds
{
    [Values(CovarianceSpectrum.Isotropic, CovarianceSpectrum.Spread)]
    public CovarianceSpectrum Spectrum { get; init; }

    // (d, γ, B) cases: a learning-rate sweep and batch-size steps per dimension, chosen so that the tail
    // index stays between about 2 and 16 (isotropic η = 2 − d + 2B/γ), where estimators can see it, and
    // discrete SGD keeps a stationary law.
    [Quick(10, 10, 10, 10)]
    [Paper(5, 5, 5, 10, 10, 10, 10, 10, 10, 20, 20, 20)]
    [Zip("case")]
    public int Dimension { get; init; }

    [Quick(0.25, 0.3, 0.33, 0.33)]
    [Paper(0.3, 0.35, 0.35, 0.2, 0.25, 0.3, 0.33, 0.33, 0.33, 0.15, 0.18, 0.18)]
    [Zip("case")]
    public double LearningRate { get; init; }

    [Quick(2, 2, 2, 3)]
    [Paper(1, 1, 2, 2, 2, 2, 2, 3, 4, 2, 2, 3)]
    [Zip("case")]
    public int BatchSize { get; init; }

    [Quick(0.0)]
    [Paper(0.0, 0.1)]
    public double Ridge { get; init; }

    /// <summary>Independent chains per cell; each contributes snapshots after burn-in.</summary>
    [Quick(200)]
    [Paper(2000)]
    public int Chains { get; init; }

    [Quick(1600)]
    [Paper(8000)]
    public int Steps { get; init; }

    /// <param name="HsgdStudentTNu">The Student-t ML ν of hSGD's top coordinate: a tail index because hSGD's law is close to Student-t (one dimension: exactly).</param>
    /// <param name="SgdStudentTNu">The Student-t ML ν of SGD's top coordinate: the shape of a fitted law, not a tail-index estimate (SGD's law is not Student-t; compare <paramref name="SgdHill"/> and <paramref name="SgdGszIndex"/>).</param>
    /// <param name="SgdGszIndex">The exact discrete index of SGD, h(α) = 1 (isotropic, δ = 0 only).</param>
    public sealed record Row(
        double EtaLower,
        double EtaUpper,
        double? EtaExact,
        double HsgdStudentTNu,
        double HsgdStudentTNuError,
        double HsgdHill,
        double HsgdHillError,
        double HsgdBlockSum,
        double HsgdBlockSumError,
        double SgdStudentTNu,
        double SgdStudentTNuError,
        double SgdHill,
        double SgdHillError,
        double SgdBlockSum,
        double SgdBlockSumError,
        double? SgdGszIndex,
        int Samples,
        int DivergedChains);

    [Run]
    public Row Run(RunContext context)
    {
        Require.AtLeast(Dimension, 1);
        Require.Positive(LearningRate);
        Require.AtLeast(BatchSize, 1);
        Require.NonNegative(Ridge);
        Require.AtLeast(Chains, 2);
        Require.AtLeast(Steps, 6);
        var spectrum = Spectrum.Eigenvalues(Dimension);
        var target = new double[Dimension];
        var targetStream = context.Stream("target");
        for (var i = 0; i < Dimension; i++) target[i] = targetStream.NextGaussian();
        var problem = new LinearRegressionProblem(spectrum, target, noiseStd: 1, Ridge);
        var settings = new ChainSettings(LearningRate, BatchSize, Chains, Steps, BurnIn: Steps / 6, Thin: 10);

        var hsgd = Hsgd.Run(problem, settings, context.Stream("hsgd"), cancellation: context.Cancellation);
        context.ReportProgress(0.4);
        var sgd = StreamingSgd.Run(problem, settings, context.Stream("sgd"), context.Cancellation);
        context.ReportProgress(0.8);
        var h = IterateTail.Of(hsgd);
        var s = IterateTail.Of(sgd);
        var (lower, upper) = HsgdTailIndex.Bounds(spectrum, LearningRate, BatchSize, Ridge);
        var isotropic = Spectrum == CovarianceSpectrum.Isotropic;
        // No solution of h(α) = 1 (no stationary law) or none below the search bound: no prediction.
        var gsz = isotropic && Ridge == 0 ? RunContext.FiniteOrNull(new GszTailIndex(LearningRate, BatchSize, Dimension).Solve().Index) : null;
        return new Row(lower, upper, isotropic ? HsgdTailIndex.Isotropic(Dimension, 1, LearningRate, BatchSize, Ridge) : null,
            h.StudentTNu, h.StudentTNuError, h.Hill, h.HillError, h.BlockSum, h.BlockSumError,
            s.StudentTNu, s.StudentTNuError, s.Hill, s.HillError, s.BlockSum, s.BlockSumError, gsz,
            h.Samples, hsgd.DivergedChains + sgd.DivergedChains);
    }

    /// <summary>
    /// Holm over the isotropic cells' two-sided z-tests of hSGD's ν against the exact η, family-wise 5 %.
    /// Recorded as failing at the paper profile, whose grid adds the ridge δ = 0.1 (the quick grid has δ = 0 only): in
    /// 11 of 12 ridge cells hSGD's ν lies 3–10 % below the isotropic form 2 − d + 2B(λ + δ)/(γλ²) (z = −3.7 to −16), while
    /// the δ = 0 cells agree. The index is the form's; the estimate is off: with a ridge the drift's fixed point leaves x₀,
    /// where the noise is smallest, the law is no longer Student-t, and the fitted ν falls with ‖x₀‖ (docs/hsgd-tail-index.md).
    /// </summary>
    [Claim("Isotropic covariance: the hSGD tail index matches the exact value (project's derivation)", KnownToFailIn = "paper")]
    public static ClaimResult MatchesExact(ResultTable<HsgdTailBounds, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Row.EtaExact is not null), r => Cell(r.Cell), r => new Estimate(r.Row.HsgdStudentTNu, r.Row.HsgdStudentTNuError), r => r.Row.EtaExact!.Value);

    /// <summary>Holm over the spread cells' tests of hSGD's ν lying outside [η_*, η*], family-wise 5 %.</summary>
    [Claim("Spread covariance: the hSGD tail index lies within the bounds [η_*, η*] (project's derivation)")]
    public static ClaimResult WithinBounds(ResultTable<HsgdTailBounds, Row> results) =>
        Agreement.WithinBounds(results.Completed.Where(r => r.Row.EtaExact is null), r => Cell(r.Cell), r => new Estimate(r.Row.HsgdStudentTNu, r.Row.HsgdStudentTNuError),
            r => (r.Row.EtaLower, r.Row.EtaUpper));

    /// <summary>
    /// Recorded as failing at the paper profile (and so its twin on the batch size): at 2000 chains of 8000 steps SGD's
    /// Student-t fit runs to its search bound ν = 0.1 in the spread cells at the largest γ or smallest B of each line
    /// (d = 5, 10, 20): those iterates have no fitted shape inside [0.1, 1000] and the bound has no standard error, so
    /// the weighted slope of those SGD lines is undefined and the test fails although their values move the stated way
    /// (10.35 → 4.99 → 1.51 → 0.1); hSGD's ν passes in every line.
    /// </summary>
    [Claim("The tail index falls as the learning rate grows (hSGD and SGD)", KnownToFailIn = "paper")]
    public static ClaimResult FallsWithLearningRate(ResultTable<HsgdTailBounds, Row> results) =>
        Trend(results, r => r.Cell.LearningRate, c => (c.Spectrum, c.Dimension, c.BatchSize, c.Ridge), falling: true);

    [Claim("The tail index rises with the batch size (hSGD and SGD)", KnownToFailIn = "paper")]
    public static ClaimResult RisesWithBatchSize(ResultTable<HsgdTailBounds, Row> results) =>
        Trend(results, r => r.Cell.BatchSize, c => (c.Spectrum, c.Dimension, c.LearningRate, c.Ridge), falling: false);

    /// <summary>
    /// Along the swept parameter, with the others fixed (every line of two or more cells), the weighted slope of
    /// hSGD's ν and of SGD's ν has the stated sign (one-sided z-tests, every line of both). That the bounds
    /// η_*, η* move the same way is algebra, checked by the unit tests of <c>HsgdTailIndex</c>.
    /// </summary>
    private static ClaimResult Trend<TKey>(ResultTable<HsgdTailBounds, Row> results, Func<(HsgdTailBounds Cell, Row Row), double> swept,
        Func<HsgdTailBounds, TKey> others, bool falling)
    {
        var lines = results.Completed.GroupBy(r => others(r.Cell)).Where(line => line.Count() >= 2).ToArray();
        var points = lines.SelectMany(line => new[]
        {
            line.Select(r => (Key: $"hSGD ν, {Cell(line.First().Cell)} along the sweep", Point: (X: swept(r), Y: new Estimate(r.Row.HsgdStudentTNu, r.Row.HsgdStudentTNuError)))),
            line.Select(r => (Key: $"SGD ν, {Cell(line.First().Cell)} along the sweep", Point: (X: swept(r), Y: new Estimate(r.Row.SgdStudentTNu, r.Row.SgdStudentTNuError)))),
        }).SelectMany(x => x).GroupBy(p => p.Key, p => p.Point).ToArray();
        return falling ? Framework.Claims.Trend.Falling(points, k => k) : Framework.Claims.Trend.Rising(points, k => k);
    }

    private static string Cell(HsgdTailBounds c) => $"{c.Spectrum} d={c.Dimension} γ={c.LearningRate} B={c.BatchSize} δ={c.Ridge}";

    /// <summary>Tail-index estimates (Student-t ML ν ± SE) of hSGD and SGD iterates inside the band η_* ≤ η ≤ η*, against the learning rate at the smallest batch and against the batch at the largest rate.</summary>
    [Figure("tail-index")]
    public static Figure TailIndex(ResultTable<HsgdTailBounds, Row> results)
    {
        var figure = new Figure("Jiao & Keller-Ressel: Student-t ν ± SE of the iterates against the hSGD bounds η_* ≤ η ≤ η* (project's derivation)");
        foreach (var spectrum in results.Completed.Select(r => r.Cell.Spectrum).Distinct().Order())
        {
            var rows = results.Completed.Where(r => r.Cell.Spectrum == spectrum).ToArray();
            var smallestBatch = rows.Min(r => r.Cell.BatchSize);
            var largestRate = rows.Max(r => r.Cell.LearningRate);
            foreach (var (title, chosen, x, xLabel) in new[]
                     {
                         ($"{spectrum}: against γ (B = {smallestBatch})", rows.Where(r => r.Cell.BatchSize == smallestBatch).ToArray(), (Func<HsgdTailBounds, double>)(c => c.LearningRate), "learning rate γ"),
                         ($"{spectrum}: against B (γ = {largestRate})", rows.Where(r => r.Cell.LearningRate == largestRate).ToArray(), c => c.BatchSize, "batch size B"),
                     })
            {
                var sorted = chosen.OrderBy(r => x(r.Cell)).ToArray();
                figure.Panel(title, xLabel, "tail index")
                    .Band("η_* ≤ η ≤ η*", sorted.Select(r => x(r.Cell)).ToArray(), sorted.Select(r => r.Row.EtaLower).ToArray(), sorted.Select(r => r.Row.EtaUpper).ToArray())
                    .LinesBy(sorted.Where(r => r.Row.EtaExact is not null), _ => "exact η (isotropic: η_* = η*)", k => k, r => x(r.Cell), r => r.Row.EtaExact!.Value)
                    .PointsBy(chosen, _ => "hSGD ν", k => k, r => x(r.Cell), r => r.Row.HsgdStudentTNu, r => r.Row.HsgdStudentTNuError)
                    .PointsBy(chosen, _ => "SGD ν", k => k, r => x(r.Cell), r => r.Row.SgdStudentTNu, r => r.Row.SgdStudentTNuError);
            }
        }
        return figure;
    }
}
