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
        var best = default(PowerLawFit);
        var found = false;
        for (var i = first; i <= x.Length - Math.Max(2, minTailCount); i++)
        {
            if (x[i] <= 0 || (i > first && x[i] == x[i - 1])) continue;
            var fit = FitFrom(x, i, logSums, logs, found ? best.KsDistance : double.PositiveInfinity);
            if (!found || fit.KsDistance < best.KsDistance) (best, found) = (fit, true);
        }
        if (!found) throw new ArgumentException($"A KS scan needs at least {minTailCount} positive values; got {x.Length}.");
        return best;
    }

    /// <summary>The fit from x[start] on; the KS loop stops early once D passes <paramref name="stopAbove"/> (it cannot win then).</summary>
    private static PowerLawFit FitFrom(double[] x, int start, double[] logSums, double[] logs, double stopAbove)
    {
        var n = x.Length - start;
        var xmin = x[start];
        // Σ_{j≥start} ln(x_j/xmin) = Σ ln x_j − n ln xmin.
        var alpha = 1 + n / (logSums[start] - n * Math.Log(xmin));
        var d = 1.0;
        if (alpha > 1)
        {
            d = 0;
            var logXmin = logs[start];
            for (var k = 0; k < n && d <= stopAbove; k++)
                d = Math.Max(d, Math.Abs(1 - Math.Exp((1 - alpha) * (logs[start + k] - logXmin)) - (double)k / n));
        }
        return new PowerLawFit(alpha, (alpha - 1) / Math.Sqrt(n), xmin, n, d);
    }

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
