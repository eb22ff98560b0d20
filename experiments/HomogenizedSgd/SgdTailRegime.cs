using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Numerics;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>
/// The paper's headline, that the hSGD bounds approximate SGD's empirical tail index, tested across the regime
/// r = γd/B from small to the stability edge, for several dimensions d and ridges δ, on isotropic Gaussian data
/// (Σ = I). There the hSGD bounds (the project's derivation, docs/hsgd-tail-index.md) collapse to
/// η = 2 − d + 2B(1 + δ)/γ, and the exact index α of discrete SGD is known too: h(α) = 1 (Gurbuzbalaban, Simsekli
/// &amp; Zhu 2021; the ridge extension is the project's). SGD on fresh data is run in many chains; its tail
/// index is Hill's estimate on ‖x − x*‖ at the KS-chosen k (a tail index, not a Student-t ν), with a batch-means
/// error over chain groups.
/// </summary>
[Experiment("sgd-tail-regime", Version = 1,
    Title = "SGD's tail index across γd/B against the hSGD bounds (project's derivation) and the exact discrete index",
    Paper = "jiao-keller-ressel-2024")]
public sealed partial class SgdTailRegime
{
    // (d, γd/B) cases: per dimension, ratios from the smallest whose tail index an estimator can still see
    // (α below about 10) to the stability edge.
    [Quick(1, 1, 1, 2, 2, 2, 10, 10)]
    [Paper(1, 1, 1, 1, 2, 2, 2, 2, 5, 5, 5, 10, 10, 10, 20, 20)]
    [Zip("case")]
    public int Dimension { get; init; }

    [Quick(0.25, 0.5, 1.0, 0.5, 1.0, 1.5, 1.5, 1.7)]
    [Paper(0.1, 0.25, 0.5, 1.0, 0.25, 0.5, 1.0, 1.5, 0.5, 1.0, 1.5, 1.0, 1.5, 1.7, 1.5, 1.8)]
    [Zip("case")]
    public double Regime { get; init; }

    [Quick(1)]
    [Paper(1, 2)]
    public int BatchSize { get; init; }

    [Values(0.0, 0.1)]
    public double Ridge { get; init; }

    [Quick(600)]
    [Paper(4000)]
    public int Chains { get; init; }

    [Quick(1500)]
    [Paper(4000)]
    public int Steps { get; init; }

    /// <param name="ExactIndex">α from h(α) = 1; null where the Lyapunov exponent is non-negative (no stationary law).</param>
    /// <param name="HsgdLower">η_*, the hSGD lower bound; for Σ = I it equals <paramref name="HsgdUpper"/>, the exact hSGD index.</param>
    /// <param name="SgdTailIndex">Hill's tail index of ‖x − x*‖ at the KS-chosen k.</param>
    /// <param name="SgdTailCount">The k chosen for <paramref name="SgdTailIndex"/>.</param>
    public sealed record Row(
        double LearningRate,
        double HsgdLower,
        double HsgdUpper,
        double? ExactIndex,
        double LyapunovExponent,
        double SgdTailIndex,
        double SgdTailIndexError,
        int SgdTailCount,
        int Samples);

    private const int Groups = 8;

    [Run]
    public Row Run(RunContext context)
    {
        Require.AtLeast(Dimension, 1);
        Require.Positive(Regime);
        Require.AtLeast(BatchSize, 1);
        Require.NonNegative(Ridge);
        Require.AtLeast(Chains, 2 * Groups);
        Require.AtLeast(Steps, 8);
        var gamma = Regime * BatchSize / Dimension;
        var spectrum = Enumerable.Repeat(1.0, Dimension).ToArray();
        var problem = new LinearRegressionProblem(spectrum, new double[Dimension], noiseStd: 1, Ridge);
        var samples = StreamingSgd.Run(problem, new ChainSettings(gamma, BatchSize, Chains, Steps, BurnIn: Steps / 4, Thin: 10), context.Stream("sgd"), context.Cancellation);
        if (samples.DivergedChains > 0) throw new DivergedException($"{samples.DivergedChains} of {Chains} chains diverged");
        context.ReportProgress(0.7);
        var norms = samples.Norms();
        var hill = Tail(norms);
        var (lower, upper) = HsgdTailIndex.Bounds(spectrum, gamma, BatchSize, Ridge);
        var exact = new GszTailIndex(gamma, BatchSize, Dimension, ridge: Ridge);
        return new Row(gamma, lower, upper, RunContext.FiniteOrNull(exact.Solve().Index), exact.LyapunovExponent(),
            hill.Index, BatchMeans.StandardError(norms, Groups, g => Tail(g).Index), hill.TailCount, samples.Count);
    }

    // Tails between 50 points and a fifth of the sample: the KS scan may not pick a handful of extremes or the body.
    private static TailEstimate Tail(double[] norms) => HillEstimator.WithKsChosenTail(norms, minTailCount: 50, maxTailCount: norms.Length / 5);

    /// <summary>
    /// Cells whose exact discrete index Hill's estimate can resolve at this sample size: α ≤ 2.5. Hill's second-order
    /// bias on SGD iterates grows with α (quick profile, 6.7·10⁴ snapshots: −3 % at α = 2, −10 % at α = 2.9, −15 to
    /// −22 % at α = 5.9–6.6; estimator-calibration: −10 % at α = 3 with 2·10⁴ iid-like snapshots; docs/estimators.md).
    /// </summary>
    private static IEnumerable<(SgdTailRegime Cell, Row Row)> WithinHillsReach(ResultTable<SgdTailRegime, Row> results) =>
        results.Completed.Where(r => r.Row.ExactIndex is <= 2.5);

    private static Estimate Sgd(Row row) => new(row.SgdTailIndex, row.SgdTailIndexError);

    private static string Cell(SgdTailRegime c) => $"d={c.Dimension} γd/B={c.Regime} B={c.BatchSize} δ={c.Ridge}";

    /// <summary>
    /// The headline at small γd/B (≤ 0.5): Holm over those cells' tests of SGD's tail index lying outside [η_*, η*],
    /// family-wise 5 %. Recorded as a known failure: in every such cell the exact discrete index α lies 25–45 % below
    /// η (d = 1, γd/B = 0.25: α = 6.5 against η = 9; d = 2, γd/B = 0.5: 5.9 against 8; computed, not estimated), and
    /// SGD's estimate lies lower still (Hill is biased low at these α, see <see cref="WithinHillsReach"/>). The hSGD
    /// index approaches α (within about 10 %) only where d ≥ 5 and γd/B ≤ 0.5, and there both exceed 15: SGD's tails
    /// are then beyond any estimator's reach (the regime map in docs/hsgd-tail-index.md).
    /// </summary>
    [Claim("Small γd/B (≤ 0.5): SGD's tail index lies within the hSGD bounds [η_*, η*] (project's derivation)", KnownToFail = true)]
    public static ClaimResult WithinHsgdBoundsAtSmallStep(ResultTable<SgdTailRegime, Row> results) =>
        Agreement.WithinBounds(results.Completed.Where(r => r.Cell.Regime <= 0.5), r => Cell(r.Cell), r => Sgd(r.Row), r => (r.Row.HsgdLower, r.Row.HsgdUpper));

    /// <summary>
    /// Holm over the two-sided z-tests of SGD's Hill index against α from h(α) = 1 in every cell where α ≤ 10 (where a
    /// heavy tail is there to measure), family-wise 5 %. Recorded as a known failure of the estimator, not of α:
    /// Hill's low bias grows with α (see <see cref="WithinHillsReach"/>) — −15 to −22 % at α ≈ 6, many SEs — and
    /// `estimator-calibration` measures the same bias on SGD iterates whose exact index is known (docs/estimators.md).
    /// Even restricted to α ≤ 2.5 it passed only 1 of 10 calibration seeds (Hill 3–7 % off there). The claims the
    /// estimator's accuracy supports are <see cref="NearerExactThanHsgd"/> and <see cref="BelowHsgdBoundsNearTheEdge"/>.
    /// </summary>
    [Claim("Across γd/B, d and δ: SGD's tail index is the exact discrete index α of h(α) = 1 (every cell with α ≤ 10)", KnownToFail = true)]
    public static ClaimResult FollowsExactDiscreteIndex(ResultTable<SgdTailRegime, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Row.ExactIndex is <= 10), r => Cell(r.Cell), r => Sgd(r.Row), r => r.Row.ExactIndex!.Value);

    /// <summary>
    /// Which index does SGD follow? In every cell within Hill's reach (α ≤ 2.5) whose exact discrete α lies below the
    /// hSGD index η_* (all of them here), SGD's tail index lies below the midpoint (α + η_*)/2, i.e. nearer α than η_*
    /// (one-sided z-tests, every cell). There Hill's bias is a few per cent and the midpoint lies at least 50 % above α;
    /// at larger α Hill's low bias (docs/estimators.md) would push the same way, so those cells are left out.
    /// </summary>
    [Claim("SGD's tail index lies nearer the exact discrete index α than the hSGD index η_* (project's derivation): below their midpoint, where α ≤ 2.5")]
    public static ClaimResult NearerExactThanHsgd(ResultTable<SgdTailRegime, Row> results) =>
        Comparison.Below(WithinHillsReach(results).Where(r => r.Row.ExactIndex < r.Row.HsgdLower), r => Cell(r.Cell), r => Sgd(r.Row),
            r => 0.5 * (r.Row.ExactIndex!.Value + r.Row.HsgdLower));

    /// <summary>
    /// Near the stability edge (γd/B ≥ 1.5) the departure is measured: SGD's tail index lies below the hSGD lower
    /// bound η_* (one-sided z-tests, every cell with a stationary law; the exact discrete α is 0.6–5.6 there against
    /// η = 2.7–6.7).
    /// </summary>
    [Claim("Near the stability edge (γd/B ≥ 1.5): SGD's tail index lies below the hSGD lower bound η_* (project's derivation)")]
    public static ClaimResult BelowHsgdBoundsNearTheEdge(ResultTable<SgdTailRegime, Row> results) =>
        Comparison.Below(results.Completed.Where(r => r.Cell.Regime >= 1.5 && r.Row.ExactIndex is not null), r => Cell(r.Cell), r => Sgd(r.Row), r => r.Row.HsgdLower);

    /// <summary>Per dimension and ridge: SGD's tail index (Hill, KS-chosen k, ± SE) against γd/B, with the hSGD index and the exact discrete index.</summary>
    [Figure("regime")]
    public static Figure RegimeSweep(ResultTable<SgdTailRegime, Row> results)
    {
        var figure = new Figure("Jiao & Keller-Ressel, isotropic data: SGD's tail index against the hSGD bounds (project's derivation) and the exact discrete index h(α) = 1");
        foreach (var g in results.Completed.GroupBy(r => (r.Cell.Dimension, r.Cell.BatchSize, r.Cell.Ridge)).OrderBy(g => g.Key))
        {
            var rows = g.OrderBy(r => r.Cell.Regime).ToArray();
            figure.Panel($"d = {g.Key.Dimension}, B = {g.Key.BatchSize}, δ = {g.Key.Ridge}", "γd/B", "tail index")
                .Band("hSGD bounds η_* ≤ η ≤ η*", rows.Select(r => r.Cell.Regime).ToArray(), rows.Select(r => r.Row.HsgdLower).ToArray(), rows.Select(r => r.Row.HsgdUpper).ToArray())
                .LinesBy(rows.Where(r => r.Row.ExactIndex is not null), _ => "exact discrete α, h(α) = 1", k => k, r => r.Cell.Regime, r => r.Row.ExactIndex!.Value)
                .PointsBy(rows, _ => "SGD: Hill (KS-chosen k)", k => k, r => r.Cell.Regime, r => r.Row.SgdTailIndex, r => r.Row.SgdTailIndexError);
        }
        return figure;
    }
}
