using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Optimization;

/// <summary>
/// A loss with a gradient oracle ∇f(x) + σ∘Z: Z standard Gaussian, or standard Student-t with ν degrees of
/// freedom (ν ≤ 2: infinite variance; ν = ∞ means Gaussian). Optimizers see the noisy gradient; SDEs see ∇f and σ.
/// </summary>
public abstract class NoisyObjective(double[] noiseScale, double degreesOfFreedom)
{
    public double[] NoiseScale { get; } = noiseScale;

    public double DegreesOfFreedom { get; } = degreesOfFreedom;

    public int Dimension => NoiseScale.Length;

    public abstract double Loss(ReadOnlySpan<double> x);

    public abstract void Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    public void NoisyGradient(ReadOnlySpan<double> x, Span<double> gradient, Rng rng)
    {
        Gradient(x, gradient);
        for (var i = 0; i < x.Length; i++)
            gradient[i] += NoiseScale[i] * (double.IsPositiveInfinity(DegreesOfFreedom) ? rng.NextGaussian() : Samplers.StudentT(rng, DegreesOfFreedom));
    }
}

/// <summary>f(x) = ½xᵀHx with H = diag(h), with gradient noise.</summary>
public sealed class NoisyQuadratic(double[] curvature, double[] noiseScale, double degreesOfFreedom = double.PositiveInfinity)
    : NoisyObjective(noiseScale, degreesOfFreedom)
{
    public double[] Curvature { get; } = curvature;

    /// <summary>d curvatures log-spaced from <paramref name="low"/> to <paramref name="high"/>.</summary>
    public static double[] LogSpaced(int d, double low, double high) =>
        Enumerable.Range(0, d).Select(i => d == 1 ? high : low * Math.Pow(high / low, (double)i / (d - 1))).ToArray();

    public override double Loss(ReadOnlySpan<double> x)
    {
        var f = 0.0;
        for (var i = 0; i < x.Length; i++) f += 0.5 * Curvature[i] * x[i] * x[i];
        return f;
    }

    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        for (var i = 0; i < x.Length; i++) gradient[i] = Curvature[i] * x[i];
    }
}

/// <summary>A model's full-batch mean loss on a fixed dataset, with noise σ (one scale for every parameter) added to its gradient.</summary>
public sealed class NoisyModelLoss(Symmetry.IModel model, Symmetry.Dataset data, double noiseScale)
    : NoisyObjective(Enumerable.Repeat(noiseScale, model.ParameterCount).ToArray(), double.PositiveInfinity)
{
    public override double Loss(ReadOnlySpan<double> x) => Symmetry.Trainer.FullGradient(model, data, x, new double[x.Length]);

    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient) => Symmetry.Trainer.FullGradient(model, data, x, gradient);
}
