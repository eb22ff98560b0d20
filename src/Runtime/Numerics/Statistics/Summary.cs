namespace ReproHeavyTails.Statistics;

/// <summary>Mean, sample standard deviation and standard error of the mean of a set of numbers.</summary>
public readonly record struct Summary(int Count, double Mean, double StandardDeviation)
{
    public double StandardError => Count > 1 ? StandardDeviation / Math.Sqrt(Count) : double.NaN;

    /// <summary>The standard error of the difference of two independent means.</summary>
    public double ErrorOfDifference(Summary other) => Math.Sqrt(StandardError * StandardError + other.StandardError * other.StandardError);

    public static Summary Of(IEnumerable<double> values)
    {
        var accumulator = new Accumulator();
        foreach (var x in values) accumulator.Add(x);
        return accumulator.Result;
    }

    /// <summary>Welford's streaming update: stable for long streams, no allocation.</summary>
    public struct Accumulator
    {
        private int _n;
        private double _mean, _m2;

        public void Add(double x)
        {
            _n++;
            var delta = x - _mean;
            _mean += delta / _n;
            _m2 += delta * (x - _mean);
        }

        public readonly Summary Result => new(_n, _n > 0 ? _mean : double.NaN, _n > 1 ? Math.Sqrt(_m2 / (_n - 1)) : double.NaN);
    }
}
