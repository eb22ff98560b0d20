

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Reads Thrift compact-protocol structs from a bounded byte span. Every length and count is checked
/// against the bytes that remain, and nesting is limited, so corrupt metadata fails fast and small.
/// </summary>
internal ref struct ThriftCompactReader
{
    private const int MaxDepth = 32;
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private short _last;
    private int _depth;
    private Span<short> _stack;

    public ThriftCompactReader(ReadOnlySpan<byte> data, Span<short> stack)
    {
        _data = data;
        _stack = stack;
    }

    public readonly int Position => _pos;

    public void BeginStruct()
    {
        if (_depth >= MaxDepth) throw Corrupt("metadata nests deeper than " + MaxDepth + " levels");
        _stack[_depth++] = _last;
        _last = 0;
    }

    public void EndStruct() => _last = _stack[--_depth];

    /// <summary>Reads the next field header; false at the struct's stop byte.</summary>
    public bool NextField(out short id, out byte type)
    {
        var b = ReadByte();
        type = (byte)(b & 0x0F);
        if (b == 0) { id = 0; return false; }
        var delta = b >> 4;
        id = delta != 0 ? (short)(_last + delta) : checked((short)ReadZigZag());
        _last = id;
        return true;
    }

    public int ReadI32()
    {
        var v = ReadZigZag();
        if (v is < int.MinValue or > int.MaxValue) throw Corrupt("an i32 value is out of range");
        return (int)v;
    }

    public long ReadI64() => ReadZigZag();

    public sbyte ReadByteValue() => (sbyte)ReadByte();

    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos)) throw Corrupt($"a binary field of {length} bytes runs past the metadata");
        var slice = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return slice;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBinary());

    public int ReadListHeader(out byte elementType)
    {
        var b = ReadByte();
        elementType = (byte)(b & 0x0F);
        var count = (ulong)(b >> 4);
        if (count == 15) count = ReadVarint();
        // Every element takes at least one byte, so a count beyond what remains is corrupt.
        if (count > (ulong)(_data.Length - _pos)) throw Corrupt($"a list claims {count} elements in {_data.Length - _pos} bytes");
        return (int)count;
    }

    public static bool BoolFromType(byte type) => type == ThriftCompactWriter.BoolTrue;

    public void Skip(byte type)
    {
        switch (type)
        {
            case ThriftCompactWriter.BoolTrue or ThriftCompactWriter.BoolFalse: break;
            case ThriftCompactWriter.Byte: ReadByte(); break;
            case ThriftCompactWriter.I16 or ThriftCompactWriter.I32 or ThriftCompactWriter.I64: ReadVarint(); break;
            case ThriftCompactWriter.Double: Advance(8); break;
            case ThriftCompactWriter.Binary: ReadBinary(); break;
            case ThriftCompactWriter.List or ThriftCompactWriter.Set:
            {
                var n = ReadListHeader(out var et);
                for (var i = 0; i < n; i++) SkipElement(et);
                break;
            }
            case ThriftCompactWriter.Map:
            {
                var n = ReadVarint();
                if (n == 0) break;
                if (n > (ulong)(_data.Length - _pos)) throw Corrupt("a map is longer than the metadata");
                var kv = ReadByte();
                for (var i = 0UL; i < n; i++) { SkipElement((byte)(kv >> 4)); SkipElement((byte)(kv & 0x0F)); }
                break;
            }
            case ThriftCompactWriter.Struct:
                BeginStruct();
                while (NextField(out _, out var t)) Skip(t);
                EndStruct();
                break;
            default: throw Corrupt($"unknown Thrift type {type}");
        }
    }

    private void SkipElement(byte type)
    {
        // Booleans inside containers take one byte each.
        if (type is ThriftCompactWriter.BoolTrue or ThriftCompactWriter.BoolFalse) ReadByte();
        else Skip(type);
    }

    private byte ReadByte()
    {
        if (_pos >= _data.Length) throw Corrupt("the metadata ends in the middle of a value");
        return _data[_pos++];
    }

    private void Advance(int n)
    {
        if (n > _data.Length - _pos) throw Corrupt("the metadata ends in the middle of a value");
        _pos += n;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Corrupt("a varint is longer than 10 bytes");
    }

    private long ReadZigZag()
    {
        var v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    internal static ParquetFormatException Corrupt(string what) => new("corrupt Thrift metadata: " + what);
}
