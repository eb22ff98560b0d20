using System.Diagnostics;
using ReproHeavyTails.Parquet;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public class ParquetCorruptionTests
{
    [Fact]
    public void Ten_thousand_mutated_and_truncated_files_end_in_the_codec_exception()
    {
        var original = ParquetRoundTripTests.Write(ParquetTestTables.Build(300),
            new ParquetWriterOptions { RowGroupRows = 100, PageBytes = 512, Compression = ParquetCompression.Snappy });
        var gzip = ParquetRoundTripTests.Write(ParquetTestTables.Build(120), new ParquetWriterOptions { Compression = ParquetCompression.Gzip });
        var random = new Random(20241122);
        var clock = Stopwatch.StartNew();
        var codecErrors = 0;
        for (var trial = 0; trial < 10_000; trial++)
        {
            var source = trial % 5 == 0 ? gzip : original;
            var bytes = Mutate(source, random);
            var started = clock.Elapsed;
            try
            {
                using var reader = ParquetReader.Open(new MemoryStream(bytes), $"mutant-{trial}");
                for (var g = 0; g < reader.RowGroupCount; g++) reader.ReadRowGroup(g);
            }
            catch (ParquetFormatException e)
            {
                Assert.Contains($"mutant-{trial}", e.Message);
                codecErrors++;
            }
            // A bound per file far above the normal ~0.1 ms: catches hangs and runaway allocation.
            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(2), $"mutant {trial} took {clock.Elapsed - started}");
        }
        Assert.True(codecErrors > 1000, $"only {codecErrors} mutants were rejected; the mutations are too weak");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("magic")]
    [InlineData("footer-length")]
    [InlineData("truncated")]
    public void Named_defects_get_clear_messages(string defect)
    {
        var bytes = ParquetRoundTripTests.Write(ParquetTestTables.Build(10), new ParquetWriterOptions());
        bytes = defect switch
        {
            "empty" => [],
            "magic" => [.. "PAR2"u8, .. bytes[4..]],
            "footer-length" => [.. bytes[..^8], 0xFF, 0xFF, 0xFF, 0x7F, .. "PAR1"u8],
            _ => bytes[..(bytes.Length / 2)],
        };
        var e = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(bytes), "bad.parquet").ReadAll());
        Assert.StartsWith("bad.parquet: ", e.Message);
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        switch (random.Next(4))
        {
            case 0: return bytes[..random.Next(bytes.Length)]; // truncated
            case 1: // keep the tail so the footer is found, truncate the middle
                var cut = random.Next(4, bytes.Length - 8);
                return [.. bytes[..cut], .. bytes[^8..]];
            default:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    // Bias mutations toward the footer, where the structure lives.
                    var at = random.Next(2) == 0 ? random.Next(bytes.Length) : bytes.Length - 1 - random.Next(Math.Min(bytes.Length, 400));
                    bytes[at] = random.Next(3) switch { 0 => (byte)random.Next(256), 1 => (byte)(bytes[at] ^ (1 << random.Next(8))), _ => 0xFF };
                }
                return bytes;
        }
    }
}
