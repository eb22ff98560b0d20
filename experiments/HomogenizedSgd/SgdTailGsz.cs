using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>
/// The synthetic setup of Gurbuzbalaban, Simsekli &amp; Zhu (2021): SGD on a fixed Gaussian data set
/// (n × d, x₀ ~ 3·N(0, I), label noise 3, start 5·N(0, I)), K iterations, burn-in K/2, many independent
/// runs; the tail index is the median block-sum estimate over GSZ's block sizes, of the post-burn-in
/// average minus the least-squares solution (their protocol) and of the last iterate. Beside it: the
/// h(α) = 1 prediction and the Lyapunov exponent, which says whether a stationary law exists at all, and
/// the runs' measured growth rate of ‖x − x_LS‖. Runs that grow without bound are kept (no run is dropped): the
/// iterates are tracked as e^L·v, so their estimates are exact however far they grow.
/// </summary>
[Experiment("sgd-tail-gsz", Version = 3,
    Title = "SGD tail index in the GSZ synthetic setup against h(α) = 1",
    Paper = "jiao-keller-ressel-2024", Credit = "setup of Gurbuzbalaban, Simsekli & Zhu 2021")]
public sealed partial class SgdTailGsz
{
    [Quick(5, 20)]
    [Paper(1, 2, 3, 4, 5, 10, 20)]
    public int BatchSize { get; init; }

    [Quick(0.04, 0.12, 0.2)]
    [Paper(0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2)]
    public double LearningRate { get; init; }

    [Values(100)]
    public int Dimension { get; init; }

    [Values(10000)]
    public int Samples { get; init; }

    [Quick(200)]
    [Paper(1600)]
    public int Runs { get; init; }

    [Values(1000)]
    public int Iterations { get; init; }

    /// <param name="PredictedIndex">α from h(α) = 1; null where there is none: no stationary law (see <paramref name="Stationary"/>), or no root below 10⁴.</param>
    /// <param name="PredictionError">The change of α when the quadrature resolution is halved; null with <paramref name="PredictedIndex"/>.</param>
    public sealed record Row(
        double? PredictedIndex,
        double? PredictionError,
        double LyapunovExponent,
        bool Stationary,
        double AverageIndex,
        double AverageIndexError,
        double LastIndex,
        double LastIndexError,
        double GrowthRate,
        double GrowthRateError);

    [Run]
    public Row Run(RunContext context)
    {
        Require.AtLeast(Samples, 1);
        Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Samples, BatchSize);
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, 1);
        Require.AtLeast(Runs, 2);
        Require.AtLeast(Iterations, 2);
        // One data set per (B, γ) cell, shared by its runs; the same data set across cells (a shared stream)
        // so that differences between cells come from B and γ alone.
        var data = FiniteDataSgd.Gaussian(Samples, Dimension, dataStd: 1, targetScale: 3, noiseStd: 3, ridge: 0,
            context.SharedStream("data", Samples, Dimension));
        var runs = data.Run(LearningRate, BatchSize, Runs, Iterations, burnIn: Iterations / 2, initScale: 5, context.Stream("sgd"), context.Cancellation);
        var theory = new GszTailIndex(LearningRate, BatchSize, Dimension);
        var (predicted, error) = theory.Solve();
        var lyapunov = theory.LyapunovExponent();
        var growth = Summary.Of(runs.GrowthRates);
        var average = BlockSumEstimator.ScaledMedianOverBlockSizes(runs.Average, runs.AverageLogScales, Dimension);
        var last = BlockSumEstimator.ScaledMedianOverBlockSizes(runs.Last, runs.LastLogScales, Dimension);
        return new Row(RunContext.FiniteOrNull(predicted), RunContext.FiniteOrNull(error), lyapunov, lyapunov < 0, average.Index, average.StandardError, last.Index, last.StandardError,
            growth.Mean, growth.StandardError);
    }

    /// <summary>
    /// The e-folds |λ|·iterations a run needs for its cell to be claimed: near the critical step size the Lyapunov
    /// exponent λ is small, the law relaxes (or the growth takes over from the additive noise) on a time scale 1/|λ|
    /// longer than the run, and neither the stationary index nor the growth rate is what the run measures. Decided by
    /// the solver alone. Found at the paper profile, whose full (B, γ) grid has such cells: B = 10, γ = 0.18 (|λ|·T =
    /// 0.88) read 1.65 instead of 2, and B = 1–4 at their smallest unstable γ (|λ|·T = 0.4–3.8) grew 4–19 % faster than
    /// λ; every quick cell has |λ|·T ≥ 23.
    /// </summary>
    public const double SettledEFolds = 5;

    private static bool Settled((SgdTailGsz Cell, Row Row) r) => Math.Abs(r.Row.LyapunovExponent) * r.Cell.Iterations >= SettledEFolds;

    /// <summary>
    /// Holm over the two-sided z-tests of the block-sum estimate against min(α, 2) = 2 in the stationary cells that
    /// have relaxed (<see cref="SettledEFolds"/>), family-wise 5 %.
    /// </summary>
    [Claim("Where SGD has a stationary law (α from h(α) = 1 is at least 2 here) and the run outlasts its relaxation (|λ|·T ≥ 5), the block-sum estimate reads min(α, 2) = 2")]
    public static ClaimResult StationaryCellsReadTwo(ResultTable<SgdTailGsz, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Row.Stationary && Settled(r)), r => $"B={r.Cell.BatchSize} γ={r.Cell.LearningRate}: block-sum estimate",
            r => new Estimate(r.Row.LastIndex, r.Row.LastIndexError), r => Math.Min(r.Row.PredictedIndex ?? double.PositiveInfinity, 2));

    /// <summary>
    /// Where the exponent is positive: the measured growth rate equals the Lyapunov exponent within 5 % of it,
    /// shown by two one-sided tests (the data set is finite, the prediction is for fresh Gaussian data: the margin
    /// is for that difference, measured at 0.9–1.4 % in v3); and the block-sum estimate reads below 2 (one-sided tests).
    /// Both in every cell whose run spans <see cref="SettledEFolds"/> e-folds of growth.
    /// </summary>
    [Claim("Where h(α) = 1 has no solution (positive Lyapunov exponent, |λ|·T ≥ 5), the runs grow at the predicted rate and read α < 2: divergence, not a stationary heavy tail")]
    public static ClaimResult UnstableCellsGrow(ResultTable<SgdTailGsz, Row> results)
    {
        var growing = results.Completed.Where(r => !r.Row.Stationary && Settled(r)).ToArray();
        string Label(SgdTailGsz c) => $"B={c.BatchSize} γ={c.LearningRate}";
        return ClaimResult.AllOf(
            Equivalence.Tost(growing, r => Label(r.Cell) + ": growth rate vs Lyapunov exponent", r => new Estimate(r.Row.GrowthRate, r.Row.GrowthRateError),
                r => r.Row.LyapunovExponent, r => 0.05 * r.Row.LyapunovExponent),
            Comparison.Below(growing, r => Label(r.Cell) + ": block-sum estimate", r => new Estimate(r.Row.LastIndex, r.Row.LastIndexError), _ => 2));
    }

    [Figure("tail-index")]
    public static Figure TailIndex(ResultTable<SgdTailGsz, Row> results)
    {
        var figure = new Figure("Jiao & Keller-Ressel (GSZ setup): block-sum tail index of SGD iterates against h(α) = 1", columns: 1);
        figure.Panel("Estimates ± SE (markers) and the predicted α (lines); readings near or below 2 mean divergence", "learning rate γ", "tail index α")
            .LinesBy(results.Completed, r => r.Cell.BatchSize, b => $"predicted, B = {b}", r => r.Cell.LearningRate, r => r.Row.PredictedIndex ?? double.NaN)
            .PointsBy(results.Completed, r => r.Cell.BatchSize, b => $"estimate, B = {b}", r => r.Cell.LearningRate, r => r.Row.AverageIndex, r => r.Row.AverageIndexError);
        return figure;
    }
}
