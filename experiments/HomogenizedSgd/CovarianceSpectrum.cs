using ReproHeavyTails.Experiments.HomogenizedSgd.Model;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>The data covariance's eigenvalues.</summary>
public enum CovarianceSpectrum
{
    /// <summary>Σ = I: the exact tail index is known.</summary>
    Isotropic,

    /// <summary>Eigenvalues geometrically spaced over a factor 4, scaled to trΣ = d like the isotropic case: only bounds are known.</summary>
    Spread,
}

internal static class CovarianceSpectra
{
    public static double[] Eigenvalues(this CovarianceSpectrum spectrum, int d)
    {
        var eigenvalues = LinearRegressionProblem.GeometricSpectrum(d, 1, spectrum == CovarianceSpectrum.Isotropic ? 1 : 4);
        var mean = eigenvalues.Average();
        return eigenvalues.Select(l => l / mean).ToArray();
    }
}
