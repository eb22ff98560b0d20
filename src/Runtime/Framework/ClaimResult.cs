namespace ReproHeavyTails.Framework;

/// <summary>The verdict of a claim on a result table, with the numbers that decided it.</summary>
public sealed record ClaimResult(bool Passed, string Evidence)
{
    public static ClaimResult Pass(string evidence) => new(true, evidence);

    public static ClaimResult Fail(string evidence) => new(false, evidence);

    public static ClaimResult When(bool passed, string evidence) => new(passed, evidence);
}
