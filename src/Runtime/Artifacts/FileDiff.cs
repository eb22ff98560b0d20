namespace ReproHeavyTails.Artifacts;

/// <summary>The differences between two versions of one artifact table.</summary>
internal sealed record FileDiff(string Path, string? OnlyIn, IReadOnlyList<MetadataChange> Metadata, IReadOnlyList<string> Schema,
    long OldRows, long NewRows, IReadOnlyList<ValueChange> Values, IReadOnlyList<string> MissingRows, IReadOnlyList<string> ExtraRows)
{
    /// <summary>The largest deviation among the numeric values that matched, in units of their column's tolerance (0: identical, ≤ 1: within).</summary>
    public double LargestAcceptedDeviation { get; init; }

    /// <summary>When either table is a partial artifact: how many work items were compared ("3 of 180 work items"); rows of other items are not.</summary>
    public string? Partial { get; init; }

    public static FileDiff Only(string path, string where) => new(path, where, [], [], 0, 0, [], [], []);

    /// <summary>True when anything but volatile metadata differs.</summary>
    public bool Differs => OnlyIn is not null || Metadata.Any(m => !m.Volatile) || Schema.Count > 0 || OldRows != NewRows
        || Values.Count > 0 || MissingRows.Count > 0 || ExtraRows.Count > 0;
}

internal sealed record MetadataChange(string Key, string? Old, string? New, bool Volatile);

internal sealed record ValueChange(string Row, string Column, string Old, string New, string Change);
