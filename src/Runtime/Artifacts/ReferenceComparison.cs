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
        ReferenceMatch.Exact => "reproduced exactly" + Partial,
        ReferenceMatch.WithinTolerance => "within tolerance (largest deviation " +
            LargestDeviation.ToString("0.###E+0", CultureInfo.InvariantCulture) + " tolerance units)" + Partial,
        _ => "differs from " + ReferenceFile + Partial,
    };

    /// <summary>", on 3 of 180 work items" when a partial artifact was compared.</summary>
    private string Partial => Diff?.Files.Select(f => f.Partial).FirstOrDefault(p => p is not null) is { } items ? ", on " + items : "";
}
