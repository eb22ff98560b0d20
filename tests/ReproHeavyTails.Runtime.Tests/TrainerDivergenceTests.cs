using ReproHeavyTails.Framework;
using ReproHeavyTails.Numerics;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Symmetry;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public class TrainerDivergenceTests
{
    /// <summary>θ₀ has no gradient and stays finite while θ₁ blows up: the trainer must look at the whole state.</summary>
    private sealed class OneExplodingCoordinate : IModel
    {
        public int ParameterCount => 2;

        public double AccumulateGradient(ReadOnlySpan<double> theta, Dataset data, int index, double weight, Span<double> gradient)
        {
            gradient[1] += weight * 1e300 * theta[1];
            return 0.5e300 * theta[1] * theta[1];
        }
    }

    [Fact]
    public void A_non_finite_coordinate_other_than_the_first_is_a_divergence()
    {
        var data = new Dataset([0.0], [0.0], 1, 1);
        double[] theta = [1, 1];
        var e = Assert.Throws<DivergedException>(() =>
            Trainer.Run(new OneExplodingCoordinate(), data, theta, new TrainerSettings(1, 100), new Rng(1), (_, _, _) => { }));
        Assert.Equal("parameters not finite at step 2", e.Message);
        Assert.Equal(1, theta[0]);
    }
}
