using FsCheck;
using FsCheck.Fluent;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public class ParquetRoundTripTests
{
    [Theory]
    [InlineData(ParquetCompression.None, 100)]
    [InlineData(ParquetCompression.Snappy, 100)]
    [InlineData(ParquetCompression.Gzip, 100)]
    [InlineData(ParquetCompression.Snappy, 0)]
    public void Every_type_and_awkward_value_survives(ParquetCompression codec, int rows)
    {
        var table = ParquetTestTables.Build(rows);
        var bytes = Write(table, new ParquetWriterOptions { Compression = codec, RowGroupRows = 37 });
        using var reader = ParquetReader.Open(new MemoryStream(bytes), "mem");
        Assert.Equal(ParquetTestTables.Schema.Hash, reader.Schema.Hash);
        Assert.Equal(rows, reader.RowCount);
        Assert.Equal(rows == 0 ? 0 : (rows + 36) / 37, reader.RowGroupCount);
        ParquetTestTables.AssertSame(table, reader.ReadAll());
    }

    [Fact]
    public void Many_row_groups_and_batches_that_straddle_them_round_trip()
    {
        var table = ParquetTestTables.Build(5000);
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, ParquetTestTables.Schema, null, new ParquetWriterOptions { RowGroupRows = 777 }))
            for (var start = 0; start < 5000; start += 1234)
                writer.Append(table.Select(c => Slice(c, start, Math.Min(1234, 5000 - start))).ToArray());
        using var reader = ParquetReader.Open(new MemoryStream(stream.ToArray()), "mem");
        Assert.Equal(7, reader.RowGroupCount);
        Assert.Equal(777, reader.RowGroupRows(0));
        ParquetTestTables.AssertSame(table, reader.ReadAll());
    }

    [Fact]
    public void Metadata_is_stored_as_given_and_the_integrity_hashes_are_checked_not_listed()
    {
        var bytes = Write(ParquetTestTables.Build(3), new ParquetWriterOptions(), [new("repro.experiment", "x"), new("empty", "")]);
        using var reader = ParquetReader.Open(new MemoryStream(bytes), "mem");
        Assert.Equal(new Dictionary<string, string> { ["repro.experiment"] = "x", ["empty"] = "" }, reader.Metadata);
        Assert.True(reader.CarriesDataHash);
        Assert.False(string.IsNullOrEmpty(reader.CreatedBy));
    }

    [Fact]
    public void The_same_data_give_the_same_bytes()
    {
        var first = Write(ParquetTestTables.Build(500), new ParquetWriterOptions { RowGroupRows = 100 }, [new("k", "v")]);
        var second = Write(ParquetTestTables.Build(500), new ParquetWriterOptions { RowGroupRows = 100 }, [new("k", "v")]);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_timestamp_outside_the_representable_years_is_refused_when_written()
    {
        var schema = new TableSchema([new Column("t", ColumnType.Timestamp)]);
        var column = (ColumnVector<long>)ColumnVector.Create(ColumnType.Timestamp);
        column.Add(long.MaxValue);
        var e = Assert.Throws<ArgumentException>(() => Write([column], new ParquetWriterOptions(), schema: schema));
        Assert.Contains("outside the years", e.Message);
    }

    private static ColumnVector Slice(ColumnVector source, int start, int count)
    {
        var slice = ColumnVector.Create(source.Type);
        slice.AppendRange(source, start, count);
        return slice;
    }

    [Fact]
    public void Random_schemas_and_values_round_trip()
    {
        var types = Enum.GetValues<ColumnType>();
        var gen =
            from columns in Gen.Choose(1, 6)
            from spec in Gen.ListOf(Gen.Zip(Gen.Elements(types), ArbMap.Default.GeneratorFor<bool>()), columns)
            from rows in Gen.Choose(0, 300)
            from seed in ArbMap.Default.GeneratorFor<int>()
            from groupRows in Gen.Choose(1, 100)
            select (spec.ToArray(), rows, seed, groupRows);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (spec, rows, seed, groupRows) = input;
            var schema = new TableSchema(spec.Select((s, i) => new Column("c" + i, s.Item1, s.Item2)));
            var table = RandomTable(schema, rows, new Random(seed));
            var bytes = Write(table, new ParquetWriterOptions { RowGroupRows = groupRows }, schema: schema);
            using var reader = ParquetReader.Open(new MemoryStream(bytes), "mem");
            ParquetTestTables.AssertSame(table, reader.ReadAll());
        }).QuickCheckThrowOnFailure();
    }

    internal static ColumnVector[] RandomTable(TableSchema schema, int rows, Random random)
    {
        var columns = ColumnVector.CreateAll(schema);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns.Length; c++)
            {
                var present = !schema.Columns[c].Nullable || random.Next(4) > 0;
                switch (columns[c])
                {
                    case ColumnVector<double> v: v.Add(BitConverter.Int64BitsToDouble(random.NextInt64()), present); break;
                    case ColumnVector<float> v: v.Add(BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)), present); break;
                    case ColumnVector<int> v: v.Add(random.Next(int.MinValue, int.MaxValue), present); break;
                    case ColumnVector<long> v when v.Type == ColumnType.Timestamp:
                        v.Add(random.NextInt64(-62_135_596_800_000_000, 253_402_300_799_999_999), present); // years 1–9999
                        break;
                    case ColumnVector<long> v: v.Add(random.NextInt64(long.MinValue, long.MaxValue), present); break;
                    case ColumnVector<bool> v: v.Add(random.Next(2) == 1, present); break;
                    case ColumnVector<string> v:
                        v.Add(new string(Enumerable.Range(0, random.Next(12)).Select(_ => (char)random.Next(32, 0x2FF)).ToArray()), present);
                        break;
                }
            }
        return columns;
    }

    internal static byte[] Write(IReadOnlyList<ColumnVector> table, ParquetWriterOptions options, KeyValuePair<string, string>[]? metadata = null,
        TableSchema? schema = null)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, schema ?? SchemaOf(table), metadata, options))
            writer.Append(table);
        return stream.ToArray();
    }

    private static TableSchema SchemaOf(IReadOnlyList<ColumnVector> table) =>
        table.Count == ParquetTestTables.Schema.Columns.Count && table.Select(c => c.Type).SequenceEqual(ParquetTestTables.Schema.Columns.Select(c => c.Type))
            ? ParquetTestTables.Schema
            : throw new ArgumentException("pass the schema");
}
