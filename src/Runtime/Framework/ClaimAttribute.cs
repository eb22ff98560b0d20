namespace ReproHeavyTails.Framework;

/// <summary>Marks a paper's claim: a static method taking the experiment's <see cref="ResultTable{TExperiment, TRow}"/> and returning a <see cref="ClaimResult"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ClaimAttribute(string statement) : Attribute
{
    public string Statement { get; } = statement;

    /// <summary>
    /// Records that this machine's numbers do not bear the paper's claim out. The claim still runs and
    /// reports its evidence as a known failure; should it start to hold, that is reported (and tests fail)
    /// so the record gets updated. Say why in the claim's documentation.
    /// </summary>
    public bool KnownToFail { get; init; }

    /// <summary>
    /// A known failure at one profile only, "quick" or "paper" — for a claim that holds at the published scale
    /// and not at the quick one, or the other way round. Say why in the claim's documentation.
    /// </summary>
    public string? KnownToFailIn { get; init; }
}
