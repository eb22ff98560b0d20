using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>
/// The estimator protocol applied to chain snapshots: Student-t maximum likelihood on the top
/// eigen-coordinate (ν, a tail index where the law is Student-t), Hill on ‖x − x*‖ (k = √n), and the block-sum estimator on
/// the vectors interleaved across chains (GSZ's median over block sizes). Errors of ν and Hill are batch means over chain groups,
/// because snapshots of one chain are correlated.
/// </summary>
internal readonly record struct IterateTail(double StudentTNu, double StudentTNuError, double Hill, double HillError, double BlockSum, double BlockSumError, int Samples)
{
    private const int Groups = 8;

    public static IterateTail Of(IterateSamples samples)
    {
        var top = samples.Coordinate(0);
        var norms = samples.Norms();
        var nu = StudentTFit.Fit(top).DegreesOfFreedom;
        var hill = HillEstimator.Estimate(norms).Index;
        var blockSum = BlockSumEstimator.MedianOverBlockSizes(samples.Interleaved(), samples.Dimension);
        return new IterateTail(
            nu, BatchMeans.StandardError(top, Groups, g => StudentTFit.Fit(g).DegreesOfFreedom),
            hill, BatchMeans.StandardError(norms, Groups, g => HillEstimator.Estimate(g).Index),
            blockSum.Index, blockSum.StandardError, samples.Count);
    }
}
