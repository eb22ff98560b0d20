namespace ReproHeavyTails.Statistics;

/// <summary>
/// The symmetric α-stable law S(α, 0, σ, μ) with characteristic function exp(iμt − |σt|^α), 0 &lt; α ≤ 2
/// (α = 2 is N(μ, 2σ²), α = 1 is Cauchy). Its tail index is α for α &lt; 2.
/// </summary>
public static class SymmetricStable
{
    private static readonly MathNet.Numerics.Integration.GaussLegendreRule Rule = new(0, 1, 16);

    /// <summary>
    /// The standard CDF (σ = 1, μ = 0) by Nolan's (1997) integral for β = 0: for x &gt; 0 and α ≠ 1,
    /// F(x) = c + sign(1 − α)/π ∫₀^{π/2} exp(−g(θ)) dθ, g(θ) = x^{α/(α−1)} V(θ),
    /// V(θ) = (cos θ / sin αθ)^{α/(α−1)} · cos((α−1)θ) / cos θ, with c = ½ for α &lt; 1 and c = 1 for α &gt; 1.
    /// </summary>
    public static double Cdf(double x, double alpha, double scale = 1, double location = 0)
    {
        CheckAlpha(alpha);
        var z = (x - location) / scale;
        if (z == 0) return 0.5;
        if (z < 0) return 1 - Cdf(-z, alpha);
        if (double.IsPositiveInfinity(z)) return 1;
        if (alpha == 2) return 0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(z / 2));
        if (alpha == 1) return 0.5 + Math.Atan(z) / Math.PI;
        if (alpha > 1 && z < SeriesRadius) return 0.5 + Series(z, alpha, odd: true);
        var integral = NolanIntegral(z, alpha, g => Math.Exp(-g));
        return alpha < 1 ? 0.5 + integral / Math.PI : 1 - integral / Math.PI;
    }

    /// <summary>
    /// The standard density by Nolan's (1997) integral for β = 0, x &gt; 0, α ≠ 1:
    /// f(x) = α/(π|α−1|x) ∫₀^{π/2} g(θ) e^{−g(θ)} dθ; symmetric in x.
    /// </summary>
    public static double Density(double x, double alpha, double scale = 1, double location = 0)
    {
        CheckAlpha(alpha);
        var z = Math.Abs((x - location) / scale);
        if (alpha == 2) return Math.Exp(-z * z / 4) / (2 * Math.Sqrt(Math.PI)) / scale;
        if (alpha == 1) return 1 / (Math.PI * (1 + z * z)) / scale;
        if (double.IsInfinity(z)) return 0;
        if (alpha > 1 && z < SeriesRadius) return Series(z, alpha, odd: false) / scale;
        if (z < 1e-8) return MathNet.Numerics.SpecialFunctions.Gamma(1 + 1 / alpha) / Math.PI / scale;
        var integral = NolanIntegral(z, alpha, g => g * Math.Exp(-g));
        return alpha / (Math.PI * Math.Abs(alpha - 1) * z) * integral / scale;
    }

    private static void CheckAlpha(double alpha)
    {
        if (alpha <= 0 || alpha > 2) throw new ArgumentOutOfRangeException(nameof(alpha), "α must lie in (0, 2].");
    }

    /// <summary>
    /// ∫₀^{π/2} kernel(g(θ)) dθ. g is monotone in θ and the kernel changes where g ≈ 1, at a θ* that can sit
    /// arbitrarily close to 0 or π/2 for small or large z; so the interval is split at θ* (found by
    /// bisection on ln g) and each side is covered by Gauss–Legendre panels that halve toward θ*.
    /// </summary>
    private static double NolanIntegral(double z, double alpha, Func<double, double> kernel)
    {
        var exponent = alpha / (alpha - 1);
        var logZ = exponent * Math.Log(z);
        double LogG(double theta) =>
            logZ + exponent * Math.Log(Math.Cos(theta) / Math.Sin(alpha * theta)) + Math.Log(Math.Cos((alpha - 1) * theta)) - Math.Log(Math.Cos(theta));

        const double edge = 1e-13;
        double lo = edge, hi = Math.PI / 2 - edge;
        var rising = LogG(hi) > LogG(lo);
        for (var i = 0; i < 50; i++)
        {
            var mid = 0.5 * (lo + hi);
            if ((LogG(mid) < 0) == rising) lo = mid; else hi = mid;
        }
        var split = 0.5 * (lo + hi);

        double Term(double theta)
        {
            var value = kernel(Math.Exp(LogG(theta)));
            return double.IsFinite(value) ? value : 0;
        }
        return Graded(Term, 0, split) + Graded(Term, Math.PI / 2, split);
    }

    /// <summary>∫ from <paramref name="far"/> to <paramref name="near"/> (either order) with panels halving toward <paramref name="near"/>.</summary>
    private static double Graded(Func<double, double> f, double far, double near)
    {
        var sum = 0.0;
        var length = near - far;
        for (var k = 0; k < 36; k++)
        {
            var a = far + length * (1 - Math.Pow(0.5, k));
            var b = far + length * (1 - Math.Pow(0.5, k + 1));
            for (var i = 0; i < Rule.Order; i++) sum += Rule.Weights[i] * (b - a) * f(a + (b - a) * Rule.Abscissas[i]);
        }
        return Math.Abs(sum);
    }

    // Below this |z| and for α > 1 the power series replaces Nolan's integral, whose integrand turns into
    // a near-step in θ as z → 0 (steeper as α → 1) and defeats fixed quadrature.
    private const double SeriesRadius = 0.5;

    /// <summary>
    /// Power series about 0, convergent for α &gt; 1 (Zolotarev): f(z) = (1/πα) Σ (−1)^k Γ((2k+1)/α) z^{2k}/(2k)!
    /// and F(z) − ½ = (1/πα) Σ (−1)^k Γ((2k+1)/α) z^{2k+1}/(2k+1)!.
    /// </summary>
    private static double Series(double z, double alpha, bool odd)
    {
        if (z == 0) return odd ? 0 : MathNet.Numerics.SpecialFunctions.Gamma(1 / alpha) / (Math.PI * alpha);
        var sum = 0.0;
        var logZ = Math.Log(z);
        for (var k = 0; k < 400; k++)
        {
            var power = odd ? 2 * k + 1 : 2 * k;
            var logTerm = MathNet.Numerics.SpecialFunctions.GammaLn((2.0 * k + 1) / alpha) + power * logZ - MathNet.Numerics.SpecialFunctions.FactorialLn(power);
            var term = Math.Exp(logTerm);
            sum += k % 2 == 0 ? term : -term;
            if (term < 1e-17 * Math.Abs(sum)) break;
        }
        return sum / (Math.PI * alpha);
    }

    /// <summary>The standard law's p-quantile, by bisection on <see cref="Cdf"/>.</summary>
    public static double Quantile(double p, double alpha) => CdfInversion.Quantile(x => Cdf(x, alpha), p);
}
