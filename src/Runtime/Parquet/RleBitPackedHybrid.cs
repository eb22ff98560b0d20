namespace ReproHeavyTails.Parquet;

/// <summary>
/// The RLE / bit-packing hybrid of the Parquet encodings document, used for definition levels,
/// dictionary indices and RLE booleans.
/// </summary>
internal static class RleBitPackedHybrid
{
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    /// <summary>Encodes values: runs of 8 or more equal values as RLE runs, the rest as bit-packed groups of 8.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, Stream output)
    {
        var i = 0;
        var byteWidth = (bitWidth + 7) / 8;
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            // A trailing run shorter than 8 is cheaper as RLE than as a padded group.
            if (run >= 8 || i + run == values.Length)
            {
                WriteVarint(output, (ulong)run << 1);
                var v = values[i];
                for (var b = 0; b < byteWidth; b++) output.WriteByte((byte)(v >> (8 * b)));
                i += run;
                continue;
            }
            // Bit-pack whole groups of 8 until the next run of 8 equal values (or the end).
            var start = i;
            var groups = 0;
            while (i < values.Length && groups < 63)
            {
                if (RunLength(values, i) >= 8) break;
                i = Math.Min(i + 8, values.Length);
                groups++;
            }
            WriteVarint(output, (ulong)groups << 1 | 1);
            Pack(values, start, groups * 8, bitWidth, output);
        }
    }

    private static int RunLength(ReadOnlySpan<int> values, int i)
    {
        var run = 1;
        while (i + run < values.Length && values[i + run] == values[i]) run++;
        return run;
    }

    private static void Pack(ReadOnlySpan<int> values, int start, int count, int bitWidth, Stream output)
    {
        ulong buffer = 0;
        var bits = 0;
        for (var k = 0; k < count; k++)
        {
            var v = start + k < values.Length ? (ulong)(uint)values[start + k] : 0UL;
            buffer |= v << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                output.WriteByte((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0) output.WriteByte((byte)buffer);
    }

    /// <summary>Decodes exactly <paramref name="output"/>.Length values.</summary>
    public static void Decode(ref SpanReader input, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32) throw new ParquetFormatException($"bit width {bitWidth} is not between 0 and 32");
        var byteWidth = (bitWidth + 7) / 8;
        var n = 0;
        while (n < output.Length)
        {
            var header = input.ReadVarint();
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (count == 0) throw new ParquetFormatException("an RLE run of length zero");
                var bytes = input.Take(byteWidth);
                var value = 0;
                for (var b = 0; b < byteWidth; b++) value |= bytes[b] << (8 * b);
                var take = (int)Math.Min(count, (ulong)(output.Length - n));
                output.Slice(n, take).Fill(value);
                n += take;
            }
            else
            {
                var groups = header >> 1;
                var totalBytes = groups * (ulong)bitWidth;
                if (totalBytes > (ulong)input.Remaining)
                    throw new ParquetFormatException("a bit-packed run is longer than its page");
                var packed = input.Take((int)totalBytes);
                var count = (int)Math.Min(groups * 8, (ulong)(output.Length - n));
                Unpack(packed, bitWidth, output.Slice(n, count));
                n += count;
            }
        }
    }

    private static void Unpack(ReadOnlySpan<byte> packed, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0) { output.Clear(); return; }
        ulong buffer = 0;
        var bits = 0;
        var p = 0;
        var mask = bitWidth == 32 ? 0xFFFFFFFFUL : (1UL << bitWidth) - 1;
        for (var k = 0; k < output.Length; k++)
        {
            while (bits < bitWidth)
            {
                buffer |= (ulong)packed[p++] << bits;
                bits += 8;
            }
            output[k] = (int)(buffer & mask);
            buffer >>= bitWidth;
            bits -= bitWidth;
        }
    }

    internal static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80) { s.WriteByte((byte)(value | 0x80)); value >>= 7; }
        s.WriteByte((byte)value);
    }
}
