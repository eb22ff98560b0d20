using MathNet.Numerics;

namespace ReproHeavyTails.Optimization;

/// <summary>
/// Stationary expected loss E f of optimizers on f = ½xᵀHx, H = diag(h), with gradient noise σ∘Z
/// (docs/adaptive-sdes.md; the project's derivations). The SignSGD and RMSpropW forms are first order in
/// the learning rate η; the SGD form is exact for the discrete recursion.
/// </summary>
public static class StationaryLoss
{
    /// <summary>SGD, exact: Σ η σ_i² E[Z²] / (2(2 − ηh_i)); E[Z²] = ν/(ν − 2), infinite for ν ≤ 2.</summary>
    public static double Sgd(double eta, IReadOnlyList<double> h, IReadOnlyList<double> sigma, double nu = double.PositiveInfinity)
    {
        var secondMoment = double.IsPositiveInfinity(nu) ? 1 : nu > 2 ? nu / (nu - 2) : double.PositiveInfinity;
        return Enumerable.Range(0, h.Count).Sum(i => eta * sigma[i] * sigma[i] * secondMoment / (2 * (2 - eta * h[i])));
    }

    /// <summary>SignSGD in the low signal-to-noise phase: η·Σσ_i / (8 f_ν(0)), f_ν the standard Student-t density (Gaussian for ν = ∞).</summary>
    public static double SignSgd(double eta, IReadOnlyList<double> sigma, double nu = double.PositiveInfinity) =>
        eta * sigma.Sum() / (8 * DensityAtZero(nu));

    /// <summary>RMSprop(W) with decoupled decay γ near the minimum, noise-dominated (v ≈ σ²): (η/4)Σ h_iσ_i/(h_i + γσ_i).</summary>
    public static double RmsPropW(double eta, IReadOnlyList<double> h, IReadOnlyList<double> sigma, double decay) =>
        Enumerable.Range(0, h.Count).Sum(i => eta / 4 * h[i] * sigma[i] / (h[i] + decay * sigma[i]));

    /// <summary>f_ν(0) = Γ((ν+1)/2)/(√(νπ)Γ(ν/2)); 1/√(2π) for ν = ∞.</summary>
    public static double DensityAtZero(double nu) => double.IsPositiveInfinity(nu)
        ? 1 / Math.Sqrt(2 * Math.PI)
        : Math.Exp(SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2)) / Math.Sqrt(nu * Math.PI);
}
