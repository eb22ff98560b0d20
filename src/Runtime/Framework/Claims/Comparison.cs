namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// One quantity exceeds another by at least a margin: per case a one-sided test of H₀: value ≤ threshold
/// (z or Student's t), passing when p &lt; α. Several cases must all pass (intersection–union: level α with
/// no multiplicity correction).
/// </summary>
public static class Comparison
{
    public const double DefaultLevel = 0.05;

    /// <summary>Each case's estimate (often a difference A − B) exceeds its threshold (often the margin).</summary>
    public static ClaimResult Exceeds<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, Estimate> estimate, Func<T, double> threshold,
        double level = DefaultLevel) => Test(cases, label, estimate, threshold, +1, level);

    /// <summary>Each case's estimate lies below its threshold.</summary>
    public static ClaimResult Below<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, Estimate> estimate, Func<T, double> threshold,
        double level = DefaultLevel) => Test(cases, label, estimate, threshold, -1, level);

    private static ClaimResult Test<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, Estimate> estimate, Func<T, double> threshold, int sign, double level)
    {
        var decided = cases.Select(c =>
        {
            var (e, b) = (estimate(c), threshold(c));
            var z = sign * e.Score(b);
            var p = e.UpperTail(z);
            return new ClaimCase(label(c), p < level, z, p, $"{e} {(sign > 0 ? ">" : "<")} {Estimate.Format(b)}, {(double.IsPositiveInfinity(e.DegreesOfFreedom) ? "z" : "t")} = {z:0.00}");
        }).ToArray();
        return ClaimResult.Decide($"one-sided test{(decided.Length == 1 ? "" : $"s, all {decided.Length} cases (intersection–union)")} of value {(sign > 0 ? ">" : "<")} threshold",
            level, decided.All(c => c.Holds), "min score", decided.Length == 0 ? double.NaN : decided.Min(c => c.Statistic),
            decided.Length == 0 ? double.NaN : decided.Max(c => c.PValue), decided);
    }
}
