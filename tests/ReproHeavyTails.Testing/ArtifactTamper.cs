using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Testing;

/// <summary>Edits one value of a stored table in place, metadata kept: what a check that stored rows come from the code must catch.</summary>
public static class ArtifactTamper
{
    /// <summary>Multiplies the value of a double column in one row by <paramref name="factor"/>.</summary>
    public static void Scale(string file, int row, string column, double factor)
    {
        TableSchema schema;
        List<ColumnVector> columns;
        Dictionary<string, string> metadata;
        using (var reader = ParquetReader.Open(file))
        {
            (schema, columns, metadata) = (reader.Schema, reader.ReadAll().ToList(), reader.Metadata.ToDictionary());
        }
        var index = schema.IndexOf(column);
        var old = (ColumnVector<double>)columns[index];
        var edited = (ColumnVector<double>)ColumnVector.Create(ColumnType.Double);
        for (var i = 0; i < old.Count; i++) edited.Add(i == row ? old[i] * factor : old[i], !old.IsNull(i));
        columns[index] = edited;
        using var stream = File.Create(file);
        using var writer = new ParquetWriter(stream, schema, metadata);
        writer.Append(columns);
    }
}
