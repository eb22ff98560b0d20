using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// The α-stable law (sampler against CDF, both against closed forms) and every tail-index estimator
/// against samples with a known index. Each estimate must lie within three of its own standard errors.
/// </summary>
public class TailEstimatorTests
{
    private static double[] Draw(int n, ulong seed, Func<Rng, double> sampler)
    {
        var rng = new Rng(seed);
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = sampler(rng);
        return x;
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void Stable_sampler_follows_the_stable_CDF(double alpha)
    {
        var x = Draw(50_000, 21, r => Samplers.SymmetricStable(r, alpha));
        var (d, p) = KolmogorovSmirnov.Test(x, v => SymmetricStable.Cdf(v, alpha));
        Assert.True(p > 0.001, $"D = {d}, p = {p}");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.3)]
    [InlineData(1.8)]
    public void Stable_CDF_matches_Fourier_inversion_and_the_sampler_matches_the_characteristic_function(double alpha)
    {
        // Gil-Pelaez: F(x) = ½ + (1/π) ∫₀^∞ sin(tx) exp(−t^α)/t dt, by the midpoint rule on (0, 60).
        foreach (var x in new[] { 0.1, 1.0, 5.0 })
        {
            const int steps = 400_000;
            const double dt = 60.0 / steps;
            var integral = 0.0;
            for (var k = 0; k < steps; k++)
            {
                var t = (k + 0.5) * dt;
                integral += Math.Sin(t * x) * Math.Exp(-Math.Pow(t, alpha)) / t * dt;
            }
            Assert.Equal(0.5 + integral / Math.PI, SymmetricStable.Cdf(x, alpha), 6);
        }
        // E cos(tX) = exp(−|t|^α) for the sampler, within 4 standard errors.
        var draws = Draw(200_000, 22, r => Samplers.SymmetricStable(r, alpha));
        foreach (var t in new[] { 0.3, 1.0, 2.0 })
        {
            var s = Summary.Of(draws.Select(v => Math.Cos(t * v)));
            Assert.InRange(s.Mean - Math.Exp(-Math.Pow(t, alpha)), -4 * s.StandardError, 4 * s.StandardError);
        }
    }

    [Fact]
    public void KS_p_value_is_uniform_under_the_null()
    {
        var rng = new Rng(23);
        var rejections = 0;
        for (var rep = 0; rep < 400; rep++)
        {
            var x = Draw(500, rng.NextUInt64(), r => r.NextDouble());
            if (KolmogorovSmirnov.Test(x, v => v).PValue < 0.05) rejections++;
        }
        // Binomial(400, 0.05): mean 20, sd 4.4.
        Assert.InRange(rejections, 7, 34);
    }

    public static TheoryData<string, double> Laws => new()
    {
        { "pareto", 1.5 }, { "pareto", 3.0 }, { "student", 2.0 }, { "student", 4.0 }, { "stable", 1.2 }, { "stable", 1.8 },
    };

    private static double[] Sample(string law, double alpha, int n, ulong seed) => Draw(n, seed, law switch
    {
        "pareto" => r => Samplers.Pareto(r, alpha),
        "student" => r => Samplers.StudentT(r, alpha),
        _ => r => Samplers.SymmetricStable(r, alpha),
    });

    [Theory]
    [MemberData(nameof(Laws))]
    public void Hill_and_moment_estimators_recover_the_index(string law, double alpha)
    {
        // k = n^{0.4}, small enough that the second-order bias of Student-t and stable tails stays below the SE.
        var x = Sample(law, alpha, 200_000, 24);
        var k = (int)Math.Pow(x.Length, 0.4);
        foreach (var e in new[] { HillEstimator.Estimate(x, k), MomentEstimator.Estimate(x, k) })
            Assert.True(Math.Abs(e.Index - alpha) < 3 * e.StandardError, $"{law} α={alpha}: {e}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Pickands_recovers_a_Pareto_index(double alpha)
    {
        var x = Sample("pareto", alpha, 200_000, 25);
        var e = PickandsEstimator.Estimate(x, 2000);
        Assert.True(Math.Abs(e.Index - alpha) < 3 * e.StandardError, e.ToString());
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(1.7)]
    public void Block_sum_estimator_recovers_a_stable_index_and_reads_Gaussian_as_two(double alpha)
    {
        var x = Sample("stable", alpha, 100_000, 26);
        var e = BlockSumEstimator.MedianOverBlockSizes(x, 1);
        Assert.True(Math.Abs(e.Index - alpha) < 3 * e.StandardError, e.ToString());
        var g = BlockSumEstimator.Estimate(Draw(100_000, 27, r => r.NextGaussian()), 1, 100);
        Assert.True(Math.Abs(g.Index - 2) < 3 * g.StandardError, g.ToString());
    }

    [Fact]
    public void Block_sum_estimator_on_vectors_uses_norms_and_survives_huge_values()
    {
        var rng = new Rng(28);
        var x = new double[3 * 30_000];
        for (var i = 0; i < x.Length; i++) x[i] = 1e200 * Samplers.SymmetricStable(rng, 1.5);
        var e = BlockSumEstimator.Estimate(x, 3, 10);
        Assert.True(double.IsFinite(e.Index) && Math.Abs(e.Index - 1.5) < 3 * e.StandardError, e.ToString());
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Power_law_KS_scan_finds_the_start_of_the_tail(double alpha)
    {
        // A uniform body on (0, 1) glued below a Pareto tail from 1: the scan must not start inside the body
        // (any xmin ≥ 1 is an exact power-law tail).
        var rng = new Rng(29);
        var x = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? rng.NextOpenDouble() : Samplers.Pareto(rng, alpha)).ToArray();
        var fit = PowerLawFit.KsScan(x);
        Assert.True(fit.XMin >= 0.95, fit.ToString());
        Assert.True(Math.Abs(fit.TailIndex - alpha) < 3 * fit.StandardError, fit.ToString());
        var median = PowerLawFit.AboveXMin(x, 1.0);
        Assert.True(Math.Abs(median.TailIndex - alpha) < 3 * median.StandardError, median.ToString());
    }

    /// <summary>
    /// The scan's pruning (a coarse pass over candidates, a strided look at each tail) may only save time: on samples
    /// with ties, bodies and tails of several shapes it picks the fit a plain scan of every candidate at every point
    /// picks (the first of the smallest D), with the same bits.
    /// </summary>
    [Theory]
    [InlineData(1, 3_000, 10, null)]
    [InlineData(2, 20_000, 50, 4_000)]
    [InlineData(3, 5_000, 2, null)]
    public void Power_law_KS_scan_picks_the_fit_a_plain_scan_picks(int seed, int n, int minTail, int? maxTail)
    {
        var rng = new Rng((ulong)seed);
        // Student-t magnitudes, a Pareto tail over a uniform body, and values rounded to force ties.
        var x = Enumerable.Range(0, n).Select(i => (i % 3) switch
        {
            0 => Math.Abs(Samplers.StudentT(rng, 3)),
            1 => i % 2 == 0 ? rng.NextOpenDouble() : Samplers.Pareto(rng, 2),
            _ => Math.Round(Math.Abs(Samplers.StudentT(rng, 5)), 2) + 1e-3,
        }).ToArray();
        var fit = PowerLawFit.KsScan(x, minTail, maxTail);

        var sorted = x.Order().ToArray();
        var first = Math.Max(0, n - (maxTail ?? n));
        var (bestD, bestAt) = (double.PositiveInfinity, -1);
        for (var i = first; i <= n - Math.Max(2, minTail); i++)
        {
            if (i > first && sorted[i] == sorted[i - 1]) continue;
            var d = PowerLawFit.AboveXMin(sorted.AsSpan(i).ToArray(), sorted[i]).KsDistance;
            if (d < bestD) (bestD, bestAt) = (d, i);
        }
        Assert.Equal(n - bestAt, fit.TailCount);
        Assert.Equal(sorted[bestAt], fit.XMin);
        Assert.Equal(BitConverter.DoubleToInt64Bits(bestD), BitConverter.DoubleToInt64Bits(fit.KsDistance));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    public void Student_t_maximum_likelihood_recovers_location_scale_and_nu(double nu)
    {
        var x = Draw(20_000, 30, r => 2 + 0.5 * Samplers.StudentT(r, nu));
        var fit = StudentTFit.Fit(x);
        Assert.True(Math.Abs(fit.DegreesOfFreedom - nu) < 3 * fit.DegreesOfFreedomStandardError, fit.ToString());
        Assert.Equal(2, fit.Location, 1);
        Assert.Equal(0.5, fit.Scale, 1);
        Assert.True(KolmogorovSmirnov.Test(x, fit.Cdf).PValue > 0.01);
    }

    [Fact]
    public void Skew_t_maximum_likelihood_recovers_both_tail_indices_and_is_Student_t_when_symmetric()
    {
        // Jones–Faddy by construction: B ~ Beta(a, b), T = (2B − 1)√(a + b)/(2√(B(1 − B))). T → +∞ as B → 1, where
        // P(1 − B < u) ~ u^b and T ≈ √(a + b)/(2√(1 − B)): the right tail has index 2b = 6, the left 2a = 3.
        const double a = 1.5, b = 3;
        var x = Draw(20_000, 31, r =>
        {
            var g = Samplers.Gamma(r, a);
            var beta = g / (g + Samplers.Gamma(r, b));
            return 2 + 0.5 * (2 * beta - 1) * Math.Sqrt(a + b) / (2 * Math.Sqrt(beta * (1 - beta)));
        });
        var fit = SkewTFit.Fit(x);
        Assert.True(Math.Abs(fit.RightTailIndex - 2 * b) < 3 * fit.RightTailIndexError, fit.ToString());
        Assert.True(Math.Abs(fit.LeftTailIndex - 2 * a) < 3 * fit.LeftTailIndexError, fit.ToString());
        Assert.True(x.Count(v => v > 2 + 5) < x.Count(v => v < 2 - 5), "the left tail is the heavier");
        Assert.True(KolmogorovSmirnov.Test(x, fit.Cdf).PValue > 0.01);
        // a = b = ν/2 is Student-t with ν degrees of freedom.
        var symmetric = new SkewTFit(0, 1, 2, 2, double.NaN, double.NaN, double.NaN);
        foreach (var v in new[] { -7.0, -1.0, 0.3, 4.0 })
            Assert.Equal(MathNet.Numerics.Distributions.StudentT.CDF(0, 1, 4, v), symmetric.Cdf(v), 12);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Hill_with_a_KS_chosen_tail_recovers_a_Pareto_index_under_a_uniform_body(double alpha)
    {
        var rng = new Rng(32);
        var x = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? rng.NextOpenDouble() : Samplers.Pareto(rng, alpha)).ToArray();
        var e = HillEstimator.WithKsChosenTail(x);
        Assert.True(Math.Abs(e.Index - alpha) < 3 * e.StandardError, e.ToString());
        Assert.InRange(e.TailCount, 10, 10_001);   // never reaches into the uniform body
    }

    [Fact]
    public void Stable_quantile_fit_recovers_alpha_and_KS_accepts_right_laws_and_rejects_a_wrong_one()
    {
        // Replicated fits: the mean over 10 samples lies within 3 standard errors of the truth.
        var alphas = Enumerable.Range(0, 10).Select(i => StableFit.Quantiles(Sample("stable", 1.5, 5_000, 40 + (ulong)i)).Alpha).ToArray();
        var s = Summary.Of(alphas);
        Assert.InRange(s.Mean - 1.5, -3 * s.StandardError, 3 * s.StandardError);

        var stable = Draw(5_000, 31, r => 3 * Samplers.SymmetricStable(r, 1.5));
        Assert.True(KolmogorovSmirnov.Test(stable, StableFit.Quantiles(stable).Cdf).PValue > 0.01);
        var moments = Summary.Of(stable);
        Assert.True(KolmogorovSmirnov.Test(stable, v => MathNet.Numerics.Distributions.Normal.CDF(moments.Mean, moments.StandardDeviation, v)).PValue < 1e-6);
        var t = Draw(20_000, 32, r => Samplers.StudentT(r, 3));
        Assert.True(KolmogorovSmirnov.Test(t, StudentTFit.Fit(t).Cdf).PValue > 0.01);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.1)]
    [InlineData(1.5)]
    [InlineData(1.9)]
    public void Stable_density_is_the_derivative_of_the_CDF_and_the_tabulated_CDF_is_close(double alpha)
    {
        foreach (var x in new[] { 0.01, 0.4, 0.7, 3.0, 40.0 })
        {
            var h = 1e-5 * x;
            var derivative = (SymmetricStable.Cdf(x + h, alpha) - SymmetricStable.Cdf(x - h, alpha)) / (2 * h);
            Assert.Equal(1, SymmetricStable.Density(x, alpha) / derivative, 4);
        }
        // Far out, where differences of the CDF cancel, the density follows the tail α·c_α·x^{−α−1},
        // c_α = Γ(α)sin(πα/2)/π, up to corrections of relative order x^{−α}.
        var far = 1e4;
        var tail = alpha * MathNet.Numerics.SpecialFunctions.Gamma(alpha) * Math.Sin(Math.PI * alpha / 2) / Math.PI * Math.Pow(far, -alpha - 1);
        Assert.Equal(1, SymmetricStable.Density(far, alpha) / tail, 2);
        var fit = new StableFit(alpha, 2, 1);
        var table = fit.TabulatedCdf();
        foreach (var x in new[] { -300.0, -2.0, 0.9, 1.0, 1.3, 7.0, 1e5 })
            Assert.True(Math.Abs(fit.Cdf(x) - table(x)) < 1e-5, $"x = {x}: {fit.Cdf(x)} vs {table(x)}");
    }

    [Fact]
    public void Stable_maximum_likelihood_recovers_alpha_and_scale()
    {
        var fits = Enumerable.Range(0, 4).Select(i => StableFit.MaximumLikelihood(Sample("stable", 1.3, 4_000, 60 + (ulong)i))).ToArray();
        var alpha = Summary.Of(fits.Select(f => f.Alpha));
        Assert.InRange(alpha.Mean - 1.3, -3 * alpha.StandardError, 3 * alpha.StandardError);
        Assert.All(fits, f => Assert.InRange(f.Scale, 0.9, 1.1));
    }
}
