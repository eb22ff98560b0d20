namespace ReproHeavyTails.Statistics;

/// <summary>
/// Standard errors for estimates from correlated samples (snapshots of Markov chains): split the sample
/// into contiguous groups of whole chains, estimate on each, and take SD(group estimates)/√groups — the
/// batch-means error of the whole-sample estimate, valid when groups are independent and the estimator's
/// variance falls like 1/n.
/// </summary>
public static class BatchMeans
{
    public static double StandardError(ReadOnlySpan<double> sample, int groups, Func<double[], double> estimate) =>
        OfGroups(sample, groups, estimate).StandardError;

    /// <summary>
    /// The estimates on each group, summarised. Their mean, with <see cref="Summary.StandardError"/> (groups − 1
    /// degrees of freedom), is an estimate whose error is exact whatever the estimator's variance law, because the
    /// groups are independent; it estimates what the estimator reads at the group's size, not the whole sample's.
    /// </summary>
    public static Summary OfGroups(ReadOnlySpan<double> sample, int groups, Func<double[], double> estimate)
    {
        if (groups < 2 || sample.Length < 2 * groups) throw new ArgumentOutOfRangeException(nameof(groups), $"{groups} groups need at least {2 * groups} values.");
        var acc = new Summary.Accumulator();
        for (var g = 0; g < groups; g++)
        {
            var start = (int)((long)sample.Length * g / groups);
            var end = (int)((long)sample.Length * (g + 1) / groups);
            acc.Add(estimate(sample[start..end].ToArray()));
        }
        return acc.Result;
    }
}
