namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// An exact prediction (a count, an integral, a closed form with no sampling error) tested exactly: every case
/// equals its prediction to within floating-point rounding, stated as an absolute tolerance, not a percentage band.
/// </summary>
public static class Exact
{
    public static ClaimResult Equal<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, double> actual, Func<T, double> expected, double tolerance = 0)
    {
        var decided = cases.Select(c =>
        {
            var (a, e) = (actual(c), expected(c));
            return new ClaimCase(label(c), Math.Abs(a - e) <= tolerance, Math.Abs(a - e), double.NaN, $"{Estimate.Format(a)} vs {Estimate.Format(e)}");
        }).ToArray();
        return ClaimResult.Decide(tolerance == 0 ? "exact equality" : $"exact equality to rounding (|a − b| ≤ {Estimate.Format(tolerance)})", 0,
            decided.All(c => c.Holds), "max |a − b|", decided.Length == 0 ? double.NaN : decided.Max(c => c.Statistic), double.NaN, decided);
    }

    /// <summary>Every case's value lies in its exact interval [lower, upper] (no sampling error in either).</summary>
    public static ClaimResult Within<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, double> value, Func<T, (double Lower, double Upper)> interval)
    {
        var decided = cases.Select(c =>
        {
            var (v, (lo, hi)) = (value(c), interval(c));
            return new ClaimCase(label(c), v >= lo && v <= hi, v, double.NaN, $"{Estimate.Format(v)} in [{Estimate.Format(lo)}, {Estimate.Format(hi)}]");
        }).ToArray();
        return ClaimResult.Decide("exact interval membership", 0, decided.All(c => c.Holds), "cases outside", decided.Count(c => !c.Holds), double.NaN, decided);
    }
}
