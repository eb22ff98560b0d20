namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// A quantity equals a target within a stated margin, shown rather than merely not refuted: two one-sided
/// tests (TOST) of H₀: value ≤ target − margin and H₀: value ≥ target + margin, passing when the larger p is
/// below α. Several cases must all pass (intersection–union). Its power is against the margin, not against a
/// shift of a few standard errors, so <see cref="ClaimPerturbation"/> leaves it alone.
/// </summary>
public static class Equivalence
{
    public const double DefaultLevel = 0.05;

    public static ClaimResult Tost<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, Estimate> estimate, Func<T, double> target,
        Func<T, double> margin, double level = DefaultLevel)
    {
        var decided = cases.Select(c =>
        {
            var (e, t, m) = (estimate(c), target(c), margin(c));
            var p = Math.Max(e.UpperTail(e.Score(t - m)), e.UpperTail(-e.Score(t + m)));
            return new ClaimCase(label(c), p < level, (e.Value - t) / m, p, $"{e} within {Estimate.Format(t)} ± {Estimate.Format(m)}");
        }).ToArray();
        return ClaimResult.Decide($"TOST equivalence within the stated margin{(decided.Length == 1 ? "" : $", all {decided.Length} cases (intersection–union)")}",
            level, decided.All(c => c.Holds), "max |value − target|/margin", decided.Length == 0 ? double.NaN : decided.Max(c => Math.Abs(c.Statistic)),
            decided.Length == 0 ? double.NaN : decided.Max(c => c.PValue), decided);
    }
}
