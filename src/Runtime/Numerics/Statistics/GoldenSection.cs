namespace ReproHeavyTails.Statistics;

/// <summary>Golden-section search for the maximum of a unimodal function on an interval.</summary>
internal static class GoldenSection
{
    /// <summary>The maximiser of <paramref name="f"/> on [a, b], to within <paramref name="tolerance"/>.</summary>
    public static double Maximize(Func<double, double> f, double a, double b, double tolerance)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = f(c), fd = f(d);
        while (b - a > tolerance)
        {
            if (fc > fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c); }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d); }
        }
        return 0.5 * (a + b);
    }
}
