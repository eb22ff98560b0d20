using System.Buffers.Binary;

namespace ReproHeavyTails.Parquet;

/// <summary>Decoders for the value encodings of the Parquet encodings document, one per (encoding, type).</summary>
internal static class ValueDecoders
{
    public static Array Decode(PhysicalType type, Encoding encoding, ReadOnlySpan<byte> data, int count, Array? dictionary)
    {
        switch (encoding)
        {
            case Encoding.Plain: return Plain(type, data, count);
            case Encoding.PlainDictionary or Encoding.RleDictionary:
                if (dictionary is null) throw new ParquetFormatException("a dictionary-encoded page comes before any dictionary page");
                return FromDictionary(data, count, dictionary);
            case Encoding.Rle when type == PhysicalType.Boolean:
            {
                var reader = new SpanReader(data);
                var length = reader.ReadInt32();
                var inner = new SpanReader(reader.Take(length));
                var bits = new int[count];
                RleBitPackedHybrid.Decode(ref inner, 1, bits);
                return Array.ConvertAll(bits, b => b != 0);
            }
            case Encoding.DeltaBinaryPacked when type is PhysicalType.Int32:
                return Array.ConvertAll(DeltaBinaryPacked(data, count, out _), v => (int)v);
            case Encoding.DeltaBinaryPacked when type is PhysicalType.Int64:
                return DeltaBinaryPacked(data, count, out _);
            case Encoding.ByteStreamSplit when type is PhysicalType.Float or PhysicalType.Double or PhysicalType.Int32 or PhysicalType.Int64:
                return ByteStreamSplit(type, data, count);
            case Encoding.DeltaLengthByteArray when type == PhysicalType.ByteArray:
                return DeltaLengthByteArray(data, count, out _);
            case Encoding.DeltaByteArray when type == PhysicalType.ByteArray:
                return DeltaByteArray(data, count);
            default:
                throw new ParquetFormatException($"encoding {encoding} of {type} values is not supported");
        }
    }

    public static Array Plain(PhysicalType type, ReadOnlySpan<byte> data, int count)
    {
        var width = type switch
        {
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            _ => 0,
        };
        if (width > 0 && (long)count * width > data.Length)
            throw new ParquetFormatException($"a page holds {data.Length} bytes, too few for {count} {type} values");
        switch (type)
        {
            case PhysicalType.Boolean:
            {
                if ((count + 7) / 8 > data.Length) throw SpanReader.Truncated();
                var result = new bool[count];
                for (var i = 0; i < count; i++) result[i] = (data[i >> 3] >> (i & 7) & 1) != 0;
                return result;
            }
            case PhysicalType.Int32:
            {
                var result = new int[count];
                for (var i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
                return result;
            }
            case PhysicalType.Int64:
            {
                var result = new long[count];
                for (var i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]);
                return result;
            }
            case PhysicalType.Float:
            {
                var result = new float[count];
                for (var i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                return result;
            }
            case PhysicalType.Double:
            {
                var result = new double[count];
                for (var i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                return result;
            }
            case PhysicalType.ByteArray:
            {
                // Each value takes at least its 4-byte length.
                if ((long)count * 4 > data.Length) throw new ParquetFormatException($"a page holds {data.Length} bytes, too few for {count} strings");
                var reader = new SpanReader(data);
                var result = new string[count];
                for (var i = 0; i < count; i++) result[i] = Utf8(reader.Take(reader.ReadInt32()));
                return result;
            }
            default:
                throw new ParquetFormatException($"physical type {type} is not supported");
        }
    }

    private static Array FromDictionary(ReadOnlySpan<byte> data, int count, Array dictionary)
    {
        var reader = new SpanReader(data);
        var bitWidth = reader.ReadByte();
        var indices = new int[count];
        RleBitPackedHybrid.Decode(ref reader, bitWidth, indices);
        var result = Array.CreateInstance(dictionary.GetType().GetElementType()!, count);
        for (var i = 0; i < count; i++)
        {
            if ((uint)indices[i] >= (uint)dictionary.Length)
                throw new ParquetFormatException($"dictionary index {indices[i]} is outside a dictionary of {dictionary.Length} values");
            Array.Copy(dictionary, indices[i], result, i, 1);
        }
        return result;
    }

    private static long[] DeltaBinaryPacked(ReadOnlySpan<byte> data, int count, out int consumed)
    {
        var reader = new SpanReader(data);
        var blockSize = reader.ReadVarint();
        var miniblocks = reader.ReadVarint();
        var total = reader.ReadVarint();
        var value = reader.ReadZigZag();
        if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0 || blockSize > 1 << 20)
            throw new ParquetFormatException("a DELTA_BINARY_PACKED header is malformed");
        if (total < (ulong)count) throw new ParquetFormatException($"a DELTA_BINARY_PACKED run holds {total} values, the page needs {count}");
        var perMiniblock = (int)(blockSize / miniblocks);
        var result = new long[count];
        if (count > 0) result[0] = value;
        var n = 1;
        var widths = new byte[miniblocks];
        var deltas = new long[perMiniblock];
        while (n < count)
        {
            var minDelta = reader.ReadZigZag();
            reader.Take((int)miniblocks).CopyTo(widths);
            for (var m = 0; m < (int)miniblocks && n < count; m++)
            {
                int width = widths[m];
                if (width > 64) throw new ParquetFormatException($"a miniblock bit width of {width} exceeds 64");
                var packed = reader.Take(perMiniblock * width / 8);
                UnpackLong(packed, width, deltas);
                for (var k = 0; k < perMiniblock && n < count; k++)
                {
                    value = unchecked(value + minDelta + deltas[k]);
                    result[n++] = value;
                }
            }
        }
        consumed = data.Length - reader.Remaining;
        return result;
    }

    private static void UnpackLong(ReadOnlySpan<byte> packed, int width, Span<long> output)
    {
        if (width == 0) { output.Clear(); return; }
        var bit = 0L;
        for (var k = 0; k < output.Length; k++)
        {
            ulong v = 0;
            for (var b = 0; b < width; b++, bit++)
                if ((packed[(int)(bit >> 3)] >> (int)(bit & 7) & 1) != 0) v |= 1UL << b;
            output[k] = (long)v;
        }
    }

    private static Array ByteStreamSplit(PhysicalType type, ReadOnlySpan<byte> data, int count)
    {
        var width = type is PhysicalType.Float or PhysicalType.Int32 ? 4 : 8;
        if ((long)count * width > data.Length) throw SpanReader.Truncated();
        // The k-th byte of every value is stored in stream k, each stream as long as the page's value count.
        var streamLength = data.Length / width;
        var interleaved = new byte[count * width];
        for (var i = 0; i < count; i++)
            for (var k = 0; k < width; k++)
                interleaved[i * width + k] = data[k * streamLength + i];
        return Plain(type, interleaved, count);
    }

    private static string[] DeltaLengthByteArray(ReadOnlySpan<byte> data, int count, out int consumed)
    {
        var lengths = DeltaBinaryPacked(data, count, out var used);
        var reader = new SpanReader(data[used..]);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (lengths[i] is < 0 or > int.MaxValue) throw new ParquetFormatException("a string length is out of range");
            result[i] = Utf8(reader.Take((int)lengths[i]));
        }
        consumed = data.Length - reader.Remaining;
        return result;
    }

    private static string[] DeltaByteArray(ReadOnlySpan<byte> data, int count)
    {
        var prefixes = DeltaBinaryPacked(data, count, out var used);
        var reader = new SpanReader(data[used..]);
        var lengths = DeltaBinaryPacked(reader.Rest, count, out var used2);
        reader.Take(used2);
        var result = new string[count];
        var previous = Array.Empty<byte>();
        for (var i = 0; i < count; i++)
        {
            if (prefixes[i] < 0 || prefixes[i] > previous.Length || lengths[i] is < 0 or > int.MaxValue)
                throw new ParquetFormatException("a DELTA_BYTE_ARRAY prefix or suffix length is out of range");
            var suffix = reader.Take((int)lengths[i]);
            var value = new byte[prefixes[i] + suffix.Length];
            previous.AsSpan(0, (int)prefixes[i]).CopyTo(value);
            suffix.CopyTo(value.AsSpan((int)prefixes[i]));
            result[i] = Utf8(value);
            previous = value;
        }
        return result;
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (System.Text.DecoderFallbackException) { throw new ParquetFormatException("a string value is not valid UTF-8"); }
    }
}
