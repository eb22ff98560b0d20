namespace ReproHeavyTails.Statistics;

/// <summary>
/// The block-sum estimator of Mohammadi, Mohammadpour &amp; Ogata (2015) as Simsekli et al. (2019) apply it:
/// split N = n·m samples (vectors in R^d; scalars are d = 1) into n blocks of m consecutive samples,
/// Y_i the block sums, and 1/α̂ = (mean ln‖Y_i‖ − mean ln‖X_j‖)/ln m, each norm plus the machine ε.
/// It assumes an α-stable-like law with α ∈ (0, 2]: light tails read as α̂ ≈ 2, never more.
/// The standard error is a delta-method bound that treats the two means as independent (their
/// covariance is positive, so it overstates the error).
/// </summary>
public static class BlockSumEstimator
{
    /// <summary>The block sizes of Gurbuzbalaban, Simsekli &amp; Zhu (2021), whose estimates they take the median of.</summary>
    public static IReadOnlyList<int> GszBlockSizes { get; } = [2, 5, 10, 20, 40, 50, 100];

    /// <summary>Estimate from <paramref name="samples"/> laid out row by row, <paramref name="dimension"/> values per sample.</summary>
    public static TailEstimate Estimate(ReadOnlySpan<double> samples, int dimension, int blockSize)
    {
        if (dimension < 1 || samples.Length % dimension != 0) throw new ArgumentException("The data length must be a multiple of the dimension.", nameof(dimension));
        var count = samples.Length / dimension;
        var blocks = count / blockSize;
        if (blockSize < 2 || blocks < 2) throw new ArgumentOutOfRangeException(nameof(blockSize), $"Block size {blockSize} needs at least two blocks of {count} samples.");
        var used = blocks * blockSize;
        var single = new Summary.Accumulator();
        var summed = new Summary.Accumulator();
        var blockSum = new double[dimension];
        for (var b = 0; b < blocks; b++)
        {
            Array.Clear(blockSum);
            for (var j = 0; j < blockSize; j++)
            {
                var row = samples.Slice((b * blockSize + j) * dimension, dimension);
                single.Add(Math.Log(LinearAlgebra.Vectors.Norm(row) + Epsilon));
                for (var c = 0; c < dimension; c++) blockSum[c] += row[c];
            }
            summed.Add(Math.Log(LinearAlgebra.Vectors.Norm(blockSum) + Epsilon));
        }
        var s = single.Result;
        var y = summed.Result;
        var inverse = (y.Mean - s.Mean) / Math.Log(blockSize);
        var inverseSe = y.ErrorOfDifference(s) / Math.Log(blockSize);
        return new TailEstimate(1 / inverse, inverseSe / (inverse * inverse), used);
    }

    /// <summary>The median of the estimates over <paramref name="blockSizes"/> (default GSZ's) that fit the sample.</summary>
    public static TailEstimate MedianOverBlockSizes(ReadOnlySpan<double> samples, int dimension, IReadOnlyList<int>? blockSizes = null)
    {
        var count = samples.Length / dimension;
        var estimates = new List<TailEstimate>();
        foreach (var m in blockSizes ?? GszBlockSizes)
            if (count / m >= 2) estimates.Add(Estimate(samples, dimension, m));
        if (estimates.Count == 0) throw new ArgumentException($"No block size leaves two blocks of {count} samples.");
        estimates.Sort((a, b) => a.Index.CompareTo(b.Index));
        return estimates[(estimates.Count - 1) / 2];
    }

    // numpy.spacing(1): the gap above 1.0, which Simsekli et al. add before the logarithm.
    private const double Epsilon = 2.220446049250313e-16;
}
