using System.Buffers.Binary;

namespace ReproHeavyTails.Parquet;

/// <summary>A bounds-checked cursor over page bytes: reading past the end is a format error, never an overrun.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Remaining => _data.Length - _pos;

    public readonly ReadOnlySpan<byte> Rest => _data[_pos..];

    public ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining) throw Truncated();
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new ParquetFormatException("a varint in a page is longer than 10 bytes");
    }

    public long ReadZigZag()
    {
        var v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    public static ParquetFormatException Truncated() => new("a page ends before its values do");
}
