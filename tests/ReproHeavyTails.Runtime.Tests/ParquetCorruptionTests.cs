using System.Diagnostics;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>A damaged file is an error, never numbers: mutants of real artifacts, named defects and crafted footers.</summary>
public class ParquetCorruptionTests(ITestOutputHelper output)
{
    private const int Mutants = 12_000;

    [Fact]
    public void Mutants_of_the_stored_artifacts_read_back_identical_or_end_in_the_project_error()
    {
        var sources = ArtifactFiles().Select(f =>
        {
            var bytes = ArtifactRewrite.Rewrite(f);
            using var reader = ParquetReader.Open(new MemoryStream(bytes), f);
            return (Name: Path.GetRelativePath(RepositoryPaths.Artifacts, f), Bytes: bytes, Schema: reader.Schema.ToString(), reader.Metadata, Table: reader.ReadAll());
        }).ToArray();
        var random = new Random(20251202);
        var kinds = new[] { "bit flip", "byte change", "truncation", "insertion" };
        var counts = kinds.ToDictionary(k => k, _ => (Identical: 0, Errors: 0));
        var silent = new List<string>();
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0;
        var mostAllocating = "";
        for (var trial = 0; trial < Mutants; trial++)
        {
            var source = sources[trial % sources.Length];
            var kind = kinds[random.Next(kinds.Length)];
            var bytes = Mutate(source.Bytes, kind, random);
            var name = $"mutant-{trial}";
            var started = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes();
            try
            {
                using var reader = ParquetReader.Open(new MemoryStream(bytes), name);
                var table = reader.ReadAll();
                if (reader.Schema.ToString() == source.Schema && Same(reader.Metadata, source.Metadata) && Same(source.Table, table))
                    counts[kind] = counts[kind] with { Identical = counts[kind].Identical + 1 };
                else silent.Add($"{name} ({kind} of {source.Name}) read as different {Difference(source.Schema, source.Metadata, source.Table, reader.Schema.ToString(), reader.Metadata, table)} without an error");
            }
            catch (ParquetFormatException e)
            {
                Assert.StartsWith(name + ": ", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                counts[kind] = counts[kind] with { Errors = counts[kind].Errors + 1 };
            }
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - started).Ticks));
            var mutantAllocated = GC.GetTotalAllocatedBytes() - allocated;
            if (mutantAllocated > mostAllocated) (mostAllocated, mostAllocating) = (mutantAllocated, $"{name} ({kind} of {source.Name})");
        }

        var identical = counts.Values.Sum(c => c.Identical);
        var errors = counts.Values.Sum(c => c.Errors);
        output.WriteLine($"{Mutants} mutants of {sources.Length} artifacts in {clock.Elapsed.TotalSeconds:0.0} s: {identical} read back identical, {errors} rejected, {silent.Count} silent");
        foreach (var (kind, c) in counts.OrderBy(k => k.Key, StringComparer.Ordinal)) output.WriteLine($"  {kind}: {c.Identical} identical, {c.Errors} rejected");
        output.WriteLine($"  slowest mutant {slowest.TotalMilliseconds:0} ms, most allocated by one {mostAllocated >> 20} MiB ({mostAllocating})");
        Assert.True(silent.Count == 0, string.Join("; ", silent));
        Assert.True(errors > Mutants / 4, $"only {errors} mutants were rejected; the mutations are too weak");
        // Thousands of times a normal read (about a millisecond, a few MB), so a loaded machine cannot trip them:
        // they catch a reader that loops or allocates without bound, not slowness (bench/ measures speed).
        Assert.True(slowest < TimeSpan.FromSeconds(30), $"one mutant took {slowest}");
        Assert.True(mostAllocated < 1L << 30, $"{mostAllocating} allocated {mostAllocated >> 20} MiB");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("magic")]
    [InlineData("footer-length")]
    [InlineData("truncated")]
    [InlineData("value")]
    [InlineData("metadata")]
    public void Named_defects_get_clear_messages(string defect)
    {
        var bytes = ParquetRoundTripTests.Write(ParquetTestTables.Build(10), new ParquetWriterOptions { Compression = ParquetCompression.None },
            [new("repro.seed", "12345")]);
        bytes = defect switch
        {
            "empty" => [],
            "magic" => [.. "PAR2"u8, .. bytes[4..]],
            "footer-length" => [.. bytes[..^8], 0xFF, 0xFF, 0xFF, 0x7F, .. "PAR1"u8],
            "value" => Patch(bytes, BitConverter.GetBytes(Math.PI), BitConverter.GetBytes(Math.E)), // an uncompressed double
            "metadata" => Patch(bytes, "12345"u8.ToArray(), "12346"u8.ToArray()),
            _ => bytes[..(bytes.Length / 2)],
        };
        var e = Assert.Throws<ParquetFormatException>(() =>
        {
            using var reader = ParquetReader.Open(new MemoryStream(bytes), "bad.parquet");
            reader.ReadAll();
        });
        Assert.StartsWith("bad.parquet: ", e.Message);
        if (defect is "value" or "metadata") Assert.Contains("damaged file", e.Message);
    }

    [Fact]
    public void Showing_the_first_rows_of_a_file_damaged_further_on_is_an_error()
    {
        var bytes = ParquetRoundTripTests.Write(ParquetTestTables.Build(300), new ParquetWriterOptions { Compression = ParquetCompression.None, RowGroupRows = 100 });
        var footerStart = bytes.Length - 8 - BitConverter.ToInt32(bytes, bytes.Length - 8);
        var at = bytes.AsSpan(0, footerStart).LastIndexOf(BitConverter.GetBytes(Math.PI)); // a value in the last row group's pages
        bytes[at] ^= 1;
        using var reader = ParquetReader.Open(new MemoryStream(bytes), "bad.parquet");
        var e = Assert.Throws<ParquetFormatException>(() => TableText.Render(reader, maxRows: 3));
        Assert.Contains("damaged file", e.Message);
    }

    [Fact]
    public void A_Snappy_page_that_declares_a_longer_block_than_its_header_is_refused_before_it_is_decompressed()
    {
        // One required column of 1000 doubles: its data page holds 8000 bytes, and the Snappy block opens with that
        // length as a varint (C0 3E). The decompressor allocates what the block declares (mutant 5978 of esd-sweeps' paper
        // artifact: one byte made it 1.8 GB), so the block's length must be the page header's.
        var schema = new TableSchema([new Column("x", ColumnType.Double)]);
        var table = ColumnVector.CreateAll(schema);
        for (var i = 0; i < 1000; i++) ((ColumnVector<double>)table[0]).Add(Math.Sqrt(i));
        var bytes = ParquetRoundTripTests.Write(table, new ParquetWriterOptions { Compression = ParquetCompression.Snappy }, schema: schema);
        var at = bytes.AsSpan(4).IndexOf([(byte)0xC0, (byte)0x3E]) + 4;
        Assert.True(at > 4, "the Snappy block's length was not found");
        bytes[at + 1] = 0x7E;   // 16192 bytes
        var e = Assert.Throws<ParquetFormatException>(() =>
        {
            using var reader = ParquetReader.Open(new MemoryStream(bytes), "bad.parquet");
            reader.ReadAll();
        });
        Assert.Contains("a Snappy page does not open with the 8000 bytes its header declares", e.Message);
    }

    [Fact]
    public void A_footer_that_declares_a_billion_schema_elements_is_refused_before_anything_is_allocated()
    {
        // FileMetaData { 1: version = 1, 2: schema = list<struct> of 2^30 elements }, then nothing.
        byte[] footer = [0x15, 0x02, 0x19, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00];
        byte[] file = [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(file), "crafted.parquet"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1 << 20, "the reader allocated more than 1 MiB for a 26-byte file");
        Assert.Contains("declares 1073741824 elements", e.Message);
    }

    [Fact]
    public void A_footer_field_the_format_does_not_have_is_refused_rather_than_skipped()
    {
        // FileMetaData { 1: version = 1, 13: binary "A" }: a flipped field-header bit turns key_value_metadata (5)
        // into such a field, which the library would skip, losing the integrity hashes with the metadata (mutant 8411).
        byte[] footer = [0x15, 0x02, 0xC8, 0x01, 0x41, 0x00];
        byte[] file = [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8];
        var e = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(file), "crafted.parquet"));
        Assert.Contains("holds field 13 of type 8", e.Message);
    }

    private static IEnumerable<string> ArtifactFiles() =>
        ArtifactDiff.ArtifactFiles(RepositoryPaths.Artifacts).Order(StringComparer.Ordinal).Select(f => Path.Combine(RepositoryPaths.Artifacts, f));

    private static byte[] Mutate(byte[] source, string kind, Random random)
    {
        var at = random.Next(source.Length);
        switch (kind)
        {
            case "bit flip":
            {
                var bytes = (byte[])source.Clone();
                bytes[at] ^= (byte)(1 << random.Next(8));
                return bytes;
            }
            case "byte change":
            {
                var bytes = (byte[])source.Clone();
                bytes[at] = (byte)((bytes[at] + random.Next(1, 256)) & 0xFF);
                return bytes;
            }
            case "truncation":
                return source[..at];
            default:
                var inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                return [.. source[..at], .. inserted, .. source[at..]];
        }
    }

    /// <summary>Which part of a silently changed mutant differs, so a failure says where the integrity check has a gap.</summary>
    private static string Difference(string sourceSchema, IReadOnlyDictionary<string, string> sourceMetadata, IReadOnlyList<ColumnVector> sourceTable,
        string schema, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<ColumnVector> table) =>
        schema != sourceSchema ? $"schema ({sourceSchema} -> {schema})"
        : !Same(metadata, sourceMetadata) ? "metadata (" + string.Join(", ", metadata.Keys.Union(sourceMetadata.Keys)
            .Where(k => !metadata.TryGetValue(k, out var v) || !sourceMetadata.TryGetValue(k, out var w) || v != w).Order(StringComparer.Ordinal)) + ")"
        : Same(sourceTable, table) ? "nothing" : "data";

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>Value identity by bit pattern, independent of the data hash the reader checks.</summary>
    private static bool Same(IReadOnlyList<ColumnVector> a, IReadOnlyList<ColumnVector> b)
    {
        if (a.Count != b.Count) return false;
        for (var c = 0; c < a.Count; c++)
        {
            if (a[c].Type != b[c].Type || a[c].Count != b[c].Count) return false;
            for (var r = 0; r < a[c].Count; r++)
            {
                if (a[c].IsNull(r) != b[c].IsNull(r)) return false;
                if (a[c].IsNull(r)) continue;
                var same = (a[c], b[c]) switch
                {
                    (ColumnVector<double> x, ColumnVector<double> y) => BitConverter.DoubleToInt64Bits(x[r]) == BitConverter.DoubleToInt64Bits(y[r]),
                    (ColumnVector<float> x, ColumnVector<float> y) => BitConverter.SingleToInt32Bits(x[r]) == BitConverter.SingleToInt32Bits(y[r]),
                    _ => a[c].Format(r) == b[c].Format(r),
                };
                if (!same) return false;
            }
        }
        return true;
    }

    private static byte[] Patch(byte[] bytes, byte[] find, byte[] replace)
    {
        var at = bytes.AsSpan().IndexOf(find);
        Assert.True(at >= 0, "the pattern to damage is not in the file");
        var copy = (byte[])bytes.Clone();
        replace.CopyTo(copy, at);
        return copy;
    }
}
