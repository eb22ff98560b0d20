namespace ReproHeavyTails.Statistics;

/// <summary>Sorted magnitudes shared by the order-statistic tail estimators.</summary>
internal static class OrderStatistics
{
    /// <summary>|x| sorted from largest to smallest.</summary>
    public static double[] MagnitudesDescending(ReadOnlySpan<double> sample)
    {
        var magnitudes = new double[sample.Length];
        for (var i = 0; i < sample.Length; i++) magnitudes[i] = Math.Abs(sample[i]);
        Array.Sort(magnitudes);
        Array.Reverse(magnitudes);
        return magnitudes;
    }

    public static void CheckTailCount(int k, int needed, int n, string estimator)
    {
        if (k < 1 || needed >= n)
            throw new ArgumentOutOfRangeException(nameof(k), $"{estimator}: k = {k} needs {needed + 1} order statistics but the sample has {n}.");
    }
}
