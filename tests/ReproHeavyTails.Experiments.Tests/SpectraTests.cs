using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;
using ReproHeavyTails.Statistics;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>The dense backends agree; the spectral metrics find what is planted.</summary>
public class SpectraTests
{
    private static Matrix Gaussian(int rows, int columns, Rng rng)
    {
        var m = new Matrix(rows, columns);
        for (var k = 0; k < m.Data.Length; k++) m.Data[k] = rng.NextGaussian();
        return m;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Native_and_managed_products_agree_with_the_definition(bool transposeA, bool transposeB)
    {
        var rng = new Rng(1);
        var a = transposeA ? Gaussian(7, 5, rng) : Gaussian(5, 7, rng);
        var b = transposeB ? Gaussian(3, 7, rng) : Gaussian(7, 3, rng);
        foreach (var backend in new[] { Dense.Native, Dense.Managed })
        {
            var c = backend.Multiply(a, b, transposeA, transposeB);
            Assert.Equal((5, 3), (c.Rows, c.Columns));
            for (var i = 0; i < 5; i++)
                for (var j = 0; j < 3; j++)
                {
                    var expected = 0.0;
                    for (var k = 0; k < 7; k++) expected += (transposeA ? a[k, i] : a[i, k]) * (transposeB ? b[j, k] : b[k, j]);
                    Assert.Equal(expected, c[i, j], 1e-12);
                }
        }
    }

    [Fact]
    public void Native_and_managed_eigendecompositions_and_solves_agree()
    {
        var rng = new Rng(2);
        var x = Gaussian(60, 40, rng);
        var gram = Dense.Managed.Multiply(x, x, true, false);
        var (nativeValues, nativeVectors) = Dense.Native.SymmetricEigen(gram, vectors: true);
        var (managedValues, _) = Dense.Managed.SymmetricEigen(gram, vectors: true);
        for (var k = 0; k < 40; k++) Assert.Equal(managedValues[k], nativeValues[k], 1e-9 * nativeValues[^1]);
        Assert.True(nativeValues.SequenceEqual(nativeValues.Order()));
        // Row k is a unit eigenvector: ‖A v − λ v‖ small.
        for (var k = 0; k < 40; k += 13)
        {
            var v = nativeVectors!.Row(k).ToArray();
            var av = Dense.Native.Multiply(gram, new Matrix(40, 1, v), false, false).Data;
            for (var i = 0; i < 40; i++) Assert.Equal(nativeValues[k] * v[i], av[i], 1e-8 * nativeValues[^1]);
        }
        var nativeGram = Dense.Native.Gram(x);
        for (var k = 0; k < gram.Data.Length; k++) Assert.Equal(gram.Data[k], nativeGram.Data[k], 1e-9);
        var b = Enumerable.Range(0, 40).Select(i => Math.Sin(i)).ToArray();
        var solved = Dense.Native.SolvePositiveDefinite(gram, b);
        var managed = Dense.Managed.SolvePositiveDefinite(gram, b);
        for (var i = 0; i < 40; i++) Assert.Equal(managed[i], solved[i], 1e-9);
    }

    [Fact]
    public void Planted_power_laws_recover_alpha()
    {
        // Pareto with tail index 2 has density exponent 3; 4000 draws, so the top half gives SE ≈ 2/√2000 = 0.045.
        var rng = new Rng(3);
        var values = Enumerable.Range(0, 4000).Select(_ => Samplers.Pareto(rng, 2)).Order().ToArray();
        var metrics = Esd.Measure(values, 4000, 4000);
        Assert.InRange(metrics.AlphaHill - 3, -3 * metrics.AlphaHillError, 3 * metrics.AlphaHillError);
        Assert.InRange(metrics.AlphaKs - 3, -3 * metrics.AlphaKsError, 3 * metrics.AlphaKsError);
        Assert.True(metrics.KsDistance < 0.05, $"KS distance {metrics.KsDistance}");
    }

    [Fact]
    public void Gaussian_matrices_have_no_spikes_and_stay_inside_the_edges()
    {
        var rng = new Rng(4);
        var (lower, _, upperWithMargin) = MarchenkoPasturFit.Predicted(300, 200);
        for (var trial = 0; trial < 20; trial++)
        {
            var λ = Esd.Eigenvalues(Gaussian(300, 200, rng));
            var fit = MarchenkoPasturFit.Of(λ, 300, 200);
            Assert.Equal(0, fit.Spikes);
            Assert.InRange(λ[^1], 0, upperWithMargin);
            Assert.True(λ[0] > 0.8 * lower, $"λ_min {λ[0]} against the lower edge {lower}");
            Assert.InRange(fit.Variance / 300, 0.97, 1.03);   // the MP mean is Nσ² = 300
        }
    }

    [Theory]
    [InlineData(2.0, 1)]
    [InlineData(0.5, 0)]
    public void A_rank_one_perturbation_makes_one_spike_above_the_BBP_threshold_and_none_below(double relativeStrength, int expectedSpikes)
    {
        const int h = 300, d = 200;
        var rng = new Rng(5);
        var theta = relativeStrength * Math.Pow(h * d, 0.25);
        var u = Unit(h, rng);
        var v = Unit(d, rng);
        var predicted = (theta * theta + h) * (theta * theta + d) / (theta * theta);
        var ratios = new List<double>();
        for (var trial = 0; trial < 5; trial++)
        {
            var w = Gaussian(h, d, rng);
            for (var i = 0; i < h; i++)
                for (var j = 0; j < d; j++) w[i, j] += theta * u[i] * v[j];
            var (λ, vectors) = Esd.Decompose(w, vectors: true);
            Assert.Equal(expectedSpikes, MarchenkoPasturFit.Of(λ, h, d).Spikes);
            if (expectedSpikes == 0) continue;
            ratios.Add(λ[^1] / predicted);
            Assert.True(Esd.TopOverlap(vectors!, v) > 0.8);
        }
        // The outlier sits at (θ² + h)(θ² + d)/θ² (Benaych-Georges & Nadakuditi) up to fluctuations of ‖Wv‖²,
        // dominated by 2θ·uᵀXv with standard deviation 2θ: the mean of five trials is within three of its errors.
        if (expectedSpikes == 1)
            Assert.InRange(ratios.Average() - 1, -3 * 2 * theta / predicted / Math.Sqrt(5), 3 * 2 * theta / predicted / Math.Sqrt(5));
    }

    private static double[] Unit(int n, Rng rng)
    {
        var x = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var norm = Math.Sqrt(x.Sum(t => t * t));
        return x.Select(t => t / norm).ToArray();
    }

    [Fact]
    public void The_Marchenko_Pastur_law_integrates_to_one_and_describes_Gaussian_spectra()
    {
        var law = new MarchenkoPastur(300, 200);
        Assert.Equal(1, law.Cdf(law.Upper - 1e-9), 6);
        // Its mean is N s² = 300: by the CDF, E λ = λ₋ + ∫(1 − F).
        var (nodes, weights) = GaussLegendre.Panels(law.Lower, law.Upper, 20, 16);
        var mean = law.Lower + nodes.Select((x, k) => weights[k] * (1 - law.Cdf(x))).Sum();
        Assert.Equal(300, mean, 4);
        // Density and CDF agree: F(b) − F(a) = ∫ρ.
        var (a, b) = (law.Lower + 50, law.Upper - 50);
        var (xs, ws) = GaussLegendre.Panels(a, b, 20, 16);
        Assert.Equal(law.Cdf(b) - law.Cdf(a), xs.Select((x, k) => ws[k] * law.Density(x)).Sum(), 8);
        // A Gaussian 300 × 200 spectrum sits close to it (eigenvalues repel, so the KS distance is far below the i.i.d. 1.36/√200).
        var λ = Esd.Eigenvalues(Gaussian(300, 200, new Rng(6)));
        Assert.True(KolmogorovSmirnov.Statistic(λ, law.Cdf) < 0.05);
    }
}
