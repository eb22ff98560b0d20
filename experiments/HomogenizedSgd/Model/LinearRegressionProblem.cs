namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Ridge-regularised linear regression with Gaussian data, in the eigenbasis of the data covariance:
/// rows a ~ N(0, diag(λ)), targets b = a·x₀ + ζ with ζ ~ N(0, σ²), loss f(x) = f₀(x) + (δ/2)‖x‖²,
/// f₀(x) = ½E(a·x − b)² = ½[(x − x₀)ᵀΣ(x − x₀) + σ²]. Working in the eigenbasis loses nothing for
/// Gaussian data: a rotation maps any covariance to this one and leaves norms unchanged.
/// </summary>
public sealed class LinearRegressionProblem
{
    public LinearRegressionProblem(double[] spectrum, double[] target, double noiseStd, double ridge)
    {
        if (spectrum.Length == 0 || spectrum.Length != target.Length) throw new ArgumentException("Spectrum and target must have the same, positive length.");
        if (spectrum.Any(l => l <= 0)) throw new ArgumentException("Eigenvalues must be positive.", nameof(spectrum));
        Spectrum = spectrum;
        Target = target;
        NoiseStd = noiseStd;
        Ridge = ridge;
        Minimizer = spectrum.Select((l, i) => l * target[i] / (l + ridge)).ToArray();
    }

    /// <summary>Eigenvalues λ_i of the data covariance Σ.</summary>
    public double[] Spectrum { get; }

    /// <summary>x₀, the parameter that generates the targets.</summary>
    public double[] Target { get; }

    public double NoiseStd { get; }

    /// <summary>δ, the ridge coefficient.</summary>
    public double Ridge { get; }

    /// <summary>x* = (Σ + δI)⁻¹Σx₀, the minimiser of f.</summary>
    public double[] Minimizer { get; }

    public int Dimension => Spectrum.Length;

    /// <summary>d eigenvalues: all equal to <paramref name="top"/> when <paramref name="spread"/> is 1, else geometrically spaced from top down to top/spread.</summary>
    public static double[] GeometricSpectrum(int d, double top, double spread) =>
        Enumerable.Range(0, d).Select(i => d == 1 ? top : top * Math.Pow(spread, -(double)i / (d - 1))).ToArray();
}
