using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Optimization;

/// <summary>
/// A diagonal-noise SDE dX = b(X)dt + s(X)∘dW in the optimizer's time t = kη, integrated by Euler–Maruyama
/// (weak order one: tests check that the weak error against a known law shrinks linearly with the step).
/// </summary>
public abstract class Sde(int dimension)
{
    public int Dimension { get; } = dimension;

    /// <summary>The drift b(x) and the diagonal diffusion s(x), in one call so that they can share work (a gradient).</summary>
    public abstract void Coefficients(ReadOnlySpan<double> x, Span<double> drift, Span<double> diffusion);

    /// <summary>Advances x over <paramref name="steps"/> steps of size <paramref name="dt"/>.</summary>
    public void Integrate(Span<double> x, double dt, int steps, Rng rng, CancellationToken cancellation = default)
    {
        Span<double> b = stackalloc double[Dimension];
        Span<double> s = stackalloc double[Dimension];
        var root = Math.Sqrt(dt);
        for (var k = 0; k < steps; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            Coefficients(x, b, s);
            for (var i = 0; i < Dimension; i++) x[i] += b[i] * dt + s[i] * root * rng.NextGaussian();
        }
    }
}

/// <summary>SGD's SDE: dX = −∇f(X) dt + √η σ dW.</summary>
public sealed class SgdSde(NoisyObjective problem, double eta) : Sde(problem.Dimension)
{
    public override void Coefficients(ReadOnlySpan<double> x, Span<double> drift, Span<double> diffusion)
    {
        problem.Gradient(x, drift);
        for (var i = 0; i < x.Length; i++)
        {
            drift[i] = -drift[i];
            diffusion[i] = Math.Sqrt(eta) * problem.NoiseScale[i];
        }
    }
}

/// <summary>
/// SignSGD's SDE (first order): dX = −E[sign g] dt + √η·sqrt(1 − E[sign g]²) dW, with E[sign g] = erf(Y),
/// Y = ∇f/(√2σ), for Gaussian noise and 2F_ν(√2Y) − 1 for Student-t noise (F_ν the t CDF).
/// </summary>
public sealed class SignSgdSde(NoisyObjective problem, double eta) : Sde(problem.Dimension)
{
    private double ExpectedSign(int i, double gradient) => double.IsPositiveInfinity(problem.DegreesOfFreedom)
        ? MathNet.Numerics.SpecialFunctions.Erf(gradient / (Math.Sqrt(2) * problem.NoiseScale[i]))
        : 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, problem.DegreesOfFreedom, gradient / problem.NoiseScale[i]) - 1;

    public override void Coefficients(ReadOnlySpan<double> x, Span<double> drift, Span<double> diffusion)
    {
        problem.Gradient(x, drift);
        for (var i = 0; i < x.Length; i++)
        {
            var m = ExpectedSign(i, drift[i]);
            drift[i] = -m;
            diffusion[i] = Math.Sqrt(eta * Math.Max(0, 1 - m * m));
        }
    }
}
