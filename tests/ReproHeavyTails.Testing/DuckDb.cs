using System.Globalization;
using DuckDB.NET.Data;

namespace ReproHeavyTails.Testing;

/// <summary>DuckDB in process (DuckDB.NET): an independent reader and writer of Parquet for interop tests.</summary>
public static class DuckDb
{
    public sealed record Result(string[] Columns, string?[][] Rows);

    /// <summary>Runs the statements in one in-memory session and returns the last one's rows, every value as invariant text.</summary>
    public static Result Query(params string[] statements)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var result = new Result([], []);
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<string?[]>();
            while (reader.Read())
                rows.Add(Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray());
            result = new Result(columns, rows.ToArray());
        }
        return result;
    }

    public static string Quote(string path) => "'" + path.Replace("'", "''") + "'";
}
