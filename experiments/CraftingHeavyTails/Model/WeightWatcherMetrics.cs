using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// WeightWatcher's layer metrics, under its names and with its definitions (weightwatcher.py: apply_norm_metrics,
/// mp_fit; RMT_Util.py: matrix_entropy, fit_density_with_range; WW_powerlaw.py: WWFit), on the eigenvalues λ of WᵀW
/// of an N × M matrix (N ≥ M) — squared singular values, not divided by N, as WeightWatcher computes them:
/// <list type="bullet">
/// <item>log_norm = log10 Σλ (Σλ = ‖W‖_F²); log_spectral_norm = log10 λ_max (λ_max = ‖W‖₂²); stable_rank = Σλ/λ_max.</item>
/// <item>alpha: the continuous power-law MLE 1 + n/Σ ln(λ/xmin) with every eigenvalue but the largest tried as xmin
/// and the smallest KS distance kept (so a tail of two may win; the project's <c>AlphaKs</c> asks for ten).</item>
/// <item>alpha_weighted = alpha·log_spectral_norm; log_alpha_norm = log10 Σλ^alpha.</item>
/// <item>entropy: −Σ p ln p / ln r with p = λ/Σλ + 10⁻¹⁰ and r = the numerical rank (singular values above
/// σ_max·N·ε, ε the double machine epsilon) + 10⁻¹⁰ — a base-free ratio in [0, 1].</item>
/// <item>sigma_mp, bulk_max, num_spikes, mp_softrank: the kernel-density Marchenko–Pastur fit (<see cref="KernelMarchenkoPasturFit"/>).</item>
/// </list>
/// </summary>
public sealed record WeightWatcherMetrics(
    double LogNorm, double LogSpectralNorm, double StableRank, double Alpha, double AlphaWeighted, double LogAlphaNorm,
    double Entropy, double SigmaMp, double BulkMax, int NumSpikes, double MpSoftRank)
{
    private const double Epsilon = 1e-10;                        // WeightWatcher's EPSILON
    private const double MachineEpsilon = 2.220446049250313e-16;  // 2⁻⁵², NumPy's finfo(float64).eps

    public static WeightWatcherMetrics Of(double[] ascending, int n, int m)
    {
        if (n < m) (n, m) = (m, n);
        var λmax = ascending[^1];
        var norm = ascending.Sum();
        var alpha = PowerLawFit.KsScan(ascending, minTailCount: 2).Exponent;
        var logSpectralNorm = Math.Log10(λmax);
        var mp = KernelMarchenkoPasturFit.Of(ascending, n, m);
        return new WeightWatcherMetrics(Math.Log10(norm), logSpectralNorm, norm / λmax, alpha, alpha * logSpectralNorm,
            Math.Log10(ascending.Sum(λ => Math.Pow(λ, alpha))), MatrixEntropy(ascending, n), mp.Sigma, mp.BulkMax, mp.Spikes, mp.SoftRank);
    }

    private static double MatrixEntropy(double[] λ, int n)
    {
        var tolerance = Math.Sqrt(λ[^1]) * n * MachineEpsilon;
        var rank = λ.Count(v => Math.Sqrt(v) > tolerance) + Epsilon;
        var sum = λ.Sum();
        return -λ.Sum(v => (v / sum + Epsilon) * Math.Log(v / sum + Epsilon)) / Math.Log(rank);
    }
}
