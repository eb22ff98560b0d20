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

    /// <summary>
    /// AdamW with decoupled decay γ near the minimum, noise-dominated: with v frozen at σ² (β₂ → 1) and the bias
    /// corrections gone, one coordinate is the linear recursion m' = β₁m + (1 − β₁)(hx + σZ),
    /// x' = (1 − ηγ)x − (η/σ)m', and E f = Σ ½h_i·Var x_i from its exact stationary covariance P = APAᵀ + bbᵀ.
    /// β₁ = 0 gives the exact AR(1) of RMSpropW, whose first order is <see cref="RmsPropW"/>.
    /// </summary>
    public static double AdamW(double eta, IReadOnlyList<double> h, IReadOnlyList<double> sigma, double decay, double beta1 = 0.9) =>
        Enumerable.Range(0, h.Count).Sum(i => 0.5 * h[i] * MomentumStationaryVariance(eta, h[i], sigma[i], decay, beta1));

    /// <summary>Var x of (x, m) ↦ A(x, m) + bZ with A = [[1 − ηγ − c(1 − β)h, −cβ], [(1 − β)h, β]], b = (−c(1 − β)σ, (1 − β)σ), c = η/σ.</summary>
    private static double MomentumStationaryVariance(double eta, double h, double sigma, double decay, double beta)
    {
        var c = eta / sigma;
        double a11 = 1 - eta * decay - c * (1 - beta) * h, a12 = -c * beta, a21 = (1 - beta) * h, a22 = beta;
        double b1 = -c * (1 - beta) * sigma, b2 = (1 - beta) * sigma;
        // P = APAᵀ + bbᵀ in the unknowns (Pxx, Pxm, Pmm).
        var lyapunov = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new[,]
        {
            { 1 - a11 * a11, -2 * a11 * a12, -a12 * a12 },
            { -a11 * a21, 1 - (a11 * a22 + a12 * a21), -a12 * a22 },
            { -a21 * a21, -2 * a21 * a22, 1 - a22 * a22 },
        });
        return lyapunov.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray([b1 * b1, b1 * b2, b2 * b2]))[0];
    }

    /// <summary>f_ν(0) = Γ((ν+1)/2)/(√(νπ)Γ(ν/2)); 1/√(2π) for ν = ∞.</summary>
    public static double DensityAtZero(double nu) => double.IsPositiveInfinity(nu)
        ? 1 / Math.Sqrt(2 * Math.PI)
        : Math.Exp(SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2)) / Math.Sqrt(nu * Math.PI);
}
