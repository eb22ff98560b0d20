namespace ReproHeavyTails.Statistics;

/// <summary>
/// A continuous power law p(x) ∝ x^{−α} for x ≥ xmin fitted to positive data (Clauset, Shalizi &amp; Newman
/// 2009): α̂ = 1 + n / Σ ln(x_i/xmin) over the n points ≥ xmin, standard error (α̂ − 1)/√n. The tail
/// index of the ccdf is α̂ − 1. The KS distance is WeightWatcher's: D = max_k |1 − (x_(k)/xmin)^{1−α} − k/n|
/// over the ascending tail, and D = 1 when α̂ ≤ 1.
/// </summary>
public readonly record struct PowerLawFit(double Exponent, double StandardError, double XMin, int TailCount, double KsDistance)
{
    public double TailIndex => Exponent - 1;

    /// <summary>The fit above a given xmin (e.g. the median, as WeightWatcher's quick "Hill" alpha does).</summary>
    public static PowerLawFit AboveXMin(ReadOnlySpan<double> values, double xmin)
    {
        var x = Ascending(values);
        var start = Array.FindIndex(x, v => v >= xmin);
        if (start < 0 || x.Length - start < 2) throw new ArgumentException($"Fewer than two values at or above xmin = {xmin}.");
        return FitFrom(x, start, SuffixLogSums(x), Array.ConvertAll(x, Math.Log), double.PositiveInfinity);
    }

    /// <summary>
    /// Clauset's method: every value whose tail holds between <paramref name="minTailCount"/> and
    /// <paramref name="maxTailCount"/> points is tried as xmin; the fit with the smallest KS distance wins.
    /// </summary>
    public static PowerLawFit KsScan(ReadOnlySpan<double> values, int minTailCount = 10, int? maxTailCount = null)
    {
        var x = Ascending(values);
        var logSums = SuffixLogSums(x);
        var logs = Array.ConvertAll(x, Math.Log);
        var first = Math.Max(0, x.Length - (maxTailCount ?? x.Length));
        var last = x.Length - Math.Max(2, minTailCount);
        var best = default(PowerLawFit);
        var bestAt = -1;
        void Consider(int i)
        {
            if (x[i] <= 0 || (i > first && x[i] == x[i - 1])) return;
            var fit = FitFrom(x, i, logSums, logs, bestAt < 0 ? double.PositiveInfinity : best.KsDistance);
            // The smallest D wins, and among equal ones the first candidate in ascending order, whatever order they are tried in.
            if (bestAt < 0 || fit.KsDistance < best.KsDistance || (fit.KsDistance == best.KsDistance && i < bestAt)) (best, bestAt) = (fit, i);
        }
        // A coarse pass first finds a fit near the best, against which the full scan rejects most candidates early.
        for (var i = first; i <= last; i += CoarseStep) Consider(i);
        for (var i = first; i <= last; i++) Consider(i);
        if (bestAt < 0) throw new ArgumentException($"A KS scan needs at least {minTailCount} positive values; got {x.Length}.");
        return best;
    }

    /// <summary>
    /// The fit from x[start] on. A fit whose D passes <paramref name="stopAbove"/> cannot win, so its D is only bounded:
    /// a coarse pass and a look near its largest deviation reject most losers at a fraction of the cost, and only a
    /// fit that survives them is measured at every point. The winner's D is the full maximum either way, the same
    /// number in the same bits, since a maximum does not depend on the order its terms are visited in.
    /// </summary>
    private static PowerLawFit FitFrom(double[] x, int start, double[] logSums, double[] logs, double stopAbove)
    {
        var n = x.Length - start;
        var xmin = x[start];
        // Σ_{j≥start} ln(x_j/xmin) = Σ ln x_j − n ln xmin.
        var alpha = 1 + n / (logSums[start] - n * Math.Log(xmin));
        var d = 1.0;
        if (alpha > 1)
        {
            var logXmin = logs[start];
            double Deviation(int k) => Math.Abs(1 - Math.Exp((1 - alpha) * (logs[start + k] - logXmin)) - (double)k / n);
            // Every Stride-th point, then every point near the largest of those (the maximum is usually there), then all.
            var (largest, at) = (0.0, 0);
            for (var k = 0; k < n && largest <= stopAbove; k += Stride)
                if (Deviation(k) is var e && e > largest) (largest, at) = (e, k);
            d = largest;
            for (var k = Math.Max(0, at - Stride); k < Math.Min(n, at + Stride) && d <= stopAbove; k++) d = Math.Max(d, Deviation(k));
            for (var k = 0; k < n && d <= stopAbove; k++) d = Math.Max(d, Deviation(k));
        }
        return new PowerLawFit(alpha, (alpha - 1) / Math.Sqrt(n), xmin, n, d);
    }

    private const int Stride = 64, CoarseStep = 256;

    private static double[] Ascending(ReadOnlySpan<double> values)
    {
        var x = values.ToArray();
        if (x.Any(v => v <= 0 || !double.IsFinite(v))) x = x.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        Array.Sort(x);
        return x;
    }

    private static double[] SuffixLogSums(double[] x)
    {
        var sums = new double[x.Length + 1];
        for (var i = x.Length - 1; i >= 0; i--) sums[i] = sums[i + 1] + Math.Log(x[i]);
        return sums;
    }
}
