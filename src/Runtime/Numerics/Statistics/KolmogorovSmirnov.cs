namespace ReproHeavyTails.Statistics;

/// <summary>One-sample Kolmogorov–Smirnov test of a sample against a continuous CDF.</summary>
public static class KolmogorovSmirnov
{
    /// <summary>D = sup |F_n − F| and the asymptotic p-value P(K &gt; √n·D) of the Kolmogorov distribution.</summary>
    public static (double Statistic, double PValue) Test(ReadOnlySpan<double> sample, Func<double, double> cdf)
    {
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        var d = Statistic(sorted, cdf);
        return (d, PValue(d, sorted.Length));
    }

    /// <summary>D for an ascending sample.</summary>
    public static double Statistic(ReadOnlySpan<double> ascending, Func<double, double> cdf)
    {
        var n = ascending.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(ascending[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    /// <summary>
    /// Asymptotic p-value with Stephens' small-sample correction of the argument:
    /// Q(λ) = 2 Σ (−1)^{j−1} exp(−2 j² λ²), λ = (√n + 0.12 + 0.11/√n)·D.
    /// Not exact for parameters fitted on the same sample (then it is conservative).
    /// </summary>
    public static double PValue(double d, int n)
    {
        var sqrtN = Math.Sqrt(n);
        var lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
        if (lambda < 0.2) return 1;
        double sum = 0, sign = 1;
        for (var j = 1; j <= 100; j++)
        {
            var term = Math.Exp(-2 * j * j * lambda * lambda);
            sum += sign * term;
            if (term < 1e-16) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }
}
