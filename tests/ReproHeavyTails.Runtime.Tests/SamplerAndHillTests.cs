using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public class SamplerAndHillTests
{
    private const int N = 100_000;
    private const double KsCritical1Percent = 1.63;

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Pareto_follows_its_CDF(double alpha)
    {
        var rng = new Rng(11);
        var x = Enumerable.Range(0, N).Select(_ => Samplers.Pareto(rng, alpha)).ToArray();
        Assert.True(KolmogorovSmirnov.Test(x, v => 1 - Math.Pow(v, -alpha)).Statistic < KsCritical1Percent / Math.Sqrt(N));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void StudentT_follows_its_CDF(double nu)
    {
        var rng = new Rng(12);
        var x = Enumerable.Range(0, N).Select(_ => Samplers.StudentT(rng, nu)).ToArray();
        Assert.True(KolmogorovSmirnov.Test(x, v => MathNet.Numerics.Distributions.StudentT.CDF(0, 1, nu, v)).Statistic < KsCritical1Percent / Math.Sqrt(N));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void Gamma_has_mean_and_variance_equal_to_its_shape(double shape)
    {
        var rng = new Rng(13);
        var s = Summary.Of(Enumerable.Range(0, N).Select(_ => Samplers.Gamma(rng, shape)));
        Assert.InRange(s.Mean, shape - 4 * Math.Sqrt(shape / N), shape + 4 * Math.Sqrt(shape / N));
        Assert.True(KolmogorovSmirnov.Test(Enumerable.Range(0, N).Select(_ => Samplers.Gamma(rng, shape)).ToArray(),
            v => MathNet.Numerics.Distributions.Gamma.CDF(shape, 1, v)).Statistic < KsCritical1Percent / Math.Sqrt(N));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Hill_recovers_a_Pareto_index_within_its_standard_error(double alpha)
    {
        // On an exact Pareto tail Hill's estimator is unbiased in 1/α with SE α/√k: allow three.
        var rng = new Rng(14);
        var x = Enumerable.Range(0, N).Select(_ => Samplers.Pareto(rng, alpha)).ToArray();
        var estimate = HillEstimator.Estimate(x, 2000);
        Assert.InRange(estimate.Index, alpha - 3 * estimate.StandardError, alpha + 3 * estimate.StandardError);
    }
}
