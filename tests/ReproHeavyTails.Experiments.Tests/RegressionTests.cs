using MathNet.Numerics;
using MathNet.Numerics.Optimization;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using Hsgd = ReproHeavyTails.Experiments.HomogenizedSgd.Model.HomogenizedSgd;
using ReproHeavyTails.Statistics;
using Xunit;
using MathVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>Simulators and tail-index theory of linear regression, against closed forms and each other.</summary>
public class RegressionTests
{
    private static LinearRegressionProblem Isotropic(int d, double ridge = 0) =>
        new(LinearRegressionProblem.GeometricSpectrum(d, 1, 1), Enumerable.Range(0, d).Select(i => 0.5 * i).ToArray(), noiseStd: 1, ridge);

    [Fact]
    public void Bounds_collapse_to_the_exact_index_for_isotropic_covariance_and_bracket_it_otherwise()
    {
        foreach (var (d, gamma, b, delta) in new[] { (1, 0.5, 1, 0.0), (10, 0.3, 2, 0.0), (20, 0.1, 3, 0.2) })
        {
            var (lower, upper) = HsgdTailIndex.Bounds(Enumerable.Repeat(1.0, d).ToArray(), gamma, b, delta);
            var exact = HsgdTailIndex.Isotropic(d, 1, gamma, b, delta);
            Assert.Equal(exact, lower, 10);
            Assert.Equal(exact, upper, 10);
        }
        Assert.Equal(HsgdTailIndex.OneDimensional(2, 0.3, 2, 0.1), HsgdTailIndex.Isotropic(1, 2, 0.3, 2, 0.1), 12);
        var spread = LinearRegressionProblem.GeometricSpectrum(10, 1.6, 4);
        var (lo, hi) = HsgdTailIndex.Bounds(spread, 0.3, 2, 0);
        Assert.True(lo < hi);
        // The isotropic law with the spread spectrum's extreme eigenvalue as λ lies outside on each side.
        Assert.True(HsgdTailIndex.Isotropic(10, spread.Max(), 0.3, 2, 0) < hi);
    }

    [Fact]
    public void Isotropic_mean_threshold_is_where_the_exact_index_reaches_one()
    {
        const int d = 10, b = 2;
        var (lower, upper) = HsgdTailIndex.MeanThreshold(Enumerable.Repeat(1.0, d).ToArray(), b, ridge: 0.1);
        var expected = 2.0 * b * 1.1 / (d - 1);   // η = 1 ⇔ γ = 2B(λ+δ)/((d−1)λ²)
        Assert.Equal(expected, lower, 8);
        Assert.Equal(expected, upper, 8);
    }

    [Theory]
    [InlineData(0.1, 1, 10, 0.0)]
    [InlineData(0.05, 5, 100, 0.0)]
    [InlineData(0.3, 20, 100, 0.0)]
    [InlineData(0.3, 2, 10, 0.1)]
    public void Quadrature_h_of_two_is_the_closed_form(double gamma, int b, int d, double ridge)
    {
        // E Z = E(ρ − cX)² + c²·E X·E Y = ρ² − 2ργ + γ²(B + d + 1)/B, ρ = 1 − γδ.
        var rho = 1 - gamma * ridge;
        var exact = rho * rho - 2 * rho * gamma + gamma * gamma * (b + d + 1) / b;
        Assert.Equal(exact, new GszTailIndex(gamma, b, d, ridge: ridge).H(2), 9);
    }

    [Fact]
    public void Quadrature_agrees_with_Monte_Carlo_where_Monte_Carlo_is_reliable()
    {
        // Small s: Z^{s/2} has a light right tail, so the sample mean is trustworthy.
        var theory = new GszTailIndex(0.1, 2, 10);
        var rng = new Rng(51);
        foreach (var s in new[] { 0.5, 1.5, 3.0 })
        {
            var draws = Enumerable.Range(0, 200_000).Select(_ =>
            {
                var x = Samplers.ChiSquared(rng, 2);
                var y = Samplers.ChiSquared(rng, 9);
                var c = 0.1 / 2;
                return Math.Pow((1 - c * x) * (1 - c * x) + c * c * x * y, s / 2);
            });
            var mc = Summary.Of(draws);
            Assert.InRange(theory.H(s) - mc.Mean, -4 * mc.StandardError, 4 * mc.StandardError);
        }
    }

    [Fact]
    public void Solved_index_satisfies_h_equal_one_and_instability_has_no_index()
    {
        var theory = new GszTailIndex(0.3, 2, 10);
        var (alpha, error) = theory.Solve();
        Assert.Equal(1, theory.H(alpha), 6);
        Assert.True(error < 1e-3, $"error {error}");
        Assert.True(theory.LyapunovExponent() < 0);
        var unstable = new GszTailIndex(0.2, 5, 100);
        Assert.True(unstable.LyapunovExponent() > 0);
        Assert.True(double.IsNaN(unstable.Solve().Index));
    }

    [Fact]
    public void Exact_index_times_step_over_batch_tends_to_the_large_deviation_constant_not_to_the_hSGD_limit()
    {
        // The project's derivation (docs/hsgd-tail-index.md): α·c → κ* ≈ 1.796 as c = γ/B → 0 at fixed B and d, with an
        // error of order c, while η·c → 2; so α/η → κ*/2 ≈ 0.90, for every B and d.
        var kappa = GszTailIndex.SmallStepLimit();
        Assert.Equal(0, kappa * Math.Log(2 * kappa) - kappa - 0.5, 12);
        foreach (var (b, d) in new[] { (1, 1), (2, 10), (5, 1) })
        {
            double Gap(double c) => kappa - new GszTailIndex(c * b, b, d).Solve().Index * c;
            var (coarse, fine) = (Gap(0.004), Gap(0.001));
            Assert.InRange(fine, 0, 0.05);
            // The gap shrinks in proportion to c (a factor 4 here, within ±30 %).
            Assert.InRange(coarse / fine, 2.8, 5.2);
            var eta = HsgdTailIndex.Isotropic(d, 1, 0.001 * b, b, 0);
            Assert.InRange(new GszTailIndex(0.001 * b, b, d).Solve().Index / eta, kappa / 2 - 0.02, kappa / 2 + 0.01);
        }
    }

    [Fact]
    public void Indices_in_the_thousands_are_solved_in_log_space()
    {
        // γ = 0.02, B = 20: the index is about 1.7·10³, where the χ weights e^{−t²/2} at the integrand's peak underflow
        // (the quadrature in linear space returned +∞ here).
        var wide = new GszTailIndex(0.02, 20, 10).Solve().Index;
        Assert.InRange(wide, 1500, 2000);
        // d = 1 against an independent rule: h(s) = E|1 − cX|^s, X ~ χ²_B, by the midpoint rule in x, terms as logarithms.
        var (c, b) = (0.02 / 20, 20);
        var alpha = new GszTailIndex(0.02, b, 1).Solve().Index;
        Assert.InRange(alpha, 1500, 2000);
        Assert.True(LogMomentByMidpointRule(c, b, alpha * 0.999) < 0, "h < 1 just below the index");
        Assert.True(LogMomentByMidpointRule(c, b, alpha * 1.001) > 0, "h > 1 just above the index");
    }

    [Fact]
    public void Index_in_the_thousands_in_GSZ_dimension_agrees_with_importance_sampled_Monte_Carlo()
    {
        // GSZ's grid point B = 20, γ = 0.02, d = 100, λ = 1: α ≈ 1.7·10³, where plain Monte Carlo never sees Z > 1.
        var theory = new GszTailIndex(0.02, 20, 100);
        var (alpha, _) = theory.Solve();
        Assert.InRange(alpha, 1500, 2000);
        var rng = new Rng(58);
        // The Monte Carlo h crosses 1 within ±0.1 % of the quadrature's α, and both agree on ln h there.
        foreach (var (s, sign) in new[] { (alpha * 0.999, -1), (alpha * 1.001, 1) })
        {
            var (logH, se) = LogHByImportanceSampling(0.02 / 20, 20, 100, s, 200_000, rng);
            Assert.True(sign * logH > 4 * se, $"s = {s}: Monte Carlo ln h = {logH} ± {se}");
            Assert.True(Math.Abs(Math.Log(theory.H(s)) - logH) < 4 * se, $"s = {s}: quadrature ln h = {Math.Log(theory.H(s))}, Monte Carlo {logH} ± {se}");
        }
    }

    /// <summary>
    /// ln E[Z^{s/2}] by defensive importance sampling, independent of the quadrature. In (ln X, ln Y) the integrand
    /// χ²_B(x)·χ²_{d−1}(y)·Z^{s/2}·x·y has two bumps for large s: the bulk of the χ² laws (where Z &lt; 1) and a far
    /// one at cX ≈ 1 + 2sc (where Z^{s/2} is huge and the density tiny). The proposal is an even mixture of the χ²
    /// laws themselves and a bivariate Student-t (5 degrees of freedom, covariance twice the inverse Hessian at the
    /// far mode, found by Newton steps with numerical derivatives). Returns the estimate and its delta-method SE.
    /// </summary>
    private static (double LogH, double StandardError) LogHByImportanceSampling(double c, int b, int d, double s, int n, Rng rng)
    {
        double kx = b / 2.0, ky = (d - 1) / 2.0;
        var logNorm = SpecialFunctions.GammaLn(kx) + kx * Math.Log(2) + SpecialFunctions.GammaLn(ky) + ky * Math.Log(2);
        double LogDensity(double lx, double ly) => kx * lx - Math.Exp(lx) / 2 + ky * ly - Math.Exp(ly) / 2 - logNorm;
        double LogIntegrand(double lx, double ly)
        {
            double x = Math.Exp(lx), y = Math.Exp(ly);
            return LogDensity(lx, ly) + 0.5 * s * Math.Log((1 - c * x) * (1 - c * x) + c * c * x * y);
        }
        // Far mode: Newton from cX = 1 + 2sc and Y at its mean.
        double[] m = [Math.Log((1 + 2 * s * c) / c), Math.Log(d)];
        const double e = 1e-4;
        double[,] hess = new double[2, 2];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double F(double dx, double dy) => LogIntegrand(m[0] + dx, m[1] + dy);
            double gx = (F(e, 0) - F(-e, 0)) / (2 * e), gy = (F(0, e) - F(0, -e)) / (2 * e);
            hess[0, 0] = (F(e, 0) - 2 * F(0, 0) + F(-e, 0)) / (e * e);
            hess[1, 1] = (F(0, e) - 2 * F(0, 0) + F(0, -e)) / (e * e);
            hess[0, 1] = hess[1, 0] = (F(e, e) - F(e, -e) - F(-e, e) + F(-e, -e)) / (4 * e * e);
            var det = hess[0, 0] * hess[1, 1] - hess[0, 1] * hess[0, 1];
            m[0] -= (hess[1, 1] * gx - hess[0, 1] * gy) / det;
            m[1] -= (hess[0, 0] * gy - hess[0, 1] * gx) / det;
        }
        // Proposal covariance 2·(−H)⁻¹, its Cholesky factor L, and the bivariate t density.
        var dt = hess[0, 0] * hess[1, 1] - hess[0, 1] * hess[0, 1];
        double c00 = -2 * hess[1, 1] / dt, c11 = -2 * hess[0, 0] / dt, c01 = 2 * hess[0, 1] / dt;
        double l00 = Math.Sqrt(c00), l10 = c01 / l00, l11 = Math.Sqrt(c11 - l10 * l10);
        const double nu = 5;
        var logQNorm = SpecialFunctions.GammaLn((nu + 2) / 2) - SpecialFunctions.GammaLn(nu / 2) - Math.Log(nu * Math.PI) - Math.Log(l00 * l11);
        var logW = new double[n];
        for (var i = 0; i < n; i++)
        {
            double lx, ly;
            if (i % 2 == 0)
            {
                lx = Math.Log(Samplers.ChiSquared(rng, b));
                ly = Math.Log(Samplers.ChiSquared(rng, d - 1));
            }
            else
            {
                double z0 = rng.NextGaussian(), z1 = rng.NextGaussian();
                var scale = Math.Sqrt(nu / Samplers.ChiSquared(rng, nu));
                lx = m[0] + scale * l00 * z0;
                ly = m[1] + scale * (l10 * z0 + l11 * z1);
            }
            // Mahalanobis distance² of the draw from the far mode, for the t density.
            var w0 = (lx - m[0]) / l00;
            var w1 = (ly - m[1] - l10 * w0) / l11;
            var logT = logQNorm - (nu + 2) / 2 * Math.Log(1 + (w0 * w0 + w1 * w1) / nu);
            var logP = LogDensity(lx, ly);
            var logMixture = Math.Max(logT, logP) + Math.Log(0.5 * (1 + Math.Exp(-Math.Abs(logT - logP))));
            logW[i] = LogIntegrand(lx, ly) - logMixture;
        }
        var max = logW.Max();
        var w = Summary.Of(logW.Select(l => Math.Exp(l - max)));
        return (max + Math.Log(w.Mean), w.StandardError / w.Mean);
    }

    /// <summary>ln E|1 − cX|^s for X ~ χ²_B, the midpoint rule on a fine grid in x, with log-sum-exp.</summary>
    private static double LogMomentByMidpointRule(double c, int b, double s)
    {
        const double step = 0.02, top = 60_000;
        var logs = new List<double>();
        var logNorm = new List<double>();
        for (var x = step / 2; x < top; x += step)
        {
            var logDensity = (b / 2.0 - 1) * Math.Log(x) - x / 2;
            logNorm.Add(logDensity);
            logs.Add(logDensity + s * Math.Log(Math.Abs(1 - c * x)));
        }
        return LogSumExp(logs) - LogSumExp(logNorm);
    }

    private static double LogSumExp(List<double> logs)
    {
        var max = logs.Max();
        return max + Math.Log(logs.Sum(l => Math.Exp(l - max)));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 2.0)]
    public void One_dimensional_hSGD_has_the_Pearson_law_and_its_Student_t_fit_tends_to_the_law_s_projection(double ridge, double target)
    {
        // d = 1: the stationary law is p ∝ D^{−1−θ/a}·exp(k·atan(y√(a/c))) in y = x − x₀ (docs/hsgd-tail-index.md), tail index
        // η = 1 + 2B(λ + δ)/(γλ²) on both sides. With a ridge and x₀ ≠ 0 it is skewed, and the Student-t ML ν tends to the ν of
        // the Student-t nearest the law (Kullback–Leibler), below η.
        const double gamma = 0.5, lambda = 1;
        const int b = 1;
        var problem = new LinearRegressionProblem([lambda], [target], noiseStd: 1, ridge);
        var samples = Hsgd.Run(problem, new ChainSettings(gamma, b, Chains: 400, Steps: 2000, BurnIn: 300, Thin: 10), new Rng(52));
        var x = samples.Coordinate(0);
        var nu = StudentTFit.Fit(x).DegreesOfFreedom;
        var se = BatchMeans.StandardError(x, 8, g => StudentTFit.Fit(g).DegreesOfFreedom);

        double a = gamma * gamma * lambda * lambda / b, c = gamma * gamma * lambda / b, theta = gamma * (lambda + ridge), offset = -ridge * target / (lambda + ridge);
        var projected = NearestStudentTDegreesOfFreedom(y => -(1 + theta / a) * Math.Log(a * y * y + c) + 2 * theta * offset / Math.Sqrt(a * c) * Math.Atan(y * Math.Sqrt(a / c)));
        var index = HsgdTailIndex.OneDimensional(lambda, gamma, b, ridge);
        Assert.True(Math.Abs(nu - projected) < 3 * se, $"fitted ν {nu:0.000} ± {se:0.000}, projection {projected:0.000}, index {index:0.000}");
        if (ridge * target == 0) Assert.Equal(index, projected, 1e-3);   // the law is Student-t: its projection is itself
        else Assert.True(index - projected > 10 * se, $"projection {projected:0.000} is not resolved from the index {index:0.000}");
    }

    /// <summary>ν of the Student-t law closest in Kullback–Leibler divergence to the density exp(logDensity) (unnormalised, scale about one).</summary>
    private static double NearestStudentTDegreesOfFreedom(Func<double, double> logDensity)
    {
        const int n = 400_001;
        const double lo = -400, step = 800.0 / (n - 1);
        var y = Enumerable.Range(0, n).Select(i => lo + i * step).ToArray();
        var log = y.Select(logDensity).ToArray();
        var max = log.Max();
        var weight = log.Select(l => Math.Exp(l - max)).ToArray();
        var total = weight.Sum();
        double ExpectedNegativeLogLikelihood(MathVector p)
        {
            double mu = p[0], scale = Math.Exp(p[1]), nu = Math.Exp(p[2]), sum = 0;
            for (var i = 0; i < n; i++)
            {
                var t = (y[i] - mu) / scale;
                sum += weight[i] * (nu + 1) / 2 * Math.Log(1 + t * t / nu);
            }
            return sum / total - SpecialFunctions.GammaLn((nu + 1) / 2) + SpecialFunctions.GammaLn(nu / 2) + 0.5 * Math.Log(nu * Math.PI) + Math.Log(scale);
        }
        // Start at the law's median and half its interquartile range: from a scale far off, the simplex can drift to ν → ∞.
        var cumulative = 0.0;
        var quartiles = new double[3];
        for (int i = 0, q = 0; i < n && q < 3; i++)
            for (cumulative += weight[i] / total; q < 3 && cumulative >= 0.25 * (q + 1); q++) quartiles[q] = y[i];
        var start = MathVector.Build.Dense([quartiles[1], Math.Log((quartiles[2] - quartiles[0]) / 2), Math.Log(5)]);
        var fit = NelderMeadSimplex.Minimum(ObjectiveFunction.Value(ExpectedNegativeLogLikelihood), start, 1e-10, 5000);
        return Math.Exp(fit.MinimizingPoint[2]);
    }

    [Fact]
    public void Halving_the_hSGD_time_step_moves_the_tail_index_by_less_than_its_standard_error()
    {
        // The heaviest isotropic cell of hsgd-tail-bounds (η = 4.12), where the Euler–Maruyama bias is largest.
        var problem = Isotropic(10);
        var settings = new ChainSettings(0.33, 2, Chains: 200, Steps: 1600, BurnIn: 266, Thin: 10);
        var h = Hsgd.TimeStep(problem, 0.33, 2);
        double Nu(double step, out double se)
        {
            var x = Hsgd.Run(problem, settings, new Rng(53), step).Coordinate(0);
            se = BatchMeans.StandardError(x, 8, g => StudentTFit.Fit(g).DegreesOfFreedom);
            return StudentTFit.Fit(x).DegreesOfFreedom;
        }
        var coarse = Nu(h, out var seCoarse);
        var fine = Nu(h / 2, out var seFine);
        Assert.True(Math.Abs(coarse - fine) < Math.Max(seCoarse, seFine), $"h={h}: ν {coarse:0.000} ± {seCoarse:0.000}, h/2: {fine:0.000} ± {seFine:0.000}");
    }

    [Fact]
    public void Streaming_SGD_and_hSGD_are_centred_on_the_ridge_minimiser()
    {
        var problem = Isotropic(3, ridge: 0.5);
        var settings = new ChainSettings(0.05, 4, Chains: 50, Steps: 2000, BurnIn: 400, Thin: 20);
        foreach (var samples in new[] { StreamingSgd.Run(problem, settings, new Rng(54)), Hsgd.Run(problem, settings, new Rng(55)) })
            for (var i = 0; i < 3; i++)
            {
                var x = samples.Coordinate(i);
                var se = BatchMeans.StandardError(x, 10, g => g.Average());
                Assert.InRange(x.Average(), -4 * se, 4 * se);   // deviations from x* average to zero
            }
    }

    [Fact]
    public void Growing_finite_data_SGD_runs_are_kept_and_grow_at_the_Lyapunov_rate()
    {
        // GSZ's cell B = 1, γ = 0.1, d = 100: no stationary law; the iterates pass 10^{100} within a few hundred steps
        // (the old 1e100 cut dropped most runs). Tracked as e^L·v, every run stays finite and is kept.
        var data = FiniteDataSgd.Gaussian(10_000, 100, dataStd: 1, targetScale: 3, noiseStd: 3, ridge: 0, new Rng(59));
        var runs = data.Run(0.1, 1, chains: 100, steps: 1000, burnIn: 500, initScale: 5, new Rng(60));
        Assert.Equal(100, runs.GrowthRates.Length);
        Assert.All(runs.Last.Concat(runs.Average).Concat(runs.LastLogScales), v => Assert.True(double.IsFinite(v)));
        var logNorms = Enumerable.Range(0, 100).Select(c => runs.LastLogScales[c] + Math.Log(Vectors.Norm(runs.Last.AsSpan(c * 100, 100)))).ToArray();
        var beyondOldCut = logNorms.Count(l => l > Math.Log(1e100));
        Assert.True(beyondOldCut >= 50, $"{beyondOldCut} of 100 runs end beyond 1e100 (median ln‖x − x_LS‖ {logNorms.Order().ElementAt(50)})");
        var growth = Summary.Of(runs.GrowthRates);
        var lyapunov = new GszTailIndex(0.1, 1, 100).LyapunovExponent();
        Assert.InRange(growth.Mean, 0.95 * lyapunov, 1.05 * lyapunov);
        var estimate = BlockSumEstimator.ScaledMedianOverBlockSizes(runs.Last, runs.LastLogScales, 100);
        Assert.True(double.IsFinite(estimate.Index) && estimate.Index > 0 && estimate.Index < 2, $"block-sum {estimate.Index}");
    }

    [Fact]
    public void Scaled_block_sum_estimate_equals_the_estimate_of_the_scaled_samples()
    {
        var rng = new Rng(61);
        const int d = 3, n = 400;
        var rows = Enumerable.Range(0, n * d).Select(_ => Samplers.StudentT(rng, 1.5)).ToArray();
        var scales = Enumerable.Range(0, n).Select(_ => 40 * rng.NextDouble()).ToArray();
        var explicitRows = rows.Select((v, i) => v * Math.Exp(scales[i / d])).ToArray();
        foreach (var m in new[] { 2, 5, 20 })
        {
            var scaled = BlockSumEstimator.Estimate(rows, scales, d, m);
            var direct = BlockSumEstimator.Estimate(explicitRows, d, m);
            Assert.Equal(direct.Index, scaled.Index, 9);
            Assert.Equal(direct.StandardError, scaled.StandardError, 9);
        }
        // Zero scales are the unscaled estimator, bit for bit.
        Assert.Equal(BlockSumEstimator.Estimate(rows, d, 5), BlockSumEstimator.Estimate(rows, new double[n], d, 5));
    }

    [Fact]
    public void Finite_data_SGD_solves_the_normal_equations_and_is_centred_on_the_solution()
    {
        const int n = 500, d = 5;
        const double ridge = 0.1;
        var rng = new Rng(56);
        var rows = Enumerable.Range(0, n * d).Select(_ => rng.NextGaussian()).ToArray();
        var targets = Enumerable.Range(0, n).Select(r => rows[r * d] - 2 * rows[r * d + 1] + rng.NextGaussian()).ToArray();
        var data = new FiniteDataSgd(rows, targets, d, ridge);
        // (AᵀA/n + δI)x = Aᵀb/n.
        for (var i = 0; i < d; i++)
        {
            var lhs = ridge * data.Solution[i];
            var rhs = 0.0;
            for (var r = 0; r < n; r++)
            {
                var dot = 0.0;
                for (var j = 0; j < d; j++) dot += rows[r * d + j] * data.Solution[j];
                lhs += rows[r * d + i] * dot / n;
                rhs += rows[r * d + i] * targets[r] / n;
            }
            Assert.Equal(rhs, lhs, 10);
        }
        // The gradient is linear and unbiased, so the stationary mean is the solution: chain averages centre on it.
        var runs = data.Run(0.05, 2, chains: 40, steps: 2000, burnIn: 1000, initScale: 5, new Rng(57));
        Assert.All(runs.LastLogScales.Concat(runs.AverageLogScales), l => Assert.Equal(0, l));
        for (var i = 0; i < d; i++)
        {
            var averages = Summary.Of(Enumerable.Range(0, 40).Select(c => runs.Average[c * d + i]));
            Assert.InRange(averages.Mean, -4 * averages.StandardError, 4 * averages.StandardError);
        }
        Assert.InRange(runs.GrowthRates.Average(), -1e-3, 1e-3);
    }

    [Fact]
    public void Interleaving_puts_different_chains_side_by_side()
    {
        var samples = StreamingSgd.Run(Isotropic(2), new ChainSettings(0.1, 1, Chains: 3, Steps: 30, BurnIn: 0, Thin: 10), new Rng(58));
        var chainMajor = samples.Values.ToArray();
        var interleaved = samples.Interleaved();
        // 3 chains × 3 snapshots of 2 values: row (rank r, chain c) came from chain-major row c·3 + r.
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(chainMajor.AsSpan((c * 3 + r) * 2, 2).ToArray(), interleaved.AsSpan((r * 3 + c) * 2, 2).ToArray());
    }
}
