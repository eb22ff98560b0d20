using System.Text;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Artifacts;

/// <summary>A canonical, line-oriented text rendering of an artifact: for `repro show --text` and `git diff`.</summary>
public static class TableText
{
    public static string Render(ParquetReader reader, int? maxRows = null, bool includeVolatile = true)
    {
        var s = new StringBuilder();
        s.AppendLine($"# rows: {reader.RowCount}, row groups: {reader.RowGroupCount}");
        s.AppendLine($"# schema: {reader.Schema}");
        foreach (var (k, v) in reader.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (includeVolatile || !RunMetadata.Volatile.Contains(k)) s.AppendLine($"# {k} = {v}");
        s.AppendLine(string.Join("\t", reader.Schema.Columns.Select(c => c.Name)));
        var shown = 0;
        // Every group is read, also past the rows shown: the last one completes the reader's check of the data hash.
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.ReadRowGroup(g);
            for (var r = 0; r < reader.RowGroupRows(g) && !(shown >= maxRows); r++, shown++)
                s.AppendLine(string.Join("\t", group.Select(c => c.Format(r))));
        }
        return shown < reader.RowCount ? s.AppendLine("…").ToString() : s.ToString();
    }
}
