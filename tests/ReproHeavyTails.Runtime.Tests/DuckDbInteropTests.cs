using System.Globalization;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>DuckDB (in process), an independent implementation, reads what the artifact writer writes and writes what the reader reads.</summary>
public class DuckDbInteropTests
{
    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Zstd)]
    public void DuckDB_reads_the_writer_files_with_identical_values_and_types(ParquetCompression codec)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "t.parquet");
        var table = ParquetTestTables.Build(250);
        File.WriteAllBytes(path, ParquetRoundTripTests.Write(table, new ParquetWriterOptions { Compression = codec, RowGroupRows = 60 },
            [new("repro.experiment", "interop ✓")]));

        var types = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({DuckDb.Quote(path)}))");
        Assert.Equal(["DOUBLE", "FLOAT", "INTEGER", "BIGINT", "BOOLEAN", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "DOUBLE", "VARCHAR", "INTEGER"],
            types.Rows.Select(r => r[1]));

        var casts = string.Join(", ", ParquetTestTables.Schema.Columns.Select(c => c.Type == ColumnType.Timestamp
            ? $"CAST(epoch_us({c.Name}) AS VARCHAR)" : $"CAST({c.Name} AS VARCHAR)"));
        var rows = DuckDb.Query($"SELECT {casts} FROM read_parquet({DuckDb.Quote(path)})").Rows;
        Assert.Equal(250, rows.Length);
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < table.Length; c++)
                Assert.True(SameValue(table[c], r, rows[r][c]), $"row {r}, column {ParquetTestTables.Schema.Columns[c].Name}: ours {table[c].Format(r)}, DuckDB {rows[r][c]}");

        var kv = DuckDb.Query($"SELECT decode(value) FROM parquet_kv_metadata({DuckDb.Quote(path)}) WHERE decode(key) = 'repro.experiment'");
        Assert.Equal("interop ✓", kv.Rows.Single()[0]);
        var groups = DuckDb.Query($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Quote(path)})");
        Assert.Equal("5", groups.Rows.Single()[0]);
    }

    [Fact]
    public void DuckDB_reads_an_empty_table()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "empty.parquet");
        File.WriteAllBytes(path, ParquetRoundTripTests.Write(ParquetTestTables.Build(0), new ParquetWriterOptions()));
        Assert.Equal("0", DuckDb.Query($"SELECT CAST(count(*) AS VARCHAR) FROM read_parquet({DuckDb.Quote(path)})").Rows.Single()[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(", COMPRESSION snappy")]
    [InlineData(", COMPRESSION gzip")]
    [InlineData(", COMPRESSION zstd")]
    [InlineData(", COMPRESSION lz4")]
    [InlineData(", COMPRESSION uncompressed")]
    [InlineData(", ROW_GROUP_SIZE 1000")]
    public void The_reader_reads_what_DuckDB_writes(string options)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "duck.parquet");
        const string select = """
            SELECT CAST(i AS INTEGER) AS i, CAST(i * 1000003 AS BIGINT) AS l, CAST(i AS DOUBLE) / 7 AS d, CAST(i AS FLOAT) / 3 AS f,
                   i % 3 = 0 AS b, 'v' || (i % 17) || 'ü' AS s, CASE WHEN i % 4 = 0 THEN NULL ELSE CAST(i AS DOUBLE) * 0.5 END AS nd,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || i END AS ns,
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i) AS t,
                   CASE WHEN i = 1 THEN 'NaN'::DOUBLE WHEN i = 2 THEN 'inf'::DOUBLE WHEN i = 3 THEN -0.0::DOUBLE ELSE CAST(i AS DOUBLE) END AS special
            FROM range(5000) r(i)
            """;
        DuckDb.Query($"COPY ({select}) TO {DuckDb.Quote(path)} (FORMAT parquet{options})");
        // The low-cardinality string column comes as dictionary pages.
        var encodings = DuckDb.Query($"SELECT encodings FROM parquet_metadata({DuckDb.Quote(path)}) WHERE path_in_schema = 's'").Rows;
        Assert.Contains(encodings, r => r[0]!.Contains("DICTIONARY", StringComparison.Ordinal));
        using var reader = ParquetReader.Open(path);
        Assert.False(reader.CarriesDataHash);
        var table = reader.ReadAll();
        Assert.Equal(5000, reader.RowCount);
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(i, ((ColumnVector<int>)table[0])[i]);
            Assert.Equal(i * 1000003L, ((ColumnVector<long>)table[1])[i]);
            Assert.Equal(i / 7.0, ((ColumnVector<double>)table[2])[i]);
            Assert.Equal((float)i / 3, ((ColumnVector<float>)table[3])[i]);
            Assert.Equal(i % 3 == 0, ((ColumnVector<bool>)table[4])[i]);
            Assert.Equal($"v{i % 17}ü", ((ColumnVector<string>)table[5])[i]);
            Assert.Equal(i % 4 == 0, table[6].IsNull(i));
            if (i % 4 != 0) Assert.Equal(i * 0.5, ((ColumnVector<double>)table[6])[i]);
            Assert.Equal(i % 5 == 0 ? null : $"n{i}", ((ColumnVector<string>)table[7]).GetOrDefault(i));
            Assert.Equal(ColumnType.Timestamp, table[8].Type);
            Assert.Equal(1_704_067_200_000_000L + i, ((ColumnVector<long>)table[8])[i]);
        }
        var special = (ColumnVector<double>)table[9];
        Assert.True(double.IsNaN(special[1]));
        Assert.Equal(double.PositiveInfinity, special[2]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(special[3]));
    }

    /// <summary>v2 data pages; DuckDB then delta-encodes timestamps, which the library underneath does not decode (below).</summary>
    [Theory]
    [InlineData(", PARQUET_VERSION V2")]
    [InlineData(", PARQUET_VERSION V2, COMPRESSION zstd")]
    public void The_reader_reads_v2_data_pages(string options)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "duck.parquet");
        DuckDb.Query($"""
            COPY (SELECT CAST(i AS INTEGER) AS i, CAST(i AS DOUBLE) / 7 AS d, 'v' || (i % 17) AS s,
                         CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || i END AS ns, CASE WHEN i % 4 = 0 THEN NULL ELSE i * 1000003 END AS nl
                  FROM range(3000) r(i)) TO {DuckDb.Quote(path)} (FORMAT parquet{options})
            """);
        using var reader = ParquetReader.Open(path);
        var table = reader.ReadAll();
        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal(i, ((ColumnVector<int>)table[0])[i]);
            Assert.Equal(i / 7.0, ((ColumnVector<double>)table[1])[i]);
            Assert.Equal($"v{i % 17}", ((ColumnVector<string>)table[2])[i]);
            Assert.Equal(i % 5 == 0 ? null : $"n{i}", ((ColumnVector<string>)table[3]).GetOrDefault(i));
            Assert.Equal(i % 4 == 0, table[4].IsNull(i));
            if (i % 4 != 0) Assert.Equal(i * 1000003L, ((ColumnVector<long>)table[4])[i]);
        }
    }

    [Fact]
    public void A_delta_encoded_timestamp_column_is_a_one_line_unsupported_error()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "duck.parquet");
        DuckDb.Query($"COPY (SELECT TIMESTAMP '2024-01-01' + to_microseconds(range) AS t FROM range(100)) TO {DuckDb.Quote(path)} (FORMAT parquet, PARQUET_VERSION V2)");
        var e = Assert.Throws<ParquetFormatException>(() =>
        {
            using var reader = ParquetReader.Open(path);
            reader.ReadAll();
        });
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("unsupported", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("SELECT range * 0.5 AS x FROM range(10)", "DECIMAL")]
    [InlineData("SELECT [range, range + 1] AS x FROM range(10)", "nested")]
    [InlineData("SELECT {'a': range} AS x FROM range(10)", "nested")]
    [InlineData("SELECT CAST(range AS SMALLINT) AS x FROM range(10)", "INT_16")]
    [InlineData("SELECT DATE '2024-01-01' + CAST(range AS INTEGER) AS x FROM range(10)", "DATE")]
    public void A_column_type_artifacts_do_not_hold_is_a_one_line_unsupported_error(string select, string named)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var path = Path.Combine(temp.Path, "duck.parquet");
        DuckDb.Query($"COPY ({select}) TO {DuckDb.Quote(path)} (FORMAT parquet)");
        var e = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("supported", e.Message);
        Assert.Contains(named, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static bool SameValue(ColumnVector column, int row, string? duck)
    {
        if (column.IsNull(row)) return duck is null;
        if (duck is null) return false;
        return column switch
        {
            ColumnVector<double> d => SameDouble(d[row], duck),
            ColumnVector<float> f => SameDouble(f[row], duck),
            ColumnVector<bool> b => duck == (b[row] ? "true" : "false"),
            ColumnVector<long> t when t.Type == ColumnType.Timestamp => duck == t[row].ToString(CultureInfo.InvariantCulture),
            _ => column.Format(row) == duck,
        };
    }

    private static bool SameDouble(double ours, string duck)
    {
        var parsed = duck switch
        {
            "nan" or "NaN" or "-nan" => double.NaN,
            "inf" or "Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            _ => double.Parse(duck, CultureInfo.InvariantCulture),
        };
        return double.IsNaN(ours) ? double.IsNaN(parsed) : BitConverter.DoubleToInt64Bits(ours) == BitConverter.DoubleToInt64Bits(parsed)
            || (float)ours == (float)parsed && duck.Length < 12;
    }
}
