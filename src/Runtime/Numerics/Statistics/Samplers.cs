using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Statistics;

/// <summary>
/// Seeded samplers owned by the project (so results never change with a library's sampler):
/// Pareto, gamma, chi-squared, Student-t and symmetric α-stable. Each is pinned by moment and KS tests.
/// </summary>
public static class Samplers
{
    /// <summary>Pareto with tail index α and scale xm: P(X &gt; x) = (xm/x)^α for x ≥ xm, by inversion.</summary>
    public static double Pareto(Rng rng, double alpha, double scale = 1) => scale * Math.Pow(rng.NextOpenDouble(), -1 / alpha);

    /// <summary>Gamma(shape, 1) by Marsaglia &amp; Tsang (2000); shapes below 1 use the U^(1/shape) boost.</summary>
    public static double Gamma(Rng rng, double shape)
    {
        if (shape <= 0) throw new ArgumentOutOfRangeException(nameof(shape), "The shape must be positive.");
        if (shape < 1) return Gamma(rng, shape + 1) * Math.Pow(rng.NextOpenDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = rng.NextOpenDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Chi-squared with k degrees of freedom: 2·Gamma(k/2).</summary>
    public static double ChiSquared(Rng rng, double k) => 2 * Gamma(rng, k / 2);

    /// <summary>Student-t with ν degrees of freedom: Z / sqrt(χ²_ν / ν). Its tail index is ν.</summary>
    public static double StudentT(Rng rng, double nu) => rng.NextGaussian() / Math.Sqrt(ChiSquared(rng, nu) / nu);

    /// <summary>
    /// Symmetric α-stable with characteristic function exp(−|σt|^α), by Chambers, Mallows &amp; Stuck (1976):
    /// V ~ U(−π/2, π/2), W ~ Exp(1), X = sin(αV)/cos(V)^{1/α} · (cos((1−α)V)/W)^{(1−α)/α}.
    /// </summary>
    public static double SymmetricStable(Rng rng, double alpha, double scale = 1)
    {
        if (alpha <= 0 || alpha > 2) throw new ArgumentOutOfRangeException(nameof(alpha), "α must lie in (0, 2].");
        var v = Math.PI * (rng.NextOpenDouble() - 0.5);
        if (alpha == 1) return scale * Math.Tan(v);
        var w = -Math.Log(rng.NextOpenDouble());
        return scale * Math.Sin(alpha * v) / Math.Pow(Math.Cos(v), 1 / alpha) * Math.Pow(Math.Cos((1 - alpha) * v) / w, (1 - alpha) / alpha);
    }
}
