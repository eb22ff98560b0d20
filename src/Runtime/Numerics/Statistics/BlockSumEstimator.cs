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
    public static TailEstimate Estimate(ReadOnlySpan<double> samples, int dimension, int blockSize) =>
        Estimate(samples, default, dimension, blockSize);

    /// <summary>
    /// Estimate from samples e^{ℓ_j}·x_j, the rows x_j in <paramref name="samples"/> and the log-scales ℓ_j ≥ 0 in
    /// <paramref name="logScales"/> (empty: all zero), so that values beyond the double range (iterates of growing
    /// runs) are estimated exactly: ln(e^ℓ‖x‖ + ε) = ℓ + ln(‖x‖ + ε·e^{−ℓ}), and a block sum is e^{ℓ_max}·Σe^{ℓ_j−ℓ_max}x_j.
    /// </summary>
    public static TailEstimate Estimate(ReadOnlySpan<double> samples, ReadOnlySpan<double> logScales, int dimension, int blockSize)
    {
        if (dimension < 1 || samples.Length % dimension != 0) throw new ArgumentException("The data length must be a multiple of the dimension.", nameof(dimension));
        var count = samples.Length / dimension;
        if (!logScales.IsEmpty && logScales.Length != count) throw new ArgumentException($"{logScales.Length} log-scales for {count} samples.", nameof(logScales));
        var blocks = count / blockSize;
        if (blockSize < 2 || blocks < 2) throw new ArgumentOutOfRangeException(nameof(blockSize), $"Block size {blockSize} needs at least two blocks of {count} samples.");
        var used = blocks * blockSize;
        var single = new Summary.Accumulator();
        var summed = new Summary.Accumulator();
        var blockSum = new double[dimension];
        for (var b = 0; b < blocks; b++)
        {
            Array.Clear(blockSum);
            var top = 0.0;
            for (var j = b * blockSize; j < (b + 1) * blockSize; j++) top = Math.Max(top, ScaleAt(logScales, j));
            for (var j = b * blockSize; j < (b + 1) * blockSize; j++)
            {
                var row = samples.Slice(j * dimension, dimension);
                single.Add(LogNorm(row, ScaleAt(logScales, j)));
                var factor = Math.Exp(ScaleAt(logScales, j) - top);
                for (var c = 0; c < dimension; c++) blockSum[c] += factor * row[c];
            }
            summed.Add(LogNorm(blockSum, top));
        }
        var s = single.Result;
        var y = summed.Result;
        var inverse = (y.Mean - s.Mean) / Math.Log(blockSize);
        var inverseSe = y.ErrorOfDifference(s) / Math.Log(blockSize);
        return new TailEstimate(1 / inverse, inverseSe / (inverse * inverse), used);
    }

    private static double ScaleAt(ReadOnlySpan<double> logScales, int j) => logScales.IsEmpty ? 0 : logScales[j];

    /// <summary>ln(e^ℓ‖x‖ + ε) without forming e^ℓ (ℓ = 0 gives ln(‖x‖ + ε) exactly).</summary>
    private static double LogNorm(ReadOnlySpan<double> x, double logScale) =>
        logScale + Math.Log(LinearAlgebra.Vectors.Norm(x) + Epsilon * Math.Exp(-logScale));

    /// <summary>The median of the estimates over <paramref name="blockSizes"/> (default GSZ's) that fit the sample.</summary>
    public static TailEstimate MedianOverBlockSizes(ReadOnlySpan<double> samples, int dimension, IReadOnlyList<int>? blockSizes = null) =>
        Median(samples, default, dimension, blockSizes ?? GszBlockSizes);

    /// <summary>The median over GSZ's block sizes for samples e^{ℓ_j}·x_j (see the scaled <see cref="Estimate(ReadOnlySpan{double}, ReadOnlySpan{double}, int, int)"/>).</summary>
    public static TailEstimate ScaledMedianOverBlockSizes(ReadOnlySpan<double> samples, ReadOnlySpan<double> logScales, int dimension) =>
        Median(samples, logScales, dimension, GszBlockSizes);

    private static TailEstimate Median(ReadOnlySpan<double> samples, ReadOnlySpan<double> logScales, int dimension, IReadOnlyList<int> blockSizes)
    {
        var count = samples.Length / dimension;
        var estimates = new List<TailEstimate>();
        foreach (var m in blockSizes)
            if (count / m >= 2) estimates.Add(Estimate(samples, logScales, dimension, m));
        if (estimates.Count == 0) throw new ArgumentException($"No block size leaves two blocks of {count} samples.");
        estimates.Sort((a, b) => a.Index.CompareTo(b.Index));
        return estimates[(estimates.Count - 1) / 2];
    }

    // numpy.spacing(1): the gap above 1.0, which Simsekli et al. add before the logarithm.
    private const double Epsilon = 2.220446049250313e-16;
}
