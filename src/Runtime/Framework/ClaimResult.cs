namespace ReproHeavyTails.Framework;

/// <summary>The verdict of a claim on a result table, with the numbers that decided it.</summary>
public sealed record ClaimResult(bool Passed, string Evidence)
{
    public static ClaimResult Pass(string evidence) => new(true, evidence);

    public static ClaimResult Fail(string evidence) => new(false, evidence);

    public static ClaimResult When(bool passed, string evidence) => new(passed, evidence);

    /// <summary>
    /// Holds when there is at least one case and every case holds. The evidence lists each case, failing
    /// ones first and marked ✗, so a reader sees at once what broke.
    /// </summary>
    public static ClaimResult All<T>(IEnumerable<T> cases, Func<T, bool> holds, Func<T, string> describe)
    {
        var checkedCases = cases.Select(c => (Holds: holds(c), Text: describe(c))).ToList();
        if (checkedCases.Count == 0) return Fail("no cases in the results to check");
        var evidence = checkedCases.OrderBy(c => c.Holds).Select(c => (c.Holds ? "" : "✗ ") + c.Text);
        return When(checkedCases.All(c => c.Holds), string.Join("; ", evidence));
    }
}
