using MathNet.Numerics.Distributions;

namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// A quantity moves one way along an ordered parameter: per line, the weighted least-squares slope of y on x
/// (weights 1/SE²) with its standard error, and a one-sided z-test of slope = 0 against the stated direction.
/// Every line must show the trend (intersection–union: level α, no multiplicity correction).
/// </summary>
public static class Trend
{
    public const double DefaultLevel = 0.05;

    public static ClaimResult Rising<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> lines, Func<TKey, string> label, double level = DefaultLevel) =>
        Test(lines, label, +1, level);

    public static ClaimResult Falling<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> lines, Func<TKey, string> label, double level = DefaultLevel) =>
        Test(lines, label, -1, level);

    /// <summary>The weighted least-squares slope of y on x and its standard error (from the points' standard errors).</summary>
    public static (double Slope, double Error) Slope(IReadOnlyList<(double X, Estimate Y)> points)
    {
        if (points.Count < 2) throw new ArgumentException("A trend needs at least two points.");
        var w = points.Select(p => 1 / (p.Y.StandardError * p.Y.StandardError)).ToArray();
        double sw = w.Sum(), mx = points.Select((p, i) => w[i] * p.X).Sum() / sw, my = points.Select((p, i) => w[i] * p.Y.Value).Sum() / sw;
        var sxx = points.Select((p, i) => w[i] * (p.X - mx) * (p.X - mx)).Sum();
        return (points.Select((p, i) => w[i] * (p.X - mx) * (p.Y.Value - my)).Sum() / sxx, 1 / Math.Sqrt(sxx));
    }

    private static ClaimResult Test<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> lines, Func<TKey, string> label, int sign, double level)
    {
        var cases = lines.Select(line =>
        {
            var points = line.OrderBy(p => p.X).ToArray();
            var (slope, error) = Slope(points);
            var z = sign * slope / error;
            var p = 1 - Normal.CDF(0, 1, z);
            return new ClaimCase(label(line.Key), p < level, z, p,
                $"{string.Join(" → ", points.Select(q => Estimate.Format(q.Y.Value)))}; slope {Estimate.Format(slope)} ± {Estimate.Format(error)}, z = {z:0.00}");
        }).ToArray();
        return ClaimResult.Decide($"one-sided z-test{(cases.Length == 1 ? "" : "s")} on the weighted least-squares slope ({(sign > 0 ? "rising" : "falling")}){(cases.Length > 1 ? $", all {cases.Length} lines (intersection–union)" : "")}",
            level, cases.All(c => c.Holds), "min z", cases.Length == 0 ? double.NaN : cases.Min(c => c.Statistic),
            cases.Length == 0 ? double.NaN : cases.Max(c => c.PValue), cases);
    }
}
