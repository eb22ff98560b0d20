namespace ReproHeavyTails.Statistics;

/// <summary>
/// The moment estimator of Dekkers, Einmahl &amp; de Haan (1989): with M_j = (1/k) Σ_{i&lt;k} ln^j(X_(i)/X_(k)),
/// ξ̂ = M₁ + 1 − ½(1 − M₁²/M₂)^{−1}, reported as α̂ = 1/ξ̂. For ξ &gt; 0 its asymptotic variance is
/// (1 + ξ²)/k, so SE(α̂) = √(1 + ξ̂²)/(ξ̂²√k).
/// </summary>
public static class MomentEstimator
{
    public static TailEstimate Estimate(ReadOnlySpan<double> sample, int? tailCount = null)
    {
        var x = OrderStatistics.MagnitudesDescending(sample);
        var k = tailCount ?? HillEstimator.DefaultTailCount(x.Length);
        OrderStatistics.CheckTailCount(k, k, x.Length, "Moment");
        double m1 = 0, m2 = 0;
        for (var i = 0; i < k; i++)
        {
            var l = Math.Log(x[i] / x[k]);
            m1 += l;
            m2 += l * l;
        }
        m1 /= k;
        m2 /= k;
        var xi = m1 + 1 - 0.5 / (1 - m1 * m1 / m2);
        return new TailEstimate(1 / xi, Math.Sqrt(1 + xi * xi) / (xi * xi * Math.Sqrt(k)), k);
    }
}
