namespace ReproHeavyTails.Framework;

/// <summary>A claim checked against one experiment's results.</summary>
public sealed record ClaimOutcome(string Experiment, string Paper, string Claim, string Statement, bool Passed, string Evidence, bool KnownToFail = false)
{
    /// <summary>The procedure's full result (procedure, level, statistic, p-value, cases); null when the claim threw.</summary>
    public ClaimResult? Result { get; init; }

    /// <summary>Held as expected, or failed as recorded.</summary>
    public bool AsExpected => Passed != KnownToFail;

    /// <summary>pass, FAIL, known failure, or UNEXPECTED PASS (a recorded failure that now holds).</summary>
    public string Verdict => (Passed, KnownToFail) switch
    {
        (true, false) => "pass",
        (false, false) => "FAIL",
        (false, true) => "known failure",
        (true, true) => "UNEXPECTED PASS",
    };
}
