using System.Buffers.Binary;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Reads flat Parquet files column by column and row group by row group: what <see cref="ParquetWriter"/>
/// writes, and what DuckDB writes for the same column types (dictionary pages, data page v2, the
/// delta and byte-stream-split encodings; UNCOMPRESSED, SNAPPY and GZIP). Anything else, and any
/// corrupt file, ends in a <see cref="ParquetFormatException"/> that names the file.
/// </summary>
public sealed class ParquetReader : IDisposable
{
    /// <summary>Upper bound on the values of one page; keeps a corrupt count from allocating gigabytes.</summary>
    internal const int MaxValuesPerPage = 1 << 24;

    private readonly Stream _stream;
    private readonly string _name;
    private readonly long _length;
    private readonly FileMetaData _meta;
    private readonly SchemaElement[] _leaves;

    private ParquetReader(Stream stream, string name)
    {
        _stream = stream;
        _name = name;
        try
        {
            _length = stream.Length;
            _meta = ReadFooter();
            _leaves = _meta.Schema.Skip(1).ToArray();
            Schema = new TableSchema(_leaves.Select(ToColumn));
            Metadata = _meta.KeyValues.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            ValidateRowGroups();
        }
        catch (Exception e) when (e is not ParquetFormatException) { throw Wrap(e); }
        catch (ParquetFormatException e) { throw Named(e); }
    }

    public static ParquetReader Open(string path)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParquetFormatException($"{path}: cannot open: {e.Message}", e);
        }
        try { return new ParquetReader(stream, path); }
        catch { stream.Dispose(); throw; }
    }

    public static ParquetReader Open(Stream stream, string name) => new(stream, name);

    public TableSchema Schema { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string? CreatedBy => _meta.CreatedBy;

    public long RowCount => _meta.NumRows;

    public int RowGroupCount => _meta.RowGroups.Count;

    public long RowGroupRows(int rowGroup) => _meta.RowGroups[rowGroup].NumRows;

    public IReadOnlyList<ColumnVector> ReadRowGroup(int rowGroup) =>
        Enumerable.Range(0, Schema.Columns.Count).Select(c => ReadColumn(rowGroup, c)).ToArray();

    /// <summary>Every row group concatenated: convenient for small tables.</summary>
    public IReadOnlyList<ColumnVector> ReadAll()
    {
        var all = ColumnVector.CreateAll(Schema, (int)Math.Min(RowCount, 1 << 20));
        for (var g = 0; g < RowGroupCount; g++)
        {
            var group = ReadRowGroup(g);
            for (var c = 0; c < all.Length; c++) all[c].AppendAll(group[c]);
        }
        return all;
    }

    public ColumnVector ReadColumn(int rowGroup, int column)
    {
        if ((uint)rowGroup >= (uint)RowGroupCount) throw new ArgumentOutOfRangeException(nameof(rowGroup));
        if ((uint)column >= (uint)Schema.Columns.Count) throw new ArgumentOutOfRangeException(nameof(column));
        try { return ReadChunk(_meta.RowGroups[rowGroup], column); }
        catch (Exception e) when (e is not ParquetFormatException) { throw Wrap(e); }
        catch (ParquetFormatException e) { throw Named(e, $"row group {rowGroup}, column '{Schema.Columns[column].Name}'"); }
    }

    public void Dispose() => _stream.Dispose();

    private FileMetaData ReadFooter()
    {
        if (_length < 12) throw new ParquetFormatException($"the file is {_length} bytes, too short to be Parquet");
        Span<byte> head = stackalloc byte[4];
        ReadAt(0, head);
        Span<byte> tail = stackalloc byte[8];
        ReadAt(_length - 8, tail);
        if (!head.SequenceEqual(ParquetWriter.Magic) || !tail[4..].SequenceEqual(ParquetWriter.Magic))
            throw new ParquetFormatException("not a Parquet file (no PAR1 magic at start and end)");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > _length - 12)
            throw new ParquetFormatException($"the footer length {footerLength} points outside the file of {_length} bytes");
        var footer = new byte[footerLength];
        ReadAt(_length - 8 - footerLength, footer);
        return ParquetMetadataCodec.ReadFileMetaData(footer);
    }

    private void ValidateRowGroups()
    {
        var root = _meta.Schema[0];
        if (root.NumChildren != _leaves.Length || _leaves.Any(l => l.NumChildren is > 0))
            throw new ParquetFormatException("nested schemas are not supported (only flat tables)");
        if (_meta.NumRows < 0 || _meta.RowGroups.Sum(g => g.NumRows) != _meta.NumRows)
            throw new ParquetFormatException($"the row groups' row counts do not add up to the file's {_meta.NumRows} rows");
        foreach (var group in _meta.RowGroups)
            if (group.Columns.Count != _leaves.Length)
                throw new ParquetFormatException($"a row group has {group.Columns.Count} columns, the schema {_leaves.Length}");
    }

    private Column ToColumn(SchemaElement e)
    {
        if (e.Repetition == 2) throw new ParquetFormatException($"column '{e.Name}' is repeated; only flat tables are supported");
        var nullable = e.Repetition != 0;
        var unsupported = $"column '{e.Name}' has a type this codec does not read ({e.Type}";
        ColumnType type = e.Type switch
        {
            PhysicalType.Boolean => ColumnType.Boolean,
            PhysicalType.Int32 when e.Logical is LogicalKind.None && e.ConvertedType is null or 15 or 16 or 17
                || e.Logical == LogicalKind.Integer && e.IntSigned => ColumnType.Int32,
            PhysicalType.Int64 when e.Logical == LogicalKind.Timestamp || e.ConvertedType is 9 or 10 => ColumnType.Timestamp,
            PhysicalType.Int64 when e.Logical is LogicalKind.None && e.ConvertedType is null or 18
                || e.Logical == LogicalKind.Integer && e.IntSigned => ColumnType.Int64,
            PhysicalType.Float => ColumnType.Float,
            PhysicalType.Double => ColumnType.Double,
            PhysicalType.ByteArray when e.Logical is LogicalKind.String or LogicalKind.Enum or LogicalKind.Json
                || e.ConvertedType is 0 or 4 or 19 => ColumnType.String,
            null => throw new ParquetFormatException($"column '{e.Name}' has no physical type"),
            _ => throw new ParquetFormatException(unsupported + $", converted type {e.ConvertedType?.ToString() ?? "none"}, logical {e.Logical})"),
        };
        return new Column(e.Name, type, nullable);
    }

    private ColumnVector ReadChunk(RowGroup group, int columnIndex)
    {
        var leaf = _leaves[columnIndex];
        var column = Schema.Columns[columnIndex];
        var meta = group.Columns[columnIndex].Meta ?? throw new ParquetFormatException("a column chunk has no metadata");
        if (meta.Type != leaf.Type) throw new ParquetFormatException($"the chunk's type {meta.Type} differs from the schema's {leaf.Type}");
        if (meta.NumValues != group.NumRows) throw new ParquetFormatException($"the chunk holds {meta.NumValues} values for {group.NumRows} rows");
        var start = meta.DictionaryPageOffset is { } d && d > 0 && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        var dataEnd = _length - 8;
        if (start < 4 || meta.TotalCompressedSize < 0 || start + meta.TotalCompressedSize > dataEnd)
            throw new ParquetFormatException($"the chunk at offset {start} with {meta.TotalCompressedSize} bytes lies outside the file");
        var bytes = new byte[meta.TotalCompressedSize];
        ReadAt(start, bytes);

        var target = ColumnVector.Create(column.Type, (int)Math.Min(group.NumRows, 1 << 20));
        Array? dictionary = null;
        var position = 0;
        long read = 0;
        while (read < meta.NumValues)
        {
            if (position >= bytes.Length) throw new ParquetFormatException($"the chunk ends after {read} of {meta.NumValues} values");
            var header = ParquetMetadataCodec.ReadPageHeader(bytes.AsSpan(position), out var headerLength);
            position += headerLength;
            if (header.CompressedSize < 0 || header.CompressedSize > bytes.Length - position)
                throw new ParquetFormatException($"a page claims {header.CompressedSize} bytes, the chunk has {bytes.Length - position} left");
            var body = bytes.AsSpan(position, header.CompressedSize);
            position += header.CompressedSize;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    if (header.NumValues < 0 || header.NumValues > MaxValuesPerPage) throw new ParquetFormatException($"a dictionary claims {header.NumValues} values");
                    if (header.Encoding is not (Encoding.Plain or Encoding.PlainDictionary))
                        throw new ParquetFormatException($"dictionary page encoding {header.Encoding} is not supported");
                    dictionary = ValueDecoders.Plain(meta.Type, PageCompression.Decompress(meta.Codec, body, header.UncompressedSize), header.NumValues);
                    break;
                case PageType.DataPage or PageType.DataPageV2:
                    if (!header.HasBody) throw new ParquetFormatException("a data page has no data page header");
                    if (header.NumValues <= 0 || header.NumValues > meta.NumValues - read || header.NumValues > MaxValuesPerPage)
                        throw new ParquetFormatException($"a page claims {header.NumValues} values where {meta.NumValues - read} remain");
                    DecodeDataPage(header, body, meta, leaf, column, dictionary, target);
                    read += header.NumValues;
                    break;
                default:
                    break; // index pages carry nothing we need
            }
        }
        return target;
    }

    private static void DecodeDataPage(PageHeader header, ReadOnlySpan<byte> body, ColumnMetaData meta, SchemaElement leaf,
        Column column, Array? dictionary, ColumnVector target)
    {
        var n = header.NumValues;
        int[]? levels = null;
        ReadOnlySpan<byte> values;
        if (header.Type == PageType.DataPage)
        {
            var page = new SpanReader(PageCompression.Decompress(meta.Codec, body, header.UncompressedSize));
            if (column.Nullable)
            {
                var levelBytes = new SpanReader(page.Take(page.ReadInt32()));
                levels = new int[n];
                RleBitPackedHybrid.Decode(ref levelBytes, 1, levels);
            }
            values = page.Rest;
        }
        else
        {
            if (header.RepetitionLevelsLength != 0) throw new ParquetFormatException("a flat column has repetition levels");
            var defLength = header.DefinitionLevelsLength;
            if (defLength < 0 || defLength > body.Length) throw new ParquetFormatException($"definition levels of {defLength} bytes in a page of {body.Length}");
            if (column.Nullable)
            {
                var levelBytes = new SpanReader(body[..defLength]);
                levels = new int[n];
                RleBitPackedHybrid.Decode(ref levelBytes, 1, levels);
            }
            var rest = body[defLength..];
            values = header.IsCompressed
                ? PageCompression.Decompress(meta.Codec, rest, header.UncompressedSize - defLength)
                : rest;
        }

        var present = levels is null ? n : levels.Count(l => l == 1);
        if (levels is not null && levels.Any(l => l > 1)) throw new ParquetFormatException("a definition level exceeds the column's maximum of 1");
        var decoded = ValueDecoders.Decode(meta.Type, header.Encoding, values, present, dictionary);
        Append(target, decoded, levels, n, leaf);
    }

    private static void Append(ColumnVector target, Array decoded, int[]? levels, int n, SchemaElement leaf)
    {
        switch (target, decoded)
        {
            case (ColumnVector<long> t, long[] v) when t.Type == ColumnType.Timestamp:
                // Timestamps are held in microseconds.
                var unit = leaf.Logical == LogicalKind.Timestamp ? leaf.TimeUnit : leaf.ConvertedType == 9 ? 1 : 2;
                Emit(t, unit switch { 1 => Array.ConvertAll(v, x => x * 1000), 3 => Array.ConvertAll(v, x => x / 1000), _ => v }, levels, n);
                break;
            case (ColumnVector<bool> t, bool[] v): Emit(t, v, levels, n); break;
            case (ColumnVector<int> t, int[] v): Emit(t, v, levels, n); break;
            case (ColumnVector<long> t, long[] v): Emit(t, v, levels, n); break;
            case (ColumnVector<float> t, float[] v): Emit(t, v, levels, n); break;
            case (ColumnVector<double> t, double[] v): Emit(t, v, levels, n); break;
            case (ColumnVector<string> t, string[] v): Emit(t, v, levels, n); break;
            default: throw new ParquetFormatException("decoded values do not match the column type");
        }
    }

    private static void Emit<T>(ColumnVector<T> target, T[] values, int[]? levels, int n)
    {
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (levels is not null && levels[i] == 0) target.AddNull();
            else target.Add(values[k++]);
        }
    }

    private void ReadAt(long offset, Span<byte> buffer)
    {
        _stream.Position = offset;
        _stream.ReadExactly(buffer);
    }

    private ParquetFormatException Named(ParquetFormatException e, string? where = null) =>
        e.Message.StartsWith(_name + ":", StringComparison.Ordinal) ? e
            : new ParquetFormatException($"{_name}: {(where is null ? "" : where + ": ")}{e.Message}", e);

    private ParquetFormatException Wrap(Exception e) =>
        new($"{_name}: corrupt or unsupported Parquet file ({e.GetType().Name}: {e.Message})", e);
}
