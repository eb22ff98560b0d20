using System.Text;
using System.Text.Json;

namespace ReproHeavyTails.Artifacts;

/// <summary>A diff of artifact files, rendered as a terminal table, Markdown (for CI) or JSON.</summary>
public sealed record DiffReport
{
    internal DiffReport(IReadOnlyList<FileDiff> files) => Files = files;

    internal IReadOnlyList<FileDiff> Files { get; }

    private const int MaxRowsShown = 50;

    public bool Differs => Files.Any(f => f.Differs);

    /// <summary>The largest deviation among matching numeric values, in tolerance units: 0 means identical values.</summary>
    public double LargestAcceptedDeviation => Files.Count == 0 ? 0 : Files.Max(f => f.LargestAcceptedDeviation);

    public string Summary
    {
        get
        {
            var changed = Files.Count(f => f.Differs);
            var values = Files.Sum(f => f.Values.Count);
            var rows = Files.Sum(f => f.MissingRows.Count + f.ExtraRows.Count);
            return $"{Files.Count} file(s) compared, {changed} differ: {values} value(s) changed, {rows} row(s) missing or extra, " +
                   $"{Files.Sum(f => f.Schema.Count)} schema change(s), {Files.Sum(f => f.Metadata.Count(m => !m.Volatile))} metadata change(s)." +
                   string.Concat(Files.Where(f => f.Partial is not null).Select(f => $" {f.Path}: a partial artifact, {f.Partial} compared."));
        }
    }

    public string ToText() => Render(markdown: false);

    public string ToMarkdown() => Render(markdown: true);

    public string ToJson() => JsonSerializer.Serialize(new { differs = Differs, summary = Summary, files = Files.Where(f => f.Differs) },
        new JsonSerializerOptions { WriteIndented = true });

    private string Render(bool markdown)
    {
        var s = new StringBuilder();
        if (markdown) s.AppendLine("### Artifact diff").AppendLine();
        foreach (var f in Files.Where(f => f.Differs))
        {
            s.AppendLine(markdown ? $"**{f.Path}**" : $"== {f.Path}");
            if (f.OnlyIn is not null) { s.AppendLine($"  {f.OnlyIn}"); continue; }
            foreach (var m in f.Metadata.Where(m => !m.Volatile)) s.AppendLine($"  metadata {m.Key}: {m.Old ?? "(none)"} → {m.New ?? "(none)"}");
            foreach (var c in f.Schema) s.AppendLine($"  schema: {c}");
            if (f.OldRows != f.NewRows) s.AppendLine($"  rows: {f.OldRows} → {f.NewRows}");
            foreach (var r in f.MissingRows.Take(MaxRowsShown)) s.AppendLine($"  missing row: {r}");
            foreach (var r in f.ExtraRows.Take(MaxRowsShown)) s.AppendLine($"  extra row: {r}");
            if (f.Values.Count > 0) s.Append(Table(f.Values.Take(MaxRowsShown).ToList(), markdown));
            if (f.Values.Count > MaxRowsShown) s.AppendLine($"  … {f.Values.Count - MaxRowsShown} more value change(s)");
            s.AppendLine();
        }
        var volatileKeys = Files.SelectMany(f => f.Metadata.Where(m => m.Volatile).Select(m => m.Key)).Distinct().ToList();
        if (volatileKeys.Count > 0) s.AppendLine($"(volatile metadata differs and is ignored: {string.Join(", ", volatileKeys)})");
        s.AppendLine(Summary);
        return s.ToString();
    }

    private static string Table(IReadOnlyList<ValueChange> values, bool markdown)
    {
        string[] header = ["row", "column", "old", "new", "change"];
        var rows = values.Select(v => new[] { v.Row, v.Column, v.Old, v.New, v.Change }).ToList();
        var s = new StringBuilder();
        if (markdown)
        {
            s.AppendLine("| " + string.Join(" | ", header) + " |");
            s.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
            foreach (var r in rows) s.AppendLine("| " + string.Join(" | ", r.Select(x => x.Replace("|", "\\|"))) + " |");
            return s.ToString();
        }
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        s.AppendLine(Line(header));
        s.AppendLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var r in rows) s.AppendLine(Line(r));
        return s.ToString();
    }
}
