using System.Buffers.Binary;


namespace ReproHeavyTails.Parquet;

/// <summary>Writes Thrift compact-protocol structs (parquet.thrift's metadata) into a byte buffer.</summary>
internal sealed class ThriftCompactWriter
{
    internal const byte BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7,
        Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    private readonly MemoryStream _out = new();
    private readonly Stack<short> _lastField = new();
    private short _last;

    public byte[] ToArray() => _out.ToArray();

    public void BeginStruct()
    {
        _lastField.Push(_last);
        _last = 0;
    }

    public void EndStruct()
    {
        _out.WriteByte(0);
        _last = _lastField.Pop();
    }

    public void FieldI32(short id, int value) { Header(id, I32); Varint(ZigZag(value)); }

    public void FieldI64(short id, long value) { Header(id, I64); Varint(ZigZag(value)); }

    public void FieldByte(short id, sbyte value) { Header(id, Byte); _out.WriteByte((byte)value); }

    public void FieldBool(short id, bool value) => Header(id, value ? BoolTrue : BoolFalse);

    public void FieldBinary(short id, ReadOnlySpan<byte> value) { Header(id, Binary); BinaryValue(value); }

    public void FieldString(short id, string value) => FieldBinary(id, System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a nested struct field; close it with <see cref="EndStruct"/>.</summary>
    public void FieldStruct(short id) { Header(id, Struct); BeginStruct(); }

    public void FieldList(short id, byte elementType, int count)
    {
        Header(id, List);
        ListHeader(elementType, count);
    }

    public void ListHeader(byte elementType, int count)
    {
        if (count < 15) _out.WriteByte((byte)(count << 4 | elementType));
        else { _out.WriteByte((byte)(0xF0 | elementType)); Varint((ulong)count); }
    }

    public void I32Value(int value) => Varint(ZigZag(value));

    public void BinaryValue(ReadOnlySpan<byte> value)
    {
        Varint((ulong)value.Length);
        _out.Write(value);
    }

    public void StringValue(string value) => BinaryValue(System.Text.Encoding.UTF8.GetBytes(value));

    private void Header(short id, byte type)
    {
        var delta = id - _last;
        if (delta is > 0 and <= 15) _out.WriteByte((byte)(delta << 4 | type));
        else { _out.WriteByte(type); Varint(ZigZag(id)); }
        _last = id;
    }

    private void Varint(ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80) { buffer[n++] = (byte)(value | 0x80); value >>= 7; }
        buffer[n++] = (byte)value;
        _out.Write(buffer[..n]);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    internal static void WriteInt32LittleEndian(Stream s, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        s.Write(b);
    }
}
