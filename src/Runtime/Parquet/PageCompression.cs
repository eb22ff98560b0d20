using System.IO.Compression;

namespace ReproHeavyTails.Parquet;

/// <summary>Page compression and bounded decompression for the supported codecs.</summary>
internal static class PageCompression
{
    public static ReadOnlySpan<byte> Compress(ParquetCompression codec, ReadOnlySpan<byte> data)
    {
        switch (codec)
        {
            case ParquetCompression.None: return data;
            case ParquetCompression.Snappy: return IronSnappy.Snappy.Encode(data);
            case ParquetCompression.Gzip:
                var output = new MemoryStream();
                using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
                return output.ToArray();
            default: throw new ParquetFormatException($"compression codec {codec} cannot be written");
        }
    }

    /// <summary>
    /// Decompresses a page whose header claims <paramref name="size"/> bytes. The claim is checked
    /// against what the compressed bytes can possibly expand to before anything is allocated.
    /// </summary>
    public static byte[] Decompress(ParquetCompression codec, ReadOnlySpan<byte> data, int size)
    {
        if (size < 0) throw new ParquetFormatException($"a page claims a negative uncompressed size ({size})");
        switch (codec)
        {
            case ParquetCompression.None:
                if (size != data.Length) throw new ParquetFormatException($"an uncompressed page claims {size} bytes but has {data.Length}");
                return data.ToArray();
            case ParquetCompression.Snappy:
            {
                // Snappy's preamble is the decoded length; a copy element expands at most 64/2 = 32-fold.
                var reader = new SpanReader(data);
                var claimed = reader.ReadVarint();
                if (claimed != (ulong)size) throw new ParquetFormatException($"a Snappy page decodes to {claimed} bytes, its header says {size}");
                if ((ulong)size > 32UL * (ulong)data.Length + 64) throw new ParquetFormatException($"a Snappy page of {data.Length} bytes cannot hold {size} bytes");
                var decoded = IronSnappy.Snappy.Decode(data);
                if (decoded.Length != size) throw new ParquetFormatException("a Snappy page decoded to the wrong size");
                return decoded;
            }
            case ParquetCompression.Gzip:
            {
                // Deflate expands at most about 1032-fold.
                if ((ulong)size > 1100UL * (ulong)data.Length + 64) throw new ParquetFormatException($"a GZIP page of {data.Length} bytes cannot hold {size} bytes");
                var result = new byte[size];
                using var gzip = new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
                gzip.ReadExactly(result);
                if (gzip.ReadByte() != -1) throw new ParquetFormatException($"a GZIP page holds more than the {size} bytes its header says");
                return result;
            }
            default:
                throw new ParquetFormatException($"compression codec {codec} is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP)");
        }
    }
}
