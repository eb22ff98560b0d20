namespace ReproHeavyTails.Statistics;

/// <summary>Mean, sample standard deviation and standard error of the mean of a set of numbers.</summary>
public readonly record struct Summary(int Count, double Mean, double StandardDeviation)
{
    public double StandardError => Count > 1 ? StandardDeviation / Math.Sqrt(Count) : double.NaN;

    public static Summary Of(IEnumerable<double> values)
    {
        // Welford's update: stable for long streams.
        var n = 0;
        double mean = 0, m2 = 0;
        foreach (var x in values)
        {
            n++;
            var delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }
        return new Summary(n, n > 0 ? mean : double.NaN, n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN);
    }
}
