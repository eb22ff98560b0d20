namespace ReproHeavyTails.Parquet;

// The subset of parquet.thrift this codec reads and writes. Field ids are the specification's;
// fields this codec does not need are skipped on read.

internal enum PhysicalType { Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7 }

internal enum Encoding
{
    Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5,
    DeltaLengthByteArray = 6, DeltaByteArray = 7, RleDictionary = 8, ByteStreamSplit = 9,
}

internal enum PageType { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 }

internal enum LogicalKind { None, String, Timestamp, Integer, Enum, Json, Other }

internal sealed class SchemaElement
{
    public PhysicalType? Type;
    public int? TypeLength;
    public int? Repetition; // 0 required, 1 optional, 2 repeated
    public string Name = "";
    public int? NumChildren;
    public int? ConvertedType;
    public LogicalKind Logical;
    public int TimeUnit; // 1 millis, 2 micros, 3 nanos (for Timestamp)
    public bool AdjustedToUtc;
    public int IntBits;
    public bool IntSigned = true;
}

internal sealed class Statistics
{
    public byte[]? Max, Min, MaxValue, MinValue;
    public long? NullCount;
}

internal sealed class ColumnMetaData
{
    public PhysicalType Type;
    public List<Encoding> Encodings = [];
    public List<string> Path = [];
    public ParquetCompression Codec;
    public long NumValues, TotalUncompressedSize, TotalCompressedSize, DataPageOffset;
    public long? DictionaryPageOffset;
    public Statistics? Statistics;
}

internal sealed class ColumnChunk
{
    public long FileOffset;
    public ColumnMetaData? Meta;
}

internal sealed class RowGroup
{
    public List<ColumnChunk> Columns = [];
    public long TotalByteSize, NumRows;
    public long? FileOffset, TotalCompressedSize;
}

internal sealed class FileMetaData
{
    public int Version = 1;
    public List<SchemaElement> Schema = [];
    public long NumRows;
    public List<RowGroup> RowGroups = [];
    public List<KeyValuePair<string, string>> KeyValues = [];
    public string? CreatedBy;
}

internal sealed class PageHeader
{
    public PageType Type;
    public int UncompressedSize, CompressedSize;
    // Data page v1 and v2, dictionary page.
    public int NumValues, NumNulls, NumRows;
    public Encoding Encoding;
    public int DefinitionLevelsLength, RepetitionLevelsLength; // v2 only
    public bool IsCompressed = true; // v2 only
    public bool HasBody;
}

/// <summary>Thrift compact serialization of the metadata structs above.</summary>
internal static class ParquetMetadataCodec
{
    public static byte[] Write(FileMetaData m)
    {
        var w = new ThriftCompactWriter();
        w.BeginStruct();
        w.FieldI32(1, m.Version);
        w.FieldList(2, ThriftCompactWriter.Struct, m.Schema.Count);
        foreach (var e in m.Schema) WriteSchemaElement(w, e);
        w.FieldI64(3, m.NumRows);
        w.FieldList(4, ThriftCompactWriter.Struct, m.RowGroups.Count);
        foreach (var g in m.RowGroups) WriteRowGroup(w, g);
        if (m.KeyValues.Count > 0)
        {
            w.FieldList(5, ThriftCompactWriter.Struct, m.KeyValues.Count);
            foreach (var (k, v) in m.KeyValues)
            {
                w.BeginStruct();
                w.FieldString(1, k);
                w.FieldString(2, v);
                w.EndStruct();
            }
        }
        if (m.CreatedBy is not null) w.FieldString(6, m.CreatedBy);
        // TypeDefinedOrder for every leaf: min/max statistics follow the type's sort order.
        var leaves = m.Schema.Count - 1;
        w.FieldList(7, ThriftCompactWriter.Struct, leaves);
        for (var i = 0; i < leaves; i++)
        {
            w.BeginStruct();
            w.FieldStruct(1);
            w.EndStruct();
            w.EndStruct();
        }
        w.EndStruct();
        return w.ToArray();
    }

    private static void WriteSchemaElement(ThriftCompactWriter w, SchemaElement e)
    {
        w.BeginStruct();
        if (e.Type is { } t) w.FieldI32(1, (int)t);
        if (e.Repetition is { } r) w.FieldI32(3, r);
        w.FieldString(4, e.Name);
        if (e.NumChildren is { } n) w.FieldI32(5, n);
        if (e.ConvertedType is { } c) w.FieldI32(6, c);
        if (e.Logical == LogicalKind.String)
        {
            w.FieldStruct(10);
            w.FieldStruct(1); w.EndStruct();
            w.EndStruct();
        }
        else if (e.Logical == LogicalKind.Timestamp)
        {
            w.FieldStruct(10);
            w.FieldStruct(8);
            w.FieldBool(1, e.AdjustedToUtc);
            w.FieldStruct(2);
            w.FieldStruct((short)e.TimeUnit); w.EndStruct();
            w.EndStruct();
            w.EndStruct();
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter w, RowGroup g)
    {
        w.BeginStruct();
        w.FieldList(1, ThriftCompactWriter.Struct, g.Columns.Count);
        foreach (var c in g.Columns)
        {
            var m = c.Meta!;
            w.BeginStruct();
            w.FieldI64(2, c.FileOffset);
            w.FieldStruct(3);
            w.FieldI32(1, (int)m.Type);
            w.FieldList(2, ThriftCompactWriter.I32, m.Encodings.Count);
            foreach (var e in m.Encodings) w.I32Value((int)e);
            w.FieldList(3, ThriftCompactWriter.Binary, m.Path.Count);
            foreach (var p in m.Path) w.StringValue(p);
            w.FieldI32(4, (int)m.Codec);
            w.FieldI64(5, m.NumValues);
            w.FieldI64(6, m.TotalUncompressedSize);
            w.FieldI64(7, m.TotalCompressedSize);
            w.FieldI64(9, m.DataPageOffset);
            if (m.DictionaryPageOffset is { } d) w.FieldI64(11, d);
            if (m.Statistics is { } s)
            {
                w.FieldStruct(12);
                if (s.NullCount is { } nc) w.FieldI64(3, nc);
                if (s.MaxValue is { } max) w.FieldBinary(5, max);
                if (s.MinValue is { } min) w.FieldBinary(6, min);
                w.EndStruct();
            }
            w.EndStruct();
            w.EndStruct();
        }
        w.FieldI64(2, g.TotalByteSize);
        w.FieldI64(3, g.NumRows);
        if (g.FileOffset is { } fo) w.FieldI64(5, fo);
        if (g.TotalCompressedSize is { } tc) w.FieldI64(6, tc);
        w.EndStruct();
    }

    public static byte[] WritePageHeader(PageHeader h)
    {
        var w = new ThriftCompactWriter();
        w.BeginStruct();
        w.FieldI32(1, (int)h.Type);
        w.FieldI32(2, h.UncompressedSize);
        w.FieldI32(3, h.CompressedSize);
        if (h.Type == PageType.DataPage)
        {
            w.FieldStruct(5);
            w.FieldI32(1, h.NumValues);
            w.FieldI32(2, (int)h.Encoding);
            w.FieldI32(3, (int)Encoding.Rle);
            w.FieldI32(4, (int)Encoding.Rle);
            w.EndStruct();
        }
        else if (h.Type == PageType.DictionaryPage)
        {
            w.FieldStruct(7);
            w.FieldI32(1, h.NumValues);
            w.FieldI32(2, (int)Encoding.Plain);
            w.EndStruct();
        }
        w.EndStruct();
        return w.ToArray();
    }

    public static FileMetaData ReadFileMetaData(ReadOnlySpan<byte> data)
    {
        var r = new ThriftCompactReader(data, stackalloc short[40]);
        var m = new FileMetaData();
        var sawSchema = false;
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.I32): m.Version = r.ReadI32(); break;
                case (2, ThriftCompactWriter.List):
                    sawSchema = true;
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++) m.Schema.Add(ReadSchemaElement(ref r));
                    break;
                case (3, ThriftCompactWriter.I64): m.NumRows = r.ReadI64(); break;
                case (4, ThriftCompactWriter.List):
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++) m.RowGroups.Add(ReadRowGroup(ref r));
                    break;
                case (5, ThriftCompactWriter.List):
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++)
                    {
                        string key = "", value = "";
                        r.BeginStruct();
                        while (r.NextField(out var kid, out var kt))
                        {
                            if (kid == 1 && kt == ThriftCompactWriter.Binary) key = r.ReadString();
                            else if (kid == 2 && kt == ThriftCompactWriter.Binary) value = r.ReadString();
                            else r.Skip(kt);
                        }
                        r.EndStruct();
                        m.KeyValues.Add(new(key, value));
                    }
                    break;
                case (6, ThriftCompactWriter.Binary): m.CreatedBy = r.ReadString(); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        if (!sawSchema || m.Schema.Count == 0) throw ThriftCompactReader.Corrupt("the footer has no schema");
        return m;
    }

    private static SchemaElement ReadSchemaElement(ref ThriftCompactReader r)
    {
        var e = new SchemaElement();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.I32): e.Type = (PhysicalType)r.ReadI32(); break;
                case (2, ThriftCompactWriter.I32): e.TypeLength = r.ReadI32(); break;
                case (3, ThriftCompactWriter.I32): e.Repetition = r.ReadI32(); break;
                case (4, ThriftCompactWriter.Binary): e.Name = r.ReadString(); break;
                case (5, ThriftCompactWriter.I32): e.NumChildren = r.ReadI32(); break;
                case (6, ThriftCompactWriter.I32): e.ConvertedType = r.ReadI32(); break;
                case (10, ThriftCompactWriter.Struct): ReadLogicalType(ref r, e); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        return e;
    }

    private static void ReadLogicalType(ref ThriftCompactReader r, SchemaElement e)
    {
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            if (type != ThriftCompactWriter.Struct) { r.Skip(type); continue; }
            switch (id)
            {
                case 1: e.Logical = LogicalKind.String; r.Skip(type); break;
                case 4: e.Logical = LogicalKind.Enum; r.Skip(type); break;
                case 12: e.Logical = LogicalKind.Json; r.Skip(type); break;
                case 8:
                    e.Logical = LogicalKind.Timestamp;
                    r.BeginStruct();
                    while (r.NextField(out var tid, out var tt))
                    {
                        if (tid == 1 && tt is ThriftCompactWriter.BoolTrue or ThriftCompactWriter.BoolFalse)
                            e.AdjustedToUtc = ThriftCompactReader.BoolFromType(tt);
                        else if (tid == 2 && tt == ThriftCompactWriter.Struct)
                        {
                            r.BeginStruct();
                            while (r.NextField(out var uid, out var ut)) { e.TimeUnit = uid; r.Skip(ut); }
                            r.EndStruct();
                        }
                        else r.Skip(tt);
                    }
                    r.EndStruct();
                    break;
                case 10:
                    e.Logical = LogicalKind.Integer;
                    r.BeginStruct();
                    while (r.NextField(out var iid, out var it))
                    {
                        if (iid == 1 && it == ThriftCompactWriter.Byte) e.IntBits = r.ReadByteValue();
                        else if (iid == 2 && it is ThriftCompactWriter.BoolTrue or ThriftCompactWriter.BoolFalse)
                            e.IntSigned = ThriftCompactReader.BoolFromType(it);
                        else r.Skip(it);
                    }
                    r.EndStruct();
                    break;
                default: e.Logical = LogicalKind.Other; r.Skip(type); break;
            }
        }
        r.EndStruct();
    }

    private static RowGroup ReadRowGroup(ref ThriftCompactReader r)
    {
        var g = new RowGroup();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.List):
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++) g.Columns.Add(ReadColumnChunk(ref r));
                    break;
                case (2, ThriftCompactWriter.I64): g.TotalByteSize = r.ReadI64(); break;
                case (3, ThriftCompactWriter.I64): g.NumRows = r.ReadI64(); break;
                case (5, ThriftCompactWriter.I64): g.FileOffset = r.ReadI64(); break;
                case (6, ThriftCompactWriter.I64): g.TotalCompressedSize = r.ReadI64(); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        return g;
    }

    private static ColumnChunk ReadColumnChunk(ref ThriftCompactReader r)
    {
        var c = new ColumnChunk();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (2, ThriftCompactWriter.I64): c.FileOffset = r.ReadI64(); break;
                case (3, ThriftCompactWriter.Struct): c.Meta = ReadColumnMetaData(ref r); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        return c;
    }

    private static ColumnMetaData ReadColumnMetaData(ref ThriftCompactReader r)
    {
        var m = new ColumnMetaData();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.I32): m.Type = (PhysicalType)r.ReadI32(); break;
                case (2, ThriftCompactWriter.List):
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++) m.Encodings.Add((Encoding)r.ReadI32());
                    break;
                case (3, ThriftCompactWriter.List):
                    for (int i = 0, n = r.ReadListHeader(out _); i < n; i++) m.Path.Add(r.ReadString());
                    break;
                case (4, ThriftCompactWriter.I32): m.Codec = (ParquetCompression)r.ReadI32(); break;
                case (5, ThriftCompactWriter.I64): m.NumValues = r.ReadI64(); break;
                case (6, ThriftCompactWriter.I64): m.TotalUncompressedSize = r.ReadI64(); break;
                case (7, ThriftCompactWriter.I64): m.TotalCompressedSize = r.ReadI64(); break;
                case (9, ThriftCompactWriter.I64): m.DataPageOffset = r.ReadI64(); break;
                case (11, ThriftCompactWriter.I64): m.DictionaryPageOffset = r.ReadI64(); break;
                case (12, ThriftCompactWriter.Struct): m.Statistics = ReadStatistics(ref r); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        return m;
    }

    private static Statistics ReadStatistics(ref ThriftCompactReader r)
    {
        var s = new Statistics();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.Binary): s.Max = r.ReadBinary().ToArray(); break;
                case (2, ThriftCompactWriter.Binary): s.Min = r.ReadBinary().ToArray(); break;
                case (3, ThriftCompactWriter.I64): s.NullCount = r.ReadI64(); break;
                case (5, ThriftCompactWriter.Binary): s.MaxValue = r.ReadBinary().ToArray(); break;
                case (6, ThriftCompactWriter.Binary): s.MinValue = r.ReadBinary().ToArray(); break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        return s;
    }

    /// <summary>Reads a page header at the start of <paramref name="data"/>; returns its length in bytes.</summary>
    public static PageHeader ReadPageHeader(ReadOnlySpan<byte> data, out int length)
    {
        var r = new ThriftCompactReader(data, stackalloc short[40]);
        var h = new PageHeader();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id, type)
            {
                case (1, ThriftCompactWriter.I32): h.Type = (PageType)r.ReadI32(); break;
                case (2, ThriftCompactWriter.I32): h.UncompressedSize = r.ReadI32(); break;
                case (3, ThriftCompactWriter.I32): h.CompressedSize = r.ReadI32(); break;
                case (5 or 7 or 8, ThriftCompactWriter.Struct):
                    h.HasBody = true;
                    r.BeginStruct();
                    while (r.NextField(out var fid, out var ft))
                        ReadPageBodyField(ref r, h, id, fid, ft);
                    r.EndStruct();
                    break;
                default: r.Skip(type); break;
            }
        }
        r.EndStruct();
        length = r.Position;
        return h;
    }

    private static void ReadPageBodyField(ref ThriftCompactReader r, PageHeader h, short body, short id, byte type)
    {
        var isInt = type == ThriftCompactWriter.I32;
        switch (body, id)
        {
            case (5 or 7 or 8, 1) when isInt: h.NumValues = r.ReadI32(); break;
            case (5 or 7, 2) when isInt: h.Encoding = (Encoding)r.ReadI32(); break;
            case (8, 2) when isInt: h.NumNulls = r.ReadI32(); break;
            case (8, 3) when isInt: h.NumRows = r.ReadI32(); break;
            case (8, 4) when isInt: h.Encoding = (Encoding)r.ReadI32(); break;
            case (8, 5) when isInt: h.DefinitionLevelsLength = r.ReadI32(); break;
            case (8, 6) when isInt: h.RepetitionLevelsLength = r.ReadI32(); break;
            case (8, 7) when type is ThriftCompactWriter.BoolTrue or ThriftCompactWriter.BoolFalse:
                h.IsCompressed = ThriftCompactReader.BoolFromType(type); break;
            default: r.Skip(type); break;
        }
    }
}
