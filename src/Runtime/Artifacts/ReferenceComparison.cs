using System.Globalization;

namespace ReproHeavyTails.Artifacts;

/// <summary>A fresh results file compared with its stored reference; <see cref="Diff"/> is null when there is no reference.</summary>
public sealed record ReferenceComparison(ReferenceMatch Match, string ReferenceFile, DiffReport? Diff)
{
    /// <summary>The largest deviation among values within tolerance, in tolerance units (1 = at the tolerance).</summary>
    public double LargestDeviation => Diff?.LargestAcceptedDeviation ?? 0;

    public string Describe() => Match switch
    {
        ReferenceMatch.New => $"new: no stored reference at {ReferenceFile}",
        ReferenceMatch.Exact => "reproduced exactly",
        ReferenceMatch.WithinTolerance => "within tolerance (largest deviation " +
            LargestDeviation.ToString("0.###E+0", CultureInfo.InvariantCulture) + " tolerance units)",
        _ => "differs from " + ReferenceFile,
    };
}
