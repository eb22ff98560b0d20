using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Numerics;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>
/// The paper's headline, that the hSGD bounds approximate SGD's empirical tail index, tested across the regime
/// r = γd/B from small to the stability edge, for several dimensions d and ridges δ, on isotropic Gaussian data
/// (Σ = I). There the hSGD bounds (the project's derivation, docs/hsgd-tail-index.md) collapse to
/// η = 2 − d + 2B(1 + δ)/γ, and the exact index α of discrete SGD is known too: h(α) = 1 (Gurbuzbalaban, Simsekli
/// &amp; Zhu 2021; the ridge extension is the project's). SGD on fresh data is run in many chains; its tail
/// index is Hill's estimate on ‖x − x*‖ (at the KS-chosen k and at k = √n; tail indices, not a Student-t ν), with a
/// batch-means error over chain groups. Why α and η differ, and where they agree, is the project's derivation in
/// docs/hsgd-tail-index.md: α is set by large deviations of one step's batch curvature, and α/η tends to κ*/2 ≈ 0.90,
/// not 1, as γ → 0.
/// </summary>
[Experiment("sgd-tail-regime", Version = 3,
    Title = "SGD's tail index across γd/B against the hSGD bounds (project's derivation) and the exact discrete index",
    Paper = "jiao-keller-ressel-2024")]
public sealed partial class SgdTailRegime
{
    // (d, γd/B) cases: per dimension, ratios from the smallest whose tail index an estimator can still see
    // (α below about 10) to the stability edge, and the cells the exact solvers put in the agreement regime
    // (d = 10, γd/B = 1.3 and 1.4; d = 20, γd/B = 1.75; see InAgreementRegime), run with more chains.
    [Quick(1, 1, 1, 2, 2, 2, 10, 10, 10, 10, 20)]
    [Paper(1, 1, 1, 1, 2, 2, 2, 2, 5, 5, 5, 10, 10, 10, 10, 10, 20, 20, 20)]
    [Zip("case")]
    public int Dimension { get; init; }

    [Quick(0.25, 0.5, 1.0, 0.5, 1.0, 1.5, 1.5, 1.7, 1.3, 1.4, 1.75)]
    [Paper(0.1, 0.25, 0.5, 1.0, 0.25, 0.5, 1.0, 1.5, 0.5, 1.0, 1.5, 1.0, 1.3, 1.4, 1.5, 1.7, 1.5, 1.75, 1.8)]
    [Zip("case")]
    public double Regime { get; init; }

    [Quick(1)]
    [Paper(1, 2)]
    public int BatchSize { get; init; }

    [Values(0.0, 0.1)]
    public double Ridge { get; init; }

    [Quick(600, 600, 600, 600, 600, 600, 600, 600, 1200, 1200, 1200)]
    [Paper(4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 8000, 8000, 4000, 4000, 4000, 8000, 4000)]
    [Zip("case")]
    public int Chains { get; init; }

    [Quick(1500)]
    [Paper(4000)]
    public int Steps { get; init; }

    /// <param name="ExactIndex">α from h(α) = 1; null where the Lyapunov exponent is non-negative (no stationary law).</param>
    /// <param name="HsgdLower">η_*, the hSGD lower bound; for Σ = I it equals <paramref name="HsgdUpper"/>, the exact hSGD index.</param>
    /// <param name="SgdTailIndex">Hill's tail index of ‖x − x*‖ at the KS-chosen k.</param>
    /// <param name="SgdTailIndexError">The batch-means SE over <see cref="Groups"/> groups of whole chains: the spread of the
    /// groups' readings/√groups. It is the exact SE of <paramref name="SgdBlockTailIndex"/> and understates the whole-sample
    /// reading's, whose KS-chosen k jumps from run to run (docs/hsgd-tail-index.md).</param>
    /// <param name="SgdTailCount">The k chosen for <paramref name="SgdTailIndex"/>.</param>
    /// <param name="SgdBlockTailIndex">The mean of Hill's readings (KS-chosen k) on the <see cref="Groups"/> independent groups of
    /// chains, each of n/<see cref="Groups"/> snapshots; its SE is <paramref name="SgdTailIndexError"/> (groups − 1 degrees of freedom).</param>
    /// <param name="HsgdLawTailIndex">Only in <see cref="InAgreementRegime"/> cells: Hill (KS-chosen k) on iid draws from hSGD's
    /// exact stationary law (multivariate Student-t with ν = η), as many per draw as one group of SGD's snapshots, mean over
    /// <see cref="ReferenceReplicates"/> draws — what this estimator reads at that size on a law whose index is exactly η.</param>
    /// <param name="HsgdLawTailIndexError">Standard error of that mean (replicate spread/√R, R − 1 degrees of freedom).</param>
    /// <param name="SgdHillSqrtK">Hill's tail index of ‖x − x*‖ at k = ⌊√n⌋ (for comparison; at α ≈ 5–8 about as biased as the KS-chosen k, and noisier).</param>
    public sealed record Row(
        double LearningRate,
        double HsgdLower,
        double HsgdUpper,
        double? ExactIndex,
        double LyapunovExponent,
        double SgdTailIndex,
        double SgdTailIndexError,
        int SgdTailCount,
        double SgdHillSqrtK,
        double SgdHillSqrtKError,
        double SgdBlockTailIndex,
        double? HsgdLawTailIndex,
        double? HsgdLawTailIndexError,
        int Samples);

    /// <summary>Independent groups of whole chains, for the batch-means SE and the block readings.</summary>
    public const int Groups = 8;

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
        var blocks = BatchMeans.OfGroups(norms, Groups, g => Tail(g).Index);
        var (lower, upper) = HsgdTailIndex.Bounds(spectrum, gamma, BatchSize, Ridge);
        var exact = new GszTailIndex(gamma, BatchSize, Dimension, ridge: Ridge);
        var row = new Row(gamma, lower, upper, RunContext.FiniteOrNull(exact.Solve().Index), exact.LyapunovExponent(),
            hill.Index, blocks.StandardError, hill.TailCount,
            HillEstimator.Estimate(norms).Index, BatchMeans.StandardError(norms, Groups, g => HillEstimator.Estimate(g).Index), blocks.Mean, null, null, samples.Count);
        if (!InAgreementRegime(row)) return row;
        // The same estimator at one group's size on hSGD's stationary law, whose index is exactly η (chosen a priori: only in the agreement regime).
        var rng = context.Stream("hsgd-law");
        var readings = Enumerable.Range(0, ReferenceReplicates)
            .Select(_ => Tail(HsgdStationaryNorms(rng, Dimension, lower, problem.NoiseStd, norms.Length / Groups)).Index).ToArray();
        var reference = Summary.Of(readings);
        return row with { HsgdLawTailIndex = reference.Mean, HsgdLawTailIndexError = reference.StandardError };
    }

    /// <summary>Independent draws of hSGD's stationary law per agreement-regime cell, to average the estimator's reading on it.</summary>
    public const int ReferenceReplicates = 32;

    /// <summary>
    /// Norms of iid draws from homogenized SGD's stationary law for Σ = I and x₀ = x* = 0 (the project's derivation,
    /// docs/hsgd-tail-index.md): the density ∝ (|y|² + σ²)^{−(1 + B(1+δ)/γ)} is a d-variate Student-t with ν = η degrees
    /// of freedom and scale σ/√ν, so y = σ z/√W with z ~ N(0, I_d), W ~ χ²_ν.
    /// </summary>
    internal static double[] HsgdStationaryNorms(Rng rng, int dimension, double nu, double noiseStd, int count)
    {
        var norms = new double[count];
        for (var n = 0; n < count; n++)
        {
            var squares = 0.0;
            for (var i = 0; i < dimension; i++)
            {
                var z = rng.NextGaussian();
                squares += z * z;
            }
            norms[n] = noiseStd * Math.Sqrt(squares / Samplers.ChiSquared(rng, nu));
        }
        return norms;
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

    /// <summary>The mean of the groups' readings, with its exact SE (independent groups, groups − 1 degrees of freedom).</summary>
    public static Estimate SgdBlocks(Row row) => new(row.SgdBlockTailIndex, row.SgdTailIndexError, Groups - 1);

    private static string Cell(SgdTailRegime c) => $"d={c.Dimension} γd/B={c.Regime} B={c.BatchSize} δ={c.Ridge}";

    /// <summary>
    /// The margin of the headline's equivalence test, as a fraction of η ("close"), and the departure the edge claim
    /// requires the solvers to show.
    /// </summary>
    public const double Margin = 0.10;

    /// <summary>
    /// Largest relative gap |α − η|/η the exact solvers may show for a cell to be in the agreement regime: half the
    /// margin, so that a cell where the theory itself puts SGD near the margin's edge (no run could show it inside)
    /// is not asked to pass.
    /// </summary>
    public const double AgreementGap = Margin / 2;

    /// <summary>
    /// Smallest and largest exact index α of the agreement regime: tails heavy enough that 10⁵ snapshots see them
    /// (Hill's low bias on SGD iterates and on Student-t laws grows with α: about −10 % at α = 3, −10 to −24 % at 6–9).
    /// </summary>
    public const double LowestIndex = 4, HighestIndex = 8;

    /// <summary>
    /// The regime where the theory says the paper's statement should hold, decided a priori by the exact solvers (no
    /// simulation result enters): the exact discrete index α (h(α) = 1) lies within 5 % of the hSGD index η_*
    /// (= η* for Σ = I), and 4 ≤ α ≤ 8. In both grids: d = 10, γd/B = 1.3 (α = 7.60, η = 7.38) and 1.4 (6.06, 6.29),
    /// d = 20, γd/B = 1.75 (4.84, 4.86), B = 1, δ = 0 — near the crossing of α and η; the small-step limit α/η → 0.90
    /// does not come within 5 % (docs/hsgd-tail-index.md).
    /// </summary>
    public static bool InAgreementRegime(Row row) =>
        row.ExactIndex is { } alpha && alpha >= LowestIndex && alpha <= HighestIndex && Math.Abs(alpha - row.HsgdLower) <= AgreementGap * row.HsgdLower;

    /// <summary>
    /// The headline's test against a prediction of what the estimator reads at one group's size: the mean of SGD's Hill
    /// readings (KS-chosen k) on the independent groups of chains (their spread/√groups, combined with the prediction's
    /// SE, Welch degrees of freedom) lies within ±10 % of η of <paramref name="prediction"/>: two one-sided tests per
    /// cell, every cell of <see cref="InAgreementRegime"/> (intersection–union), level 5 %. The claim's prediction is
    /// the reading on hSGD's law; tests move it.
    /// </summary>
    public static ClaimResult CloseToPrediction(ResultTable<SgdTailRegime, Row> results, Func<Row, Estimate> prediction) =>
        Equivalence.Tost(results.Completed.Where(r => InAgreementRegime(r.Row) && r.Row.HsgdLawTailIndex is not null), r => Cell(r.Cell),
            r => { var difference = SgdBlocks(r.Row).Minus(prediction(r.Row)); return new Estimate(r.Row.SgdBlockTailIndex, difference.StandardError, difference.DegreesOfFreedom); },
            r => prediction(r.Row).Value, r => Margin * r.Row.HsgdLower);

    /// <summary>What Hill (KS-chosen k) reads at one group's size on hSGD's stationary law, whose index is exactly η.</summary>
    public static Estimate HsgdLawReading(Row row) =>
        new(row.HsgdLawTailIndex ?? double.NaN, row.HsgdLawTailIndexError ?? double.NaN, ReferenceReplicates - 1);

    /// <summary>
    /// The headline claim, in the regime where the exact solvers put α within 5 % of η (<see cref="InAgreementRegime"/>,
    /// pre-stated): SGD's empirical tail index equals, within ±10 % of η, the empirical tail index of hSGD's stationary
    /// law (index η exactly) read by the same estimator at the same sample size (TOST, every cell, 5 %). Comparing
    /// readings, not a reading with η, takes out Hill's low bias at these indices (−10 to −24 % even on the exact
    /// Student-t law, about the same on SGD iterates), which is larger than the 10 % the theory allows. Both readings
    /// are means over independent draws of one group's size (SGD: its <see cref="Groups"/> groups of chains; hSGD's law:
    /// <see cref="ReferenceReplicates"/> draws), so their SEs are exact: the KS-chosen k jumps from run to run, and the
    /// batch-means SE of a whole-sample reading (version 2's statistic) understated its spread about twofold.
    /// Holds at the paper profile (1.2–2.4·10⁶ snapshots a cell); recorded as failing at the quick profile, where a
    /// group holds 1.7·10⁴ snapshots and the two laws' readings part by up to 8 % of η at d = 10, γd/B = 1.3 (the
    /// estimator's finite-sample bias is not the same on both laws; it shrinks with n). Outside the regime the departure
    /// is recorded by <see cref="WithinHsgdBoundsAtSmallStep"/>, <see cref="NearerExactThanHsgd"/> and
    /// <see cref="BelowHsgdBoundsNearTheEdge"/>.
    /// </summary>
    [Claim("Where the exact solvers put α within 5 % of η and 4 ≤ α ≤ 8: SGD's tail index (Hill, KS-chosen k) is within ±10 % of η of the same estimator's reading on hSGD's stationary law (index η; project's derivation)", KnownToFailIn = "quick")]
    public static ClaimResult CloseToHsgdWhereTheoryAgrees(ResultTable<SgdTailRegime, Row> results) =>
        CloseToPrediction(results, HsgdLawReading);

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
    /// bound η_* (one-sided z-tests, every cell with a stationary law where the exact α lies at least the headline's
    /// margin, 10 %, below η_*; α is 0.6–5.6 there against η = 2.7–6.7 in the quick grid). d = 20,
    /// γd/B = 1.75 is left out a priori: there α = 4.84 and η = 4.86 cross.
    /// </summary>
    [Claim("Near the stability edge (γd/B ≥ 1.5, α ≤ 0.9 η_*): SGD's tail index lies below the hSGD lower bound η_* (project's derivation)")]
    public static ClaimResult BelowHsgdBoundsNearTheEdge(ResultTable<SgdTailRegime, Row> results) =>
        Comparison.Below(results.Completed.Where(r => r.Cell.Regime >= 1.5 && r.Row.ExactIndex <= (1 - Margin) * r.Row.HsgdLower), r => Cell(r.Cell), r => Sgd(r.Row), r => r.Row.HsgdLower);

    /// <summary>Per dimension and ridge: SGD's tail index (Hill at the KS-chosen k and at k = √n, ± SE) against γd/B, with the hSGD index and the exact discrete index.</summary>
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
                .PointsBy(rows, _ => "SGD: Hill (KS-chosen k)", k => k, r => r.Cell.Regime, r => r.Row.SgdTailIndex, r => r.Row.SgdTailIndexError)
                .PointsBy(rows, _ => "SGD: Hill (k = √n)", k => k, r => r.Cell.Regime, r => r.Row.SgdHillSqrtK, r => r.Row.SgdHillSqrtKError)
                .PointsBy(rows.Where(r => r.Row.HsgdLawTailIndex is not null), _ => "Hill (KS-chosen k) on hSGD's exact law, index η", k => k, r => r.Cell.Regime,
                    r => r.Row.HsgdLawTailIndex!.Value, r => r.Row.HsgdLawTailIndexError!.Value);
        }
        return figure;
    }

    /// <summary>
    /// The explanation of the departure, from the exact solvers alone (no simulation): α/η against c = γ/B at fixed
    /// (B, d), tending to κ*/2 ≈ 0.90 (<see cref="GszTailIndex.SmallStepLimit"/>), and against r = γd/B at large d.
    /// </summary>
    [Figure("small-step-limit")]
    public static Figure SmallStepLimit(ResultTable<SgdTailRegime, Row> results)
    {
        var figure = new Figure("Exact discrete index over hSGD index, α/η (isotropic, δ = 0; project's derivation): the small-step limit is κ*/2, not 1");
        var limit = GszTailIndex.SmallStepLimit() / 2;
        double Ratio(double gamma, int b, int d) => new GszTailIndex(gamma, b, d).Solve().Index / HsgdTailIndex.Isotropic(d, 1, gamma, b, 0);
        var steps = new[] { 0.001, 0.003, 0.01, 0.03, 0.1 };
        var byStep = figure.Panel("fixed B and d, γ → 0", "c = γ/B", "α/η", Scale.Log).HorizontalLine(limit, "κ*/2 (large-deviation limit)");
        foreach (var (b, d) in new[] { (1, 1), (2, 10), (5, 1), (20, 1) })
        {
            // Two-dimensional quadrature (d > 1) is the costly part: three steps suffice for that line.
            var points = (d == 1 ? steps : [0.001, 0.01, 0.1]).Select(c => (c, Ratio(c * b, b, d))).Where(p => double.IsFinite(p.Item2)).ToArray();
            byStep.Line($"B = {b}, d = {d}", points.Select(p => p.c).ToArray(), points.Select(p => p.Item2).ToArray());
        }
        var ratios = new[] { 0.1, 0.5, 1.0, 1.5 };
        var byRatio = figure.Panel("fixed r = γd/B, B = 1", "γd/B", "α/η").HorizontalLine(limit, "κ*/2").HorizontalLine(1, "α = η");
        foreach (var d in new[] { 10, 100 })
            byRatio.Line($"d = {d}", ratios, ratios.Select(r => Ratio(r / d, 1, d)).ToArray());
        return figure;
    }
}
