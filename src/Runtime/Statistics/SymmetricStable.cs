namespace ReproHeavyTails.Statistics;

/// <summary>
/// The symmetric α-stable law S(α, 0, σ, μ) with characteristic function exp(iμt − |σt|^α), 0 &lt; α ≤ 2
/// (α = 2 is N(μ, 2σ²), α = 1 is Cauchy). Its tail index is α for α &lt; 2.
/// </summary>
public static class SymmetricStable
{
    // Gauss–Legendre nodes on (0, π/2) for Nolan's integral: the integrand is smooth but peaked near the ends.
    private static readonly (double[] Nodes, double[] Weights) Quadrature = GaussLegendre.Panels(0, Math.PI / 2, panels: 32, order: 16);

    /// <summary>
    /// The standard CDF (σ = 1, μ = 0) by Nolan's (1997) integral for β = 0: for x &gt; 0 and α ≠ 1,
    /// F(x) = c + sign(1 − α)/π ∫₀^{π/2} exp(−x^{α/(α−1)} V(θ)) dθ,
    /// V(θ) = (cos θ / sin αθ)^{α/(α−1)} · cos((α−1)θ) / cos θ, with c = ½ for α &lt; 1 and c = 1 for α &gt; 1.
    /// </summary>
    public static double Cdf(double x, double alpha, double scale = 1, double location = 0)
    {
        if (alpha <= 0 || alpha > 2) throw new ArgumentOutOfRangeException(nameof(alpha), "α must lie in (0, 2].");
        var z = (x - location) / scale;
        if (z == 0) return 0.5;
        if (z < 0) return 1 - Cdf(-z, alpha);
        if (double.IsPositiveInfinity(z)) return 1;
        if (alpha == 2) return 0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(z / 2));
        if (alpha == 1) return 0.5 + Math.Atan(z) / Math.PI;
        var exponent = alpha / (alpha - 1);
        var zPower = Math.Pow(z, exponent);
        var integral = 0.0;
        var (nodes, weights) = Quadrature;
        for (var i = 0; i < nodes.Length; i++)
        {
            var theta = nodes[i];
            var v = Math.Pow(Math.Cos(theta) / Math.Sin(alpha * theta), exponent) * Math.Cos((alpha - 1) * theta) / Math.Cos(theta);
            var term = Math.Exp(-zPower * v);
            if (double.IsFinite(term)) integral += weights[i] * term;
        }
        return alpha < 1 ? 0.5 + integral / Math.PI : 1 - integral / Math.PI;
    }

    /// <summary>The standard law's p-quantile, by bisection on <see cref="Cdf"/>.</summary>
    public static double Quantile(double p, double alpha)
    {
        if (p <= 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1).");
        if (p < 0.5) return -Quantile(1 - p, alpha);
        double lo = 0, hi = 1;
        while (Cdf(hi, alpha) < p) hi *= 2;
        for (var i = 0; i < 100 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(mid, alpha) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
