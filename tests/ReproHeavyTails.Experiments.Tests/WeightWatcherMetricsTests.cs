using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>WeightWatcher's metrics against values computed independently: by hand, and by NumPy/SciPy (Reference/weightwatcher_metrics.py).</summary>
public class WeightWatcherMetricsTests
{
    [Fact]
    public void Norm_metrics_entropy_and_alpha_of_a_two_eigenvalue_spectrum()
    {
        // W = [[3, 0], [0, 1], [0, 0]]: WᵀW has eigenvalues 1 and 9.
        var m = WeightWatcherMetrics.Of([1.0, 9.0], 3, 2);
        Assert.Equal(1, m.LogNorm, 12);                                      // log10 10
        Assert.Equal(0.9542425094393249, m.LogSpectralNorm, 12);             // log10 9
        Assert.Equal(10.0 / 9, m.StableRank, 12);
        // rank 2, p = (0.1, 0.9): −(0.1 ln 0.1 + 0.9 ln 0.9)/ln 2
        Assert.Equal(0.4689955935892812, m.Entropy, 8);
        // The only xmin tried is 1: alpha = 1 + 2/ln 9.
        Assert.Equal(1.9102392266268373, m.Alpha, 12);
        Assert.Equal(1.9102392266268373 * 0.9542425094393249, m.AlphaWeighted, 12);
        Assert.Equal(Math.Log10(1 + Math.Pow(9, 1.9102392266268373)), m.LogAlphaNorm, 12);
    }

    /// <summary>A 60 × 40 matrix of deterministic pseudo-random entries frac(10⁴·sin(k + 1)) − ½, plus a rank-one spike of the given strength.</summary>
    private static Matrix TestMatrix(double spike)
    {
        const int n = 60, m = 40;
        var w = new Matrix(n, m);
        var v = Enumerable.Range(0, m).Select(j => Math.Cos(j)).ToArray();
        var vNorm = Math.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
            {
                var r = Math.Sin(i * m + j + 1) * 10000 % 1.0;
                w[i, j] = (r < 0 ? r + 1 : r) - 0.5 + spike / Math.Sqrt(n) * v[j] / vNorm;
            }
        return w;
    }

    [Theory]
    [InlineData(0.0, 2.304681008547474, 1.1885538134780302, 13.065534921833134, 4.06866776049266, 4.8358305825086685, 5.3671453107438944,
        0.9105843261886972, 0.9778438103319542, 15.908497675963535, 0, 1.0305649204599137)]
    [InlineData(12.0, 2.5350438326014784, 2.1759436408463237, 2.2861261519423732, 2.786407038251207, 6.063064675692154, 6.066609726443686,
        0.69465490187655, 0.8538451045594142, 20.616322362273813, 1, 0.13748887408828722)]
    public void Matches_NumPy_and_SciPy_on_a_test_matrix(double spike, double logNorm, double logSpectralNorm, double stableRank, double alpha,
        double alphaWeighted, double logAlphaNorm, double entropy, double sigmaMp, double bulkMax, int numSpikes, double mpSoftRank)
    {
        var m = WeightWatcherMetrics.Of(Esd.Eigenvalues(TestMatrix(spike)), 60, 40);
        Assert.Equal(logNorm, m.LogNorm, 1e-9);
        Assert.Equal(logSpectralNorm, m.LogSpectralNorm, 1e-9);
        Assert.Equal(stableRank, m.StableRank, 1e-9);
        Assert.Equal(alpha, m.Alpha, 1e-9);
        Assert.Equal(alphaWeighted, m.AlphaWeighted, 1e-9);
        Assert.Equal(logAlphaNorm, m.LogAlphaNorm, 1e-9);
        Assert.Equal(entropy, m.Entropy, 1e-9);
        // SciPy's brute + fmin reach the same σ: the grid and the Nelder–Mead steps are the same arithmetic.
        Assert.Equal(sigmaMp, m.SigmaMp, 1e-9);
        Assert.Equal(bulkMax, m.BulkMax, 1e-8);
        Assert.Equal(numSpikes, m.NumSpikes);
        Assert.Equal(mpSoftRank, m.MpSoftRank, 1e-9);
    }
}
