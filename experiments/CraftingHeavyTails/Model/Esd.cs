using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// The empirical spectral density of a weight matrix W (N × M, N ≥ M after transposing if needed) — the M
/// eigenvalues of the M × M matrix WᵀW, the squared singular values of W, not normalised — and the numbers
/// WeightWatcher reports about it, under its names.
/// </summary>
public static class Esd
{
    /// <summary>The eigenvalues of WᵀW (or WWᵀ, whichever is smaller), ascending, rounding noise below zero clipped to 0.</summary>
    public static double[] Eigenvalues(Matrix w) => Decompose(w, vectors: false).Values;

    /// <summary>The eigenvalues and the unit eigenvectors (rows, ascending order) of the smaller Gram matrix.</summary>
    public static (double[] Values, Matrix? Vectors) Decompose(Matrix w, bool vectors)
    {
        var gram = w.Rows >= w.Columns ? Dense.Gram(w) : Dense.Multiply(w, w, transposeB: true);
        var (values, rows) = Dense.SymmetricEigen(gram, vectors);
        for (var i = 0; i < values.Length; i++) values[i] = Math.Max(0, values[i]);
        return (values, rows);
    }

    /// <summary>
    /// |⟨v₁, u⟩| for the top eigenvector v₁ from <see cref="Decompose"/> (rows in ascending order) and a unit vector u:
    /// for W with more rows than columns, the overlap of W's top right singular vector with u.
    /// </summary>
    public static double TopOverlap(Matrix eigenvectors, ReadOnlySpan<double> direction) =>
        Math.Abs(Vectors.Dot(eigenvectors.Row(eigenvectors.Rows - 1), direction));

    /// <summary>WeightWatcher's metrics of an ESD (ascending eigenvalues) of an N × M matrix.</summary>
    public static SpectrumMetrics Measure(double[] eigenvalues, int n, int m)
    {
        var λ = eigenvalues;
        var λmax = λ[^1];
        var sum = λ.Sum();
        var hill = PowerLawFit.AboveXMin(λ, Median(λ));
        var ks = PowerLawFit.KsScan(λ);
        var mp = MarchenkoPasturFit.Of(λ, n, m);
        return new SpectrumMetrics(λmax, sum, sum / λmax, hill.Exponent, hill.StandardError, ks.Exponent, ks.StandardError, ks.KsDistance,
            ks.XMin, ks.TailCount, ks.Exponent * Math.Log10(λmax), mp.Variance, mp.BulkMin, mp.BulkMax, mp.BulkMaxTracyWidom, mp.Spikes);
    }

    private static double Median(double[] ascending) =>
        ascending.Length % 2 == 1 ? ascending[ascending.Length / 2] : 0.5 * (ascending[ascending.Length / 2 - 1] + ascending[ascending.Length / 2]);
}

/// <summary>
/// WeightWatcher's layer metrics: λ_max; Σλ; stable rank Σλ/λ_max; the power-law alpha with xmin at the median
/// eigenvalue ("Hill") and with the KS-minimising xmin (WeightWatcher's default fit), each with its standard
/// error (α − 1)/√n_tail; the KS fit's distance, xmin and tail size; alpha_weighted = α_KS·log10 λ_max; and the
/// Marchenko–Pastur bulk (see <see cref="MarchenkoPasturFit"/>).
/// </summary>
public sealed record SpectrumMetrics(
    double LambdaMax, double SumLambda, double StableRank,
    double AlphaHill, double AlphaHillError, double AlphaKs, double AlphaKsError, double KsDistance, double KsXMin, int KsTailCount,
    double AlphaWeighted, double BulkVariance, double BulkMin, double BulkMax, double BulkMaxTracyWidom, int Spikes);

/// <summary>
/// A Marchenko–Pastur bulk for the ESD of an N × M matrix (Q = N/M ≥ 1), in WeightWatcher's units: the
/// eigenvalues rescaled to mean one, bulk edges σ²(1 ± 1/√Q)², Tracy–Widom width TW = Q^{−1/2}λ₊^{2/3}M^{−2/3}
/// and spikes = eigenvalues above λ₊ + √TW. WeightWatcher fits σ by a kernel density fit; here σ² is the mean
/// of the eigenvalues left after removing the spikes (the MP mean is σ²), iterated until the spike count is
/// stable — exact for a pure bulk, and not pulled up by spikes. Edges are returned in the ESD's own units.
/// </summary>
public readonly record struct MarchenkoPasturFit(double Variance, double BulkMin, double BulkMax, double BulkMaxTracyWidom, int Spikes)
{
    public static MarchenkoPasturFit Of(double[] ascending, int n, int m)
    {
        if (n < m) (n, m) = (m, n);
        var scale = ascending.Length / ascending.Sum();       // to mean one
        var spikes = 0;
        while (true)
        {
            var bulk = ascending.Length - spikes;
            var variance = 0.0;
            for (var i = 0; i < bulk; i++) variance += ascending[i] * scale;
            variance /= bulk;
            var (lower, upper, margin) = Edges(variance, n, m);
            var beyond = ascending.Count(λ => λ * scale > upper + margin);
            if (beyond == spikes || beyond >= ascending.Length)
                return new MarchenkoPasturFit(variance / scale, lower / scale, upper / scale, (upper + margin) / scale, beyond);
            spikes = beyond;
        }
    }

    /// <summary>The bulk of an N × M matrix with i.i.d. entries of the given variance, in raw units: edges s²(√N ± √M)² and the upper edge plus the Tracy–Widom margin.</summary>
    public static (double Lower, double Upper, double UpperWithMargin) Predicted(int n, int m, double entryVariance = 1)
    {
        if (n < m) (n, m) = (m, n);
        var (lower, upper, margin) = Edges(1, n, m);
        var unit = n * entryVariance;                           // the mean eigenvalue of WᵀW
        return (lower * unit, upper * unit, (upper + margin) * unit);
    }

    /// <summary>Edges σ²(1 ± 1/√Q)² and the margin √TW, TW = Q^{−1/2}λ₊^{2/3}M^{−2/3}, in units where the mean eigenvalue is one.</summary>
    private static (double Lower, double Upper, double Margin) Edges(double variance, int n, int m)
    {
        var q = (double)n / m;
        var upper = variance * Math.Pow(1 + 1 / Math.Sqrt(q), 2);
        var lower = variance * Math.Pow(1 - 1 / Math.Sqrt(q), 2);
        return (lower, upper, Math.Sqrt(Math.Pow(upper, 2.0 / 3) * Math.Pow(m, -2.0 / 3) / Math.Sqrt(q)));
    }
}

/// <summary>
/// The Marchenko–Pastur law of the M eigenvalues of WᵀW for an N × M matrix (N ≥ M) with i.i.d. entries of
/// variance s², in raw units: support s²(√N ± √M)², density √((λ₊ − λ)(λ − λ₋))/(2π s² M λ).
/// </summary>
public sealed class MarchenkoPastur
{
    private readonly double _scale, _ratio;

    public MarchenkoPastur(int n, int m, double entryVariance = 1)
    {
        if (n < m) (n, m) = (m, n);
        (_scale, _ratio) = (entryVariance * n, (double)m / n);
        Lower = entryVariance * Math.Pow(Math.Sqrt(n) - Math.Sqrt(m), 2);
        Upper = entryVariance * Math.Pow(Math.Sqrt(n) + Math.Sqrt(m), 2);
    }

    public double Lower { get; }

    public double Upper { get; }

    public double Density(double λ) =>
        λ <= Lower || λ >= Upper ? 0 : Math.Sqrt((Upper - λ) * (λ - Lower)) / (2 * Math.PI * _ratio * _scale * λ);

    /// <summary>
    /// The CDF, by Gauss–Legendre in θ with λ = λ₋ + (λ₊ − λ₋)(1 − cos θ)/2, which turns the square-root edges
    /// into a smooth integrand: ρ dλ = (λ₊ − λ₋)² sin²θ / (8π·ratio·scale·λ) dθ.
    /// </summary>
    public double Cdf(double λ)
    {
        if (λ <= Lower) return 0;
        if (λ >= Upper) return 1;
        var width = Upper - Lower;
        var end = Math.Acos(1 - 2 * (λ - Lower) / width);
        var (nodes, weights) = Statistics.GaussLegendre.Panels(0, end, 4, 16);
        var sum = 0.0;
        for (var k = 0; k < nodes.Length; k++)
        {
            var sin = Math.Sin(nodes[k]);
            var at = Lower + width * (1 - Math.Cos(nodes[k])) / 2;
            sum += weights[k] * width * width * sin * sin / (8 * Math.PI * _ratio * _scale * at);
        }
        return sum;
    }
}
