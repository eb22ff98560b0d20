namespace ReproHeavyTails.Statistics;

/// <summary>
/// Pickands' (1975) estimator of the extreme-value index ξ = 1/α from three order statistics:
/// ξ̂ = ln((X_(k) − X_(2k)) / (X_(2k) − X_(4k))) / ln 2 (descending, 1-based). Valid for any sign of ξ;
/// reported as α̂ = 1/ξ̂ with the delta-method standard error of its asymptotic variance
/// ξ²(2^{2ξ+1} + 1) / (2(2^ξ − 1) ln 2)² / k.
/// </summary>
public static class PickandsEstimator
{
    /// <summary>Default k = ⌊√n⌋, capped so that 4k ≤ n.</summary>
    public static int DefaultTailCount(int n) => Math.Max(1, Math.Min((int)Math.Sqrt(n), n / 4));

    public static TailEstimate Estimate(ReadOnlySpan<double> sample, int? tailCount = null)
    {
        var x = OrderStatistics.MagnitudesDescending(sample);
        var k = tailCount ?? DefaultTailCount(x.Length);
        OrderStatistics.CheckTailCount(k, 4 * k - 1, x.Length, "Pickands");
        var xi = Math.Log((x[k - 1] - x[2 * k - 1]) / (x[2 * k - 1] - x[4 * k - 1])) / Math.Log(2);
        var p = Math.Pow(2, xi);
        var xiSe = Math.Abs(xi) * Math.Sqrt((p * p * 2 + 1) / k) / (2 * (p - 1) * Math.Log(2));
        return new TailEstimate(1 / xi, xiSe / (xi * xi), k);
    }
}
