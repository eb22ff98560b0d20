namespace ReproHeavyTails.Parquet;

/// <summary>
/// Walks one Thrift compact-protocol struct (a Parquet footer or page header) without building it, and
/// rejects it unless every length, count and varint fits inside the bytes at hand. The library that parses
/// these structs afterwards allocates lists and strings at the sizes they declare and loops on varints past
/// the end of its input, so a few crafted bytes could cost gigabytes or hang it; after this check they
/// cannot. Integer fields are reported to a visitor, keyed by field id (nested: parent id × 1000 + id), and the
/// element counts of top-level lists under <see cref="ListSizeKey"/>.
/// </summary>
internal static class ThriftStructure
{
    private const int MaxDepth = 32;

    /// <summary>The visitor's key for the element count of a top-level list field.</summary>
    public static int ListSizeKey(int field) => -field;

    /// <summary>Compact-protocol type ids.</summary>
    private static class Compact
    {
        public const byte I32 = 5, I64 = 6, Binary = 8, List = 9, Struct = 12;
    }

    /// <summary>
    /// FileMetaData's fields by id (parquet.thrift: version, schema, num_rows, row_groups, key_value_metadata,
    /// created_by, column_orders, encryption_algorithm, footer_signing_key_metadata) with their compact types. The
    /// library skips a field it does not know, so one flipped bit in a field header would drop the key-value
    /// metadata — integrity hashes included — and the file would read as a foreign one; an unknown field is refused.
    /// </summary>
    public static readonly byte[] FileMetaDataFields = [0, Compact.I32, Compact.List, Compact.I64, Compact.List, Compact.List, Compact.Binary, Compact.List, Compact.Struct, Compact.Binary];

    /// <summary>PageHeader's fields: type, uncompressed and compressed size, crc, then the four kinds of page header (no lists).</summary>
    public static readonly byte[] PageHeaderFields = [0, Compact.I32, Compact.I32, Compact.I32, Compact.I32, Compact.Struct, Compact.Struct, Compact.Struct, Compact.Struct];

    /// <summary>
    /// Checks the struct at the start of <paramref name="bytes"/>; returns its length in bytes. Its top-level fields
    /// must be among <paramref name="fields"/> (type by id) with those types.
    /// </summary>
    public static int Check(ReadOnlySpan<byte> bytes, byte[] fields, Action<int, long>? integers = null)
    {
        var position = 0;
        Struct(bytes, ref position, 0, 0, integers, fields);
        return position;
    }

    private static void Struct(ReadOnlySpan<byte> bytes, ref int position, int depth, int parent, Action<int, long>? integers, byte[]? fields = null)
    {
        if (depth > MaxDepth) throw Bad("nests deeper than " + MaxDepth);
        short field = 0;
        while (true)
        {
            var header = Byte(bytes, ref position);
            if (header == 0) return;
            var type = header & 0x0f;
            var delta = header >> 4;
            field = delta == 0 ? (short)Zigzag(VarInt(bytes, ref position)) : (short)(field + delta);
            if (fields is not null && (field <= 0 || field >= fields.Length || fields[field] != type))
                throw Bad($"holds field {field} of type {type}, which this struct does not have (damaged file, or a writer newer than this reader)");
            // Every list in a footer holds structs; a damaged element type would make the library skip the whole list.
            if (fields is not null && type == Compact.List && position < bytes.Length && (bytes[position] & 0x0f) != Compact.Struct)
                throw Bad($"lists field {field}'s elements as type {bytes[position] & 0x0f}, not as structs (damaged file)");
            var key = depth == 0 ? field : depth == 1 ? parent * 1000 + field : -1;
            Value(bytes, ref position, type, depth, key, integers);
        }
    }

    private static void Value(ReadOnlySpan<byte> bytes, ref int position, int type, int depth, int key, Action<int, long>? integers)
    {
        switch (type)
        {
            case 1 or 2: // boolean true / false, in the field header
                if (key >= 0) integers?.Invoke(key, type == 1 ? 1 : 0);
                break;
            case 3:
                Byte(bytes, ref position);
                break;
            case 4 or 5 or 6:
                var value = Zigzag(VarInt(bytes, ref position));
                if (key >= 0) integers?.Invoke(key, value);
                break;
            case 7:
                Skip(bytes, ref position, 8);
                break;
            case 8:
                Skip(bytes, ref position, Count(bytes, ref position, VarInt(bytes, ref position), 1));
                break;
            case 9 or 10: // list, set
            {
                var head = Byte(bytes, ref position);
                var size = (ulong)(head >> 4);
                if (size == 15) size = VarInt(bytes, ref position);
                var n = Count(bytes, ref position, size, 1);
                if (depth == 0 && key >= 0) integers?.Invoke(ListSizeKey(key), n);
                for (var i = 0; i < n; i++) Element(bytes, ref position, head & 0x0f, depth);
                break;
            }
            case 11: // map
            {
                var n = Count(bytes, ref position, VarInt(bytes, ref position), 2);
                if (n == 0) break;
                var kinds = Byte(bytes, ref position);
                for (var i = 0; i < n; i++)
                {
                    Element(bytes, ref position, kinds >> 4, depth);
                    Element(bytes, ref position, kinds & 0x0f, depth);
                }
                break;
            }
            case 12:
                Struct(bytes, ref position, depth + 1, key < 0 ? 0 : key, depth == 0 ? integers : null);
                break;
            default:
                throw Bad($"has an unknown field type {type}");
        }
    }

    // In a list a boolean takes one byte of its own, unlike in a field header.
    private static void Element(ReadOnlySpan<byte> bytes, ref int position, int type, int depth)
    {
        if (type is 1 or 2) Byte(bytes, ref position);
        else Value(bytes, ref position, type, depth + 1, -1, null);
    }

    /// <summary>A declared count of elements, each at least <paramref name="minBytes"/> long, that must fit in what is left.</summary>
    private static int Count(ReadOnlySpan<byte> bytes, ref int position, ulong count, int minBytes)
    {
        if (count > (ulong)((bytes.Length - position) / minBytes))
            throw Bad($"declares {count} elements where {bytes.Length - position} bytes are left");
        return (int)count;
    }

    private static ulong VarInt(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Byte(bytes, ref position);
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Bad("has a varint longer than 10 bytes");
    }

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private static byte Byte(ReadOnlySpan<byte> bytes, ref int position)
    {
        if (position >= bytes.Length) throw Bad("ends before its last field");
        return bytes[position++];
    }

    private static void Skip(ReadOnlySpan<byte> bytes, ref int position, int count)
    {
        if (count > bytes.Length - position) throw Bad("ends before its last field");
        position += count;
    }

    private static ParquetFormatException Bad(string what) => new($"a Thrift structure {what}");
}
