using ReproHeavyTails.Framework.Claims;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The verdict of a claim on a result table, with the numbers that decided it. Experiments' claims build it
/// through a named statistical procedure (<see cref="Claims.Agreement"/>, <see cref="Claims.Trend"/>,
/// <see cref="Claims.ScalingExponent"/>, <see cref="Claims.Equivalence"/>, <see cref="Claims.Comparison"/>,
/// <see cref="Claims.Exact"/>), which records its name, level, statistic, p-value and cases, failures first.
/// </summary>
public sealed record ClaimResult(bool Passed, string Evidence)
{
    /// <summary>The procedure that decided, e.g. "Holm over 6 two-sided z-tests of measured = predicted"; null for a bare rule.</summary>
    public string? Procedure { get; init; }

    /// <summary>The family-wise level α at which the procedure decides (0 for exact comparisons).</summary>
    public double? Level { get; init; }

    /// <summary>What <see cref="Statistic"/> is, e.g. "max |z|".</summary>
    public string? StatisticName { get; init; }

    public double? Statistic { get; init; }

    /// <summary>The p-value that decided: for agreement the smallest Holm-adjusted p (fails below the level), for a trend, comparison or equivalence the largest (passes below it).</summary>
    public double? PValue { get; init; }

    /// <summary>Whether the claim tests a prediction for agreement, so that moving the prediction must make it fail (<see cref="ClaimPerturbation"/>).</summary>
    public bool TestsAgreement { get; init; }

    public IReadOnlyList<ClaimCase> Cases { get; init; } = [];

    /// <summary>The parts of a claim made of several tests (<see cref="AllOf"/>); empty for a single test.</summary>
    public IReadOnlyList<ClaimResult> Parts { get; init; } = [];

    /// <summary>"procedure: statistic = …, p = … (α = …)" (each part's, for a claim of several), or null for a bare rule.</summary>
    public string? Test => Parts.Count > 0 ? string.Join("; ", Parts.Select(p => p.Test ?? "rule"))
        : Procedure is null ? null
        : Procedure + (Statistic is { } s && !double.IsNaN(s) ? $": {StatisticName} = {Estimate.Format(s)}" : "")
          + (PValue is { } p && !double.IsNaN(p) ? $", p = {ClaimCase.Probability(p)}" : "") + (Level is { } a && a > 0 ? $" (α = {a.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : "");

    /// <summary>A procedure's verdict over its cases; the evidence lists them, failing ones first.</summary>
    public static ClaimResult Decide(string procedure, double level, bool passed, string statisticName, double statistic, double pValue,
        IReadOnlyList<ClaimCase> cases, bool testsAgreement = false) =>
        new(passed && cases.Count > 0, cases.Count == 0 ? "no cases in the results to check" : string.Join("; ", cases.OrderBy(c => c.Holds).Select(c => c.ToString())))
        {
            Procedure = procedure, Level = level, StatisticName = statisticName, Statistic = statistic, PValue = pValue, Cases = cases, TestsAgreement = testsAgreement,
        };

    /// <summary>
    /// A claim made of several parts holds when every part holds (an intersection–union test: its level is the
    /// largest of the parts' levels, no multiplicity correction needed).
    /// </summary>
    public static ClaimResult AllOf(params ClaimResult[] parts) =>
        new(parts.Length > 0 && parts.All(p => p.Passed), string.Join(" | ", parts.OrderBy(p => p.Passed).Select(p => p.Evidence)))
        {
            Procedure = "every part holds: " + string.Join("; ", parts.Select(p => p.Procedure ?? "rule")),
            Parts = parts,
            Level = parts.Max(p => p.Level ?? 0),
            Cases = parts.SelectMany(p => p.Cases).ToArray(),
            TestsAgreement = parts.Any(p => p.TestsAgreement),
        };

    /// <summary>A bare rule, for test fixtures of the framework; experiments' claims use a procedure.</summary>
    public static ClaimResult Pass(string evidence) => new(true, evidence);

    /// <summary>A bare rule, for test fixtures of the framework; experiments' claims use a procedure.</summary>
    public static ClaimResult Fail(string evidence) => new(false, evidence);

    /// <summary>A bare rule, for test fixtures of the framework; experiments' claims use a procedure.</summary>
    public static ClaimResult When(bool passed, string evidence) => new(passed, evidence);

    /// <summary>A bare rule over cases, for test fixtures of the framework; experiments' claims use a procedure.</summary>
    public static ClaimResult All<T>(IEnumerable<T> cases, Func<T, bool> holds, Func<T, string> describe)
    {
        var checkedCases = cases.Select(c => (Holds: holds(c), Text: describe(c))).ToList();
        if (checkedCases.Count == 0) return Fail("no cases in the results to check");
        var evidence = checkedCases.OrderBy(c => c.Holds).Select(c => (c.Holds ? "" : "✗ ") + c.Text);
        return When(checkedCases.All(c => c.Holds), string.Join("; ", evidence));
    }
}
