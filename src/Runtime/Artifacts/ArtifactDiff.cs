using System.Text.Json;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Artifacts;

/// <summary>
/// Compares artifact tables: metadata (volatile keys reported, never counted), schema, row counts, and
/// values matched by row key (parameters, replicate, row) with per-column tolerances.
/// </summary>
public static class ArtifactDiff
{
    /// <summary>Compares two files, or two folders file by file (matched by relative path).</summary>
    public static DiffReport Compare(string a, string b, Tolerance? overrideTolerance = null)
    {
        if (Directory.Exists(a) && Directory.Exists(b))
        {
            var left = ArtifactFiles(a);
            var right = ArtifactFiles(b);
            // A table of chosen items (a partial artifact) on one side only is compared with the whole table it is part of on
            // the other, which then is not missing from the side that holds only the chosen items.
            var wholes = left.Except(right).Where(p => WholeOf(p) is { } w && right.Contains(w))
                .Concat(right.Except(left).Where(p => WholeOf(p) is { } w && left.Contains(w)))
                .ToDictionary(p => p, p => WholeOf(p)!);
            var files = new List<FileDiff>();
            foreach (var path in left.Union(right).Order(StringComparer.Ordinal))
            {
                var (inLeft, inRight) = (left.Contains(path), right.Contains(path));
                if (inLeft && inRight) files.Add(CompareFiles(Path.Combine(a, path), Path.Combine(b, path), path, overrideTolerance));
                else if (wholes.TryGetValue(path, out var whole))
                    files.Add(inLeft ? CompareFiles(Path.Combine(a, path), Path.Combine(b, whole), path, overrideTolerance)
                        : CompareFiles(Path.Combine(a, whole), Path.Combine(b, path), path, overrideTolerance));
                else if (!wholes.ContainsValue(path)) files.Add(FileDiff.Only(path, "only in " + (inLeft ? a : b)));
            }
            return new DiffReport(files);
        }
        if (File.Exists(a) && File.Exists(b)) return new DiffReport([CompareFiles(a, b, Path.GetFileName(a), overrideTolerance)]);
        throw new ArtifactException($"Compare two files or two folders: {Describe(a)}, {Describe(b)}.");
    }

    /// <summary>For a table in a folder of chosen items ("x/quick-items-1a2b3c4d/results.parquet"), the whole run's ("x/quick/results.parquet").</summary>
    private static string? WholeOf(string path)
    {
        var folder = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "";
        var name = folder[(folder.LastIndexOf('/') + 1)..];
        var infix = name.LastIndexOf(RunFolder.ItemsInfix, StringComparison.Ordinal);
        return infix > 0 && name.Length == infix + RunFolder.ItemsInfix.Length + 8 ? folder[..(folder.Length - name.Length + infix)] + "/" + Path.GetFileName(path) : null;
    }

    private static string Describe(string p) => File.Exists(p) ? $"{p} is a file" : Directory.Exists(p) ? $"{p} is a folder" : $"{p} does not exist";

    /// <summary>Relative paths of the artifact tables under a folder (no journals, no received snapshots).</summary>
    public static HashSet<string> ArtifactFiles(string root) =>
        Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains(RunFolder.PartialFolder + "/") && !f.Contains(".received.") && !Path.GetFileName(f).StartsWith('.'))
            .ToHashSet(StringComparer.Ordinal);

    internal static FileDiff CompareFiles(string a, string b, string name, Tolerance? overrideTolerance)
    {
        using var left = ParquetReader.Open(a);
        using var right = ParquetReader.Open(b);
        left.Metadata.TryGetValue(RunMetadata.Experiment, out var leftId);
        right.Metadata.TryGetValue(RunMetadata.Experiment, out var rightId);
        if (leftId != rightId)
            throw new ArtifactException($"{name}: the files belong to different experiments ({leftId ?? "none"} vs {rightId ?? "none"}).");

        var metadata = new List<MetadataChange>();
        // A partial artifact's marker is no difference: the comparison is restricted to its items and says so.
        foreach (var key in left.Metadata.Keys.Union(right.Metadata.Keys).Where(k => k != PartialItems.Key).Order(StringComparer.Ordinal))
        {
            left.Metadata.TryGetValue(key, out var old);
            right.Metadata.TryGetValue(key, out var @new);
            if (old != @new) metadata.Add(new MetadataChange(key, old, @new, RunMetadata.Volatile.Contains(key)));
        }

        var schema = new List<string>();
        foreach (var c in left.Schema.Columns)
        {
            var other = right.Schema.Columns.FirstOrDefault(x => x.Name == c.Name);
            if (other is null) schema.Add($"column '{c.Name}' removed");
            else if (other.Type != c.Type || other.Nullable != c.Nullable)
                schema.Add($"column '{c.Name}' retyped {c.Type}{(c.Nullable ? "?" : "")} → {other.Type}{(other.Nullable ? "?" : "")}");
        }
        foreach (var c in right.Schema.Columns.Where(c => left.Schema.IndexOf(c.Name) < 0)) schema.Add($"column '{c.Name}' added");

        var tolerances = ReadTolerances(left.Metadata, name);
        var keys = ReadKeys(left.Metadata, left.Schema, right.Schema, name);
        var partial = PartialItems.Common(PartialItems.Read(left.Metadata, a), PartialItems.Read(right.Metadata, b));
        var (leftColumns, rightColumns) = (left.ReadAll(), right.ReadAll());
        var leftRows = Index(leftColumns, left.Schema, keys, a, partial?.RowsOf(leftColumns, left.Schema, a));
        var rightRows = Index(rightColumns, right.Schema, keys, b, partial?.RowsOf(rightColumns, right.Schema, b));
        var values = new List<ValueChange>();
        var missing = new List<string>();
        var extra = new List<string>();
        var largest = 0.0;
        var shared = left.Schema.Columns.Where(c => right.Schema.Columns.Any(o => o.Name == c.Name && o.Type == c.Type) && !keys.Contains(c.Name)).ToArray();
        foreach (var (key, (lc, li)) in leftRows.OrderBy(row => row.Value.Item2))
        {
            if (!rightRows.TryGetValue(key, out var r)) { missing.Add(key); continue; }
            var (rc, ri) = r;
            foreach (var column in shared)
            {
                var lv = lc[left.Schema.IndexOf(column.Name)];
                var rv = rc[right.Schema.IndexOf(column.Name)];
                var tolerance = overrideTolerance ?? (tolerances.TryGetValue(column.Name, out var t) ? t : Tolerance.Exact);
                if (!Same(lv, li, rv, ri, tolerance))
                    values.Add(new ValueChange(key, column.Name, lv.Format(li), rv.Format(ri), Change(lv, li, rv, ri)));
                else if (lv.Type is ColumnType.Double or ColumnType.Float && !lv.IsNull(li))
                    largest = Math.Max(largest, tolerance.Units(lv.AsDouble(li), rv.AsDouble(ri)));
            }
        }
        extra.AddRange(rightRows.Where(row => !leftRows.ContainsKey(row.Key)).OrderBy(row => row.Value.Item2).Select(row => row.Key));
        var (leftCount, rightCount) = partial is null ? (left.RowCount, right.RowCount) : (leftRows.Count, rightRows.Count);
        return new FileDiff(name, null, metadata, schema, leftCount, rightCount, values, missing, extra)
            { LargestAcceptedDeviation = largest, Partial = partial?.Describe() };
    }

    private static bool Same(ColumnVector a, int i, ColumnVector b, int j, Tolerance tolerance)
    {
        if (a.IsNull(i) || b.IsNull(j)) return a.IsNull(i) && b.IsNull(j);
        return a.Type is ColumnType.Double or ColumnType.Float
            ? tolerance.Accepts(a.AsDouble(i), b.AsDouble(j))
            : a.Format(i) == b.Format(j);
    }

    private static string Change(ColumnVector a, int i, ColumnVector b, int j)
    {
        if (a.IsNull(i) || b.IsNull(j) || a.Type is ColumnType.String or ColumnType.Boolean) return "";
        var d = b.AsDouble(j) - a.AsDouble(i);
        // Relative changes below 0.001 % (last-bit ones) in scientific form: the percentage would round them to "0%".
        var percent = a.AsDouble(i) != 0 ? 100 * d / Math.Abs(a.AsDouble(i)) : double.NaN;
        var rel = double.IsNaN(percent) ? "" : Math.Abs(percent) >= 1e-3
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({percent:+0.###;-0.###}%)")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({percent:+0.#E+0;-0.#E+0}%)");
        return d.ToString("+0.######E+0;-0.######E+0", System.Globalization.CultureInfo.InvariantCulture) + rel;
    }

    /// <summary>
    /// Rows by key (only the <paramref name="included"/> ones when given), with their position (changes are listed in
    /// file order). Two rows with one key would make the comparison ambiguous, so they are an error, never a silent drop.
    /// </summary>
    private static Dictionary<string, (IReadOnlyList<ColumnVector>, int)> Index(IReadOnlyList<ColumnVector> columns, TableSchema schema, IReadOnlyList<string> keys,
        string file, bool[]? included)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        var keyColumns = keys.Select(k => columns[schema.IndexOf(k)]).ToArray();
        var index = new Dictionary<string, (IReadOnlyList<ColumnVector>, int)>(rows);
        for (var r = 0; r < rows; r++)
        {
            if (included is not null && !included[r]) continue;
            var key = keyColumns.Length == 0 ? $"#{r}" : string.Join(", ", keys.Select((k, i) => $"{k}={keyColumns[i].Format(r)}"));
            if (!index.TryAdd(key, (columns, r)))
                throw new ArtifactException($"{file}: rows {index[key].Item2} and {r} have the same key ({key}); a table with duplicate row keys cannot be compared.");
        }
        return index;
    }

    /// <summary>Key columns recorded in the reference file and present in both; else rows match by position.</summary>
    private static IReadOnlyList<string> ReadKeys(IReadOnlyDictionary<string, string> metadata, TableSchema a, TableSchema b, string name)
    {
        if (!metadata.TryGetValue(RunMetadata.KeyColumns, out var json)) return [];
        var keys = ReadJson<string[]>(json, RunMetadata.KeyColumns, name) ?? [];
        return keys.All(k => a.IndexOf(k) >= 0 && b.IndexOf(k) >= 0) ? keys : [];
    }

    private static Dictionary<string, Tolerance> ReadTolerances(IReadOnlyDictionary<string, string> metadata, string name)
    {
        if (!metadata.TryGetValue(RunMetadata.Tolerances, out var json)) return [];
        var raw = ReadJson<Dictionary<string, double[]>>(json, RunMetadata.Tolerances, name) ?? [];
        return raw.Where(kv => kv.Value.Length == 2).ToDictionary(kv => kv.Key, kv => new Tolerance(kv.Value[0], kv.Value[1]));
    }

    private static T? ReadJson<T>(string json, string key, string name)
    {
        try { return JsonSerializer.Deserialize<T>(json); }
        catch (JsonException e) { throw new ArtifactException($"{name}: the metadata {key} is not valid JSON ({e.Message})"); }
    }
}
