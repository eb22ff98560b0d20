using System.Text.Json;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Artifacts;

/// <summary>
/// The marker of a partial artifact: a table that holds only chosen work items of a run (`repro run --items`,
/// `repro spot-check`). Its metadata key <see cref="Key"/> names the item columns (the parameters and the
/// replicate), each item's key in the diff's row-key form, and the run's total number of items. A reference is never
/// made of one, claims are never checked on one, and the diff compares a full table with it on its items only. Items
/// run only to a horizon also name its column and value: the diff compares only their rows up to it.
/// </summary>
internal sealed record PartialItems(int Of, IReadOnlyList<string> Columns, IReadOnlyList<string> Keys, string? HorizonColumn = null, int? HorizonAtMost = null)
{
    public const string Key = "repro.items";

    public string Describe() => $"{Keys.Count} of {Of} work items" + (HorizonColumn is null ? "" : $", rows with {HorizonColumn} ≤ {HorizonAtMost}");

    public string ToJson() => JsonSerializer.Serialize(new Record(Of, Columns, Keys, HorizonColumn, HorizonAtMost));

    /// <summary>An item's key: "column=value, …" over <see cref="Columns"/>, the form the diff's row keys begin with.</summary>
    public static string ItemKey(IEnumerable<(string Column, string Value)> parts) => string.Join(", ", parts.Select(p => $"{p.Column}={p.Value}"));

    /// <summary>The marker in a table's metadata; null for a table of every item.</summary>
    public static PartialItems? Read(IReadOnlyDictionary<string, string> metadata, string file)
    {
        if (!metadata.TryGetValue(Key, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<Record>(json) is { Columns: not null, Keys: not null } r && r.HorizonColumn is null == r.HorizonAtMost is null
                ? new PartialItems(r.Of, r.Columns, r.Keys, r.HorizonColumn, r.HorizonAtMost)
                : throw new ArtifactException($"{file}: the metadata {Key} lists no item columns or keys, or a horizon without its value.");
        }
        catch (JsonException e) { throw new ArtifactException($"{file}: the metadata {Key} is not valid JSON ({e.Message})"); }
    }

    /// <summary>
    /// Which rows of a table belong to these items (by the item columns' values) and, with a horizon, lie within it (a
    /// diverged item's row, whose horizon column is null, is kept: its divergence is compared).
    /// </summary>
    public bool[] RowsOf(IReadOnlyList<ColumnVector> columns, TableSchema schema, string file)
    {
        int IndexOf(string c) => schema.IndexOf(c) is >= 0 and var i ? i
            : throw new ArtifactException($"{file} has no column '{c}', so its rows cannot be matched with a partial artifact's items.");
        var indices = Columns.Select(IndexOf).ToArray();
        var horizon = HorizonColumn is null ? null : columns[IndexOf(HorizonColumn)];
        var keys = Keys.ToHashSet(StringComparer.Ordinal);
        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        return Enumerable.Range(0, rows).Select(r => keys.Contains(ItemKey(indices.Select((c, k) => (Columns[k], columns[c].Format(r)))))
            && (horizon is null || horizon.IsNull(r) || horizon.AsDouble(r) <= HorizonAtMost)).ToArray();
    }

    /// <summary>The items two tables share when either is partial (both partial: the items of both); null when both are whole.</summary>
    public static PartialItems? Common(PartialItems? a, PartialItems? b) => (a, b) switch
    {
        (null, null) => null,
        (null, _) => b,
        (_, null) => a,
        _ when a.HorizonColumn is not null && b.HorizonColumn is not null && (a.HorizonColumn, a.HorizonAtMost) != (b.HorizonColumn, b.HorizonAtMost) =>
            throw new ArtifactException($"Two partial artifacts run to different horizons ({a.HorizonColumn} ≤ {a.HorizonAtMost}, {b.HorizonColumn} ≤ {b.HorizonAtMost}) have no rows to compare."),
        _ => a with { Keys = a.Keys.Intersect(b.Keys, StringComparer.Ordinal).ToArray(), HorizonColumn = a.HorizonColumn ?? b.HorizonColumn, HorizonAtMost = a.HorizonAtMost ?? b.HorizonAtMost },
    };

    private sealed record Record(int Of, IReadOnlyList<string> Columns, IReadOnlyList<string> Keys, string? HorizonColumn, int? HorizonAtMost);
}
