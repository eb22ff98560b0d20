using System.Buffers.Binary;
using System.Reflection;

using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Streams a flat table into a Parquet file: rows are buffered up to
/// <see cref="ParquetWriterOptions.RowGroupRows"/> and then written as a row group, so memory stays
/// bounded however many rows pass through. Call <see cref="Complete"/> to write the footer.
/// </summary>
public sealed class ParquetWriter : IDisposable
{
    internal static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _out;
    private readonly TableSchema _schema;
    private readonly ParquetWriterOptions _options;
    private readonly FileMetaData _meta = new();
    private readonly ColumnVector[] _buffer;
    private long _position;
    private bool _completed;

    public ParquetWriter(Stream output, TableSchema schema,
        IEnumerable<KeyValuePair<string, string>>? metadata = null, ParquetWriterOptions? options = null)
    {
        _out = output;
        _schema = schema;
        _options = options ?? new ParquetWriterOptions();
        if (_options.RowGroupRows < 1) throw new ArgumentOutOfRangeException(nameof(options), "RowGroupRows must be positive.");
        _buffer = ColumnVector.CreateAll(schema);
        _meta.CreatedBy = CreatedBy;
        _meta.KeyValues.AddRange(metadata ?? []);
        _meta.Schema.Add(new SchemaElement { Name = "schema", NumChildren = schema.Columns.Count });
        foreach (var column in schema.Columns) _meta.Schema.Add(ToSchemaElement(column));
        Write(Magic);
    }

    /// <summary>"ReproHeavyTails version X (build Y)", following the convention readers parse.</summary>
    public static string CreatedBy { get; } =
        $"ReproHeavyTails version {typeof(ParquetWriter).Assembly.GetName().Version?.ToString(3)} (build {typeof(ParquetWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev"})";

    public long RowsWritten { get; private set; }

    /// <summary>Buffers a batch of rows (one vector per schema column); full row groups are written as they fill.</summary>
    public void Append(IReadOnlyList<ColumnVector> batch)
    {
        var rows = CheckBatch(batch);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < batch.Count; c++) _buffer[c].AppendFrom(batch[c], r);
            if (_buffer[0].Count >= _options.RowGroupRows) Flush();
        }
    }

    /// <summary>Writes the buffered rows as a row group now.</summary>
    public void Flush()
    {
        if (_schema.Columns.Count == 0 || _buffer[0].Count == 0) return;
        WriteRowGroup(_buffer);
        foreach (var b in _buffer) b.Clear();
    }

    /// <summary>Flushes and writes the footer. The file is not a valid Parquet file until this returns.</summary>
    public void Complete()
    {
        if (_completed) return;
        Flush();
        _meta.NumRows = RowsWritten;
        var footer = ParquetMetadataCodec.Write(_meta);
        Write(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        Write(length);
        Write(Magic);
        _out.Flush();
        _completed = true;
    }

    public void Dispose() => Complete();

    private int CheckBatch(IReadOnlyList<ColumnVector> batch)
    {
        if (batch.Count != _schema.Columns.Count)
            throw new ArgumentException($"A batch has {batch.Count} columns; the schema has {_schema.Columns.Count}.");
        var rows = batch.Count == 0 ? 0 : batch[0].Count;
        for (var c = 0; c < batch.Count; c++)
        {
            var column = _schema.Columns[c];
            if (batch[c].Type != column.Type)
                throw new ArgumentException($"Column '{column.Name}' is {column.Type} but the batch holds {batch[c].Type}.");
            if (batch[c].Count != rows)
                throw new ArgumentException($"Column '{column.Name}' has {batch[c].Count} values; the first column has {rows}.");
            if (!column.Nullable && batch[c].NullCount > 0)
                throw new ArgumentException($"Column '{column.Name}' is required but the batch holds nulls.");
        }
        return rows;
    }

    private void WriteRowGroup(IReadOnlyList<ColumnVector> columns)
    {
        var rows = CheckBatch(columns);
        var group = new RowGroup { NumRows = rows, FileOffset = _position };
        for (var c = 0; c < columns.Count; c++)
            group.Columns.Add(WriteColumnChunk(_schema.Columns[c], columns[c]));
        group.TotalByteSize = group.Columns.Sum(x => x.Meta!.TotalUncompressedSize);
        group.TotalCompressedSize = group.Columns.Sum(x => x.Meta!.TotalCompressedSize);
        _meta.RowGroups.Add(group);
        RowsWritten += rows;
    }

    private ColumnChunk WriteColumnChunk(Column column, ColumnVector values)
    {
        var start = _position;
        var meta = new ColumnMetaData
        {
            Type = PhysicalTypeOf(column.Type),
            Path = [column.Name],
            Codec = _options.Compression,
            NumValues = values.Count,
            Statistics = ColumnStatistics.Compute(values),
        };
        long uncompressed = 0;

        var dictionary = column.Type == ColumnType.String
            ? BuildDictionary((ColumnVector<string>)values, _options.MaxDictionaryBytes)
            : null;
        if (dictionary is not null)
        {
            meta.DictionaryPageOffset = _position;
            var plain = new MemoryStream();
            foreach (var s in dictionary.Keys) WriteByteArray(plain, s);
            uncompressed += WritePage(PageType.DictionaryPage, plain, dictionary.Count, Encoding.Plain);
            meta.Encodings.AddRange([Encoding.Plain, Encoding.Rle, Encoding.RleDictionary]);
        }
        else meta.Encodings.AddRange([Encoding.Plain, Encoding.Rle]);

        meta.DataPageOffset = _position;
        var rowsPerPage = RowsPerPage(column.Type, dictionary is not null);
        var first = 0;
        do
        {
            var end = column.Type == ColumnType.String && dictionary is null
                ? StringPageEnd((ColumnVector<string>)values, first)
                : (int)Math.Min(values.Count, (long)first + rowsPerPage);
            var page = new MemoryStream();
            if (column.Nullable) WriteDefinitionLevels(page, values, first, end);
            if (dictionary is not null) WriteDictionaryIndices(page, (ColumnVector<string>)values, dictionary, first, end);
            else WritePlainValues(page, values, first, end);
            uncompressed += WritePage(PageType.DataPage, page, end - first,
                dictionary is not null ? Encoding.RleDictionary : Encoding.Plain);
            first = end;
        } while (first < values.Count);

        meta.TotalUncompressedSize = uncompressed;
        meta.TotalCompressedSize = _position - start;
        return new ColumnChunk { FileOffset = start, Meta = meta };
    }

    private int RowsPerPage(ColumnType type, bool dictionary)
    {
        var width = dictionary ? 4 : type switch
        {
            ColumnType.Boolean => 1,
            ColumnType.Int32 or ColumnType.Float => 4,
            _ => 8,
        };
        return Math.Max(1, _options.PageBytes / width);
    }

    private int StringPageEnd(ColumnVector<string> values, int first)
    {
        long bytes = 0;
        var end = first;
        while (end < values.Count && (end == first || bytes < _options.PageBytes))
        {
            if (!values.IsNull(end)) bytes += 4 + System.Text.Encoding.UTF8.GetByteCount(values.Get(end));
            end++;
        }
        return end;
    }

    /// <summary>Writes header and (compressed) body; returns the uncompressed size including the header.</summary>
    private long WritePage(PageType type, MemoryStream body, int numValues, Encoding encoding)
    {
        var raw = body.GetBuffer().AsSpan(0, (int)body.Length);
        var compressed = PageCompression.Compress(_options.Compression, raw);
        var header = ParquetMetadataCodec.WritePageHeader(new PageHeader
        {
            Type = type,
            UncompressedSize = raw.Length,
            CompressedSize = compressed.Length,
            NumValues = numValues,
            Encoding = encoding,
        });
        Write(header);
        Write(compressed);
        return header.Length + raw.Length;
    }

    private static void WriteDefinitionLevels(Stream page, ColumnVector values, int first, int end)
    {
        var levels = new int[end - first];
        for (var i = first; i < end; i++) levels[i - first] = values.IsNull(i) ? 0 : 1;
        var encoded = new MemoryStream();
        RleBitPackedHybrid.Encode(levels, 1, encoded);
        ThriftCompactWriter.WriteInt32LittleEndian(page, (int)encoded.Length);
        encoded.WriteTo(page);
    }

    private static Dictionary<string, int>? BuildDictionary(ColumnVector<string> values, int maxBytes)
    {
        var dictionary = new Dictionary<string, int>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (values.IsNull(i)) continue;
            var s = values.Get(i);
            if (dictionary.ContainsKey(s)) continue;
            bytes += 4 + System.Text.Encoding.UTF8.GetByteCount(s);
            if (bytes > maxBytes) return null;
            dictionary.Add(s, dictionary.Count);
        }
        return dictionary;
    }

    private static void WriteDictionaryIndices(Stream page, ColumnVector<string> values, Dictionary<string, int> dictionary, int first, int end)
    {
        var indices = new List<int>(end - first);
        for (var i = first; i < end; i++)
            if (!values.IsNull(i)) indices.Add(dictionary[values.Get(i)]);
        var bitWidth = RleBitPackedHybrid.BitWidth(Math.Max(0, dictionary.Count - 1));
        page.WriteByte((byte)bitWidth);
        RleBitPackedHybrid.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(indices), bitWidth, page);
    }

    internal static void WritePlainValues(Stream page, ColumnVector values, int first, int end)
    {
        Span<byte> b = stackalloc byte[8];
        switch (values)
        {
            case ColumnVector<bool> v:
            {
                int acc = 0, bits = 0;
                for (var i = first; i < end; i++)
                {
                    if (v.IsNull(i)) continue;
                    if (v.Get(i)) acc |= 1 << bits;
                    if (++bits == 8) { page.WriteByte((byte)acc); acc = 0; bits = 0; }
                }
                if (bits > 0) page.WriteByte((byte)acc);
                break;
            }
            case ColumnVector<int> v:
                for (var i = first; i < end; i++)
                    if (!v.IsNull(i)) { BinaryPrimitives.WriteInt32LittleEndian(b, v.Get(i)); page.Write(b[..4]); }
                break;
            case ColumnVector<long> v:
                for (var i = first; i < end; i++)
                    if (!v.IsNull(i)) { BinaryPrimitives.WriteInt64LittleEndian(b, v.Get(i)); page.Write(b); }
                break;
            case ColumnVector<float> v:
                for (var i = first; i < end; i++)
                    if (!v.IsNull(i)) { BinaryPrimitives.WriteSingleLittleEndian(b, v.Get(i)); page.Write(b[..4]); }
                break;
            case ColumnVector<double> v:
                for (var i = first; i < end; i++)
                    if (!v.IsNull(i)) { BinaryPrimitives.WriteDoubleLittleEndian(b, v.Get(i)); page.Write(b); }
                break;
            case ColumnVector<string> v:
                for (var i = first; i < end; i++)
                    if (!v.IsNull(i)) WriteByteArray(page, v.Get(i));
                break;
        }
    }

    private static void WriteByteArray(Stream s, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        ThriftCompactWriter.WriteInt32LittleEndian(s, bytes.Length);
        s.Write(bytes);
    }

    private static SchemaElement ToSchemaElement(Column column)
    {
        var e = new SchemaElement
        {
            Name = column.Name,
            Type = PhysicalTypeOf(column.Type),
            Repetition = column.Nullable ? 1 : 0,
        };
        if (column.Type == ColumnType.String)
        {
            e.Logical = LogicalKind.String;
            e.ConvertedType = 0; // UTF8
        }
        else if (column.Type == ColumnType.Timestamp)
        {
            e.Logical = LogicalKind.Timestamp;
            e.AdjustedToUtc = true;
            e.TimeUnit = 2; // MICROS
            e.ConvertedType = 10; // TIMESTAMP_MICROS
        }
        return e;
    }

    internal static PhysicalType PhysicalTypeOf(ColumnType type) => type switch
    {
        ColumnType.Boolean => PhysicalType.Boolean,
        ColumnType.Int32 => PhysicalType.Int32,
        ColumnType.Int64 or ColumnType.Timestamp => PhysicalType.Int64,
        ColumnType.Float => PhysicalType.Float,
        ColumnType.Double => PhysicalType.Double,
        ColumnType.String => PhysicalType.ByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        _position += bytes.Length;
    }
}
