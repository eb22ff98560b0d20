namespace ReproHeavyTails.Statistics;

/// <summary>
/// Hill's estimator of the tail index α of |X| from its k largest order statistics:
/// 1/α̂ = (1/k) Σ_{i&lt;k} ln(X_(i) / X_(k)), X_(0) ≥ X_(1) ≥ … the sorted magnitudes.
/// Asymptotic standard error α̂/√k (exact Pareto tail).
/// </summary>
public static class HillEstimator
{
    /// <summary>The documented default choice of k: ⌊√n⌋ (see docs/estimators.md).</summary>
    public static int DefaultTailCount(int n) => Math.Max(2, (int)Math.Sqrt(n));

    public static TailEstimate Estimate(ReadOnlySpan<double> sample, int? tailCount = null) =>
        FromDescending(OrderStatistics.MagnitudesDescending(sample), tailCount);

    /// <summary>
    /// Hill's estimate at a data-driven k: the k of the Clauset–Shalizi–Newman KS scan (<see cref="PowerLawFit.KsScan"/>
    /// on the magnitudes: the threshold whose power-law fit is closest to the empirical tail in KS distance), with
    /// the tail sizes tried between <paramref name="minTailCount"/> and <paramref name="maxTailCount"/> (all: null).
    /// </summary>
    public static TailEstimate WithKsChosenTail(ReadOnlySpan<double> sample, int minTailCount = 10, int? maxTailCount = null)
    {
        var magnitudes = OrderStatistics.MagnitudesDescending(sample);
        var fit = PowerLawFit.KsScan(magnitudes, minTailCount, maxTailCount);
        // The scan's tail holds xmin and the k points above it; Hill's k counts the points above the threshold.
        return FromDescending(magnitudes, fit.TailCount - 1);
    }

    internal static TailEstimate FromDescending(double[] magnitudes, int? tailCount = null)
    {
        var k = tailCount ?? DefaultTailCount(magnitudes.Length);
        OrderStatistics.CheckTailCount(k, k, magnitudes.Length, "Hill");
        var threshold = magnitudes[k];
        if (threshold <= 0) throw new ArgumentException("The (k+1)-th largest magnitude is zero; choose a smaller k.");
        var sum = 0.0;
        for (var i = 0; i < k; i++) sum += Math.Log(magnitudes[i] / threshold);
        var alpha = k / sum;
        return new TailEstimate(alpha, alpha / Math.Sqrt(k), k);
    }
}
