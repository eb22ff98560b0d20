namespace ReproHeavyTails.Framework;

/// <summary>The scale an experiment runs at.</summary>
public enum Profile
{
    /// <summary>Seconds per experiment: what tests and CI run, and what artifacts/ stores.</summary>
    Quick,

    /// <summary>The published scale.</summary>
    Paper,
}
