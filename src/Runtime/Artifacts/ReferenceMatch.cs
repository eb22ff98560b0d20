namespace ReproHeavyTails.Artifacts;

/// <summary>How a fresh run's results stand against the stored reference artifact.</summary>
public enum ReferenceMatch
{
    /// <summary>No reference is stored yet: nothing to compare with, not a failure.</summary>
    New,

    /// <summary>Every value equal.</summary>
    Exact,

    /// <summary>Some values differ, all within their column's tolerance.</summary>
    WithinTolerance,

    /// <summary>A value beyond its tolerance, a missing or extra row, or a schema or metadata change.</summary>
    Differs,
}
