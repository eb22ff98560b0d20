namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// Decisions on goodness-of-fit p-values computed by the experiment (e.g. Kolmogorov–Smirnov): a law that
/// fits is not rejected anywhere (Holm over the cells at family-wise level α), a law that does not fit is
/// rejected in every cell (each p &lt; α, intersection–union).
/// </summary>
public static class GoodnessOfFit
{
    public const double DefaultLevel = 0.01;

    public static ClaimResult NotRejected<T>(IEnumerable<T> cells, Func<T, string> label, Func<T, double> pValue, Func<T, string> detail, double level = DefaultLevel)
    {
        var rows = cells.ToArray();
        var adjusted = Holm.Adjust(rows.Select(c => double.IsNaN(pValue(c)) ? 0 : pValue(c)).ToArray());
        var cases = rows.Select((c, i) => new ClaimCase(label(c), !(adjusted[i] < level), pValue(c), adjusted[i], detail(c))).ToArray();
        return ClaimResult.Decide($"fit not rejected: Holm over {cases.Length} goodness-of-fit p-values", level, cases.All(c => c.Holds),
            "min p", cases.Length == 0 ? double.NaN : cases.Min(c => c.Statistic), cases.Length == 0 ? double.NaN : adjusted.Min(), cases);
    }

    public static ClaimResult Rejected<T>(IEnumerable<T> cells, Func<T, string> label, Func<T, double> pValue, Func<T, string> detail, double level = DefaultLevel)
    {
        var cases = cells.Select(c => new ClaimCase(label(c), pValue(c) < level, pValue(c), pValue(c), detail(c))).ToArray();
        return ClaimResult.Decide($"fit rejected in every one of {cases.Length} cells (intersection–union)", level, cases.All(c => c.Holds),
            "max p", cases.Length == 0 ? double.NaN : cases.Max(c => c.Statistic), cases.Length == 0 ? double.NaN : cases.Max(c => c.PValue), cases);
    }
}
