namespace ReproHeavyTails.Statistics;

/// <summary>Quantiles of continuous laws by bisection on the CDF: robust for the heaviest tails, where closed-form inverses fail.</summary>
internal static class CdfInversion
{
    /// <summary>The x with cdf(x) = p, searched outward from <paramref name="center"/> in steps of <paramref name="scale"/>.</summary>
    public static double Quantile(Func<double, double> cdf, double p, double center = 0, double scale = 1)
    {
        if (p <= 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1).");
        double lo = center - scale, hi = center + scale;
        while (cdf(lo) > p) lo = center - 2 * (center - lo);
        while (cdf(hi) < p) hi = center + 2 * (hi - center);
        for (var i = 0; i < 200 && hi - lo > 1e-12 * Math.Max(1, Math.Abs(lo) + Math.Abs(hi)); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
