using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Optimization;

/// <summary>
/// f(x) = ½xᵀHx with H = diag(h), and a gradient oracle ∇f(x) + σ∘Z: Z standard Gaussian, or standard
/// Student-t with ν degrees of freedom (ν ≤ 2: infinite variance; ν = ∞ means Gaussian).
/// </summary>
public sealed class NoisyQuadratic(double[] curvature, double[] noiseScale, double degreesOfFreedom = double.PositiveInfinity)
{
    public double[] Curvature { get; } = curvature;

    public double[] NoiseScale { get; } = noiseScale;

    public double DegreesOfFreedom { get; } = degreesOfFreedom;

    public int Dimension => Curvature.Length;

    /// <summary>d curvatures log-spaced from <paramref name="low"/> to <paramref name="high"/>.</summary>
    public static double[] LogSpaced(int d, double low, double high) =>
        Enumerable.Range(0, d).Select(i => d == 1 ? high : low * Math.Pow(high / low, (double)i / (d - 1))).ToArray();

    public double Loss(ReadOnlySpan<double> x)
    {
        var f = 0.0;
        for (var i = 0; i < x.Length; i++) f += 0.5 * Curvature[i] * x[i] * x[i];
        return f;
    }

    public void NoisyGradient(ReadOnlySpan<double> x, Span<double> gradient, Rng rng)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var z = double.IsPositiveInfinity(DegreesOfFreedom) ? rng.NextGaussian() : Samplers.StudentT(rng, DegreesOfFreedom);
            gradient[i] = Curvature[i] * x[i] + NoiseScale[i] * z;
        }
    }
}
