using System.Buffers.Binary;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Tables;
using Library = Parquet;
using Meta = Parquet.Meta;

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Reads flat Parquet files row group by row group: what <see cref="ParquetWriter"/> writes, and what other
/// writers (DuckDB, pandas, Spark) write for the same column types, whatever their encodings and codecs.
/// Before the library underneath decodes anything, the file's declared structure — footer, row groups,
/// column chunks, page headers — is checked against the file's size and a memory budget, so a damaged or
/// crafted file cannot make it allocate gigabytes or hang. A file from <see cref="ParquetWriter"/> carries
/// hashes of its data and metadata, and the values are checked against them as they are read: a damaged
/// file ends in a <see cref="ParquetFormatException"/> that names it, never in different numbers.
/// </summary>
public sealed class ParquetReader : IDisposable
{
    /// <summary>Largest page header read; real ones are tens of bytes.</summary>
    private const int MaxPageHeaderBytes = 1 << 18;

    /// <summary>Largest single page, uncompressed.</summary>
    private const int MaxPageBytes = 1 << 30;

    /// <summary>Bytes any file may decode into, plus <see cref="BudgetPerFileByte"/> per byte of file.</summary>
    private const long BaseBudget = 64L << 20;

    private const long BudgetPerFileByte = 256;

    private readonly BoundedReadStream _stream;
    private readonly string _name;
    private readonly Library.ParquetReader _library;
    private readonly Meta.FileMetaData _meta;
    private readonly Library.Schema.DataField[] _fields;
    private readonly string? _expectedHash;
    private DataHash? _hash;
    private int _nextGroup;
    private (int Group, IReadOnlyList<ColumnVector> Columns)? _last;

    private ParquetReader(Stream stream, string name)
    {
        _stream = new BoundedReadStream(stream);
        _name = name;
        try
        {
            var length = stream.Length;
            var (footerLength, footerFields) = CheckFooter(length);
            _library = Synchronously.Run(() => Library.ParquetReader.CreateAsync(_stream, new Library.ParquetOptions(), leaveStreamOpen: true));
            _meta = _library.Metadata ?? throw new ParquetFormatException("the file has no metadata");
            CheckParsedFooter(footerFields);
            (Schema, _fields) = MapSchema();
            var dataEnd = length - 8 - footerLength;
            CheckLayout(dataEnd, length);
            _stream.Limit = dataEnd;

            var all = _library.CustomMetadata;
            Metadata = all.Where(kv => kv.Key is not (ParquetWriter.DataHashKey or ParquetWriter.MetadataHashKey))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            all.TryGetValue(ParquetWriter.DataHashKey, out _expectedHash);
            all.TryGetValue(ParquetWriter.MetadataHashKey, out var metadataHash);
            if ((_expectedHash is null) != (metadataHash is null))
                throw new ParquetFormatException("the file carries only one of its two integrity hashes (damaged file)");
            if (metadataHash is not null && metadataHash != ParquetWriter.MetadataHash(Metadata))
                throw new ParquetFormatException("the key-value metadata do not match the hash stored in the file (damaged file)");
            if (_expectedHash is not null)
            {
                _hash = new DataHash(Schema);
                if (RowGroupCount == 0) FinishVerification();
            }
        }
        catch (Exception e)
        {
            _stream.Dispose();
            throw Named(e);
        }
    }

    public static ParquetReader Open(string path)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParquetFormatException($"{path}: cannot open: {e.Message}", e);
        }
        return new ParquetReader(stream, path);
    }

    /// <summary>Reads from a seekable stream; <paramref name="name"/> names it in errors. Disposing the reader disposes the stream.</summary>
    public static ParquetReader Open(Stream stream, string name) => new(stream, name);

    public TableSchema Schema { get; }

    /// <summary>The file's key-value metadata as its writer was given it (the integrity hashes are checked, not listed).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The writing library, as the file records it.</summary>
    internal string? CreatedBy => _meta.CreatedBy;

    /// <summary>Whether the file carries a hash its values are checked against (files of other writers do not).</summary>
    internal bool CarriesDataHash => _expectedHash is not null;

    public long RowCount => _meta.NumRows;

    public int RowGroupCount => _meta.RowGroups.Count;

    internal long RowGroupRows(int rowGroup) => _meta.RowGroups[rowGroup].NumRows;

    /// <summary>
    /// One row group's columns. Read in order, the groups feed the data hash, and reading the last one
    /// throws if the file's values are not the ones it was written with; read out of order, the whole
    /// file is checked first.
    /// </summary>
    public IReadOnlyList<ColumnVector> ReadRowGroup(int rowGroup)
    {
        if ((uint)rowGroup >= (uint)RowGroupCount) throw new ArgumentOutOfRangeException(nameof(rowGroup));
        if (_last is { } last && last.Group == rowGroup) return last.Columns;
        if (_hash is not null && rowGroup != _nextGroup)
            while (_hash is not null) ReadRowGroup(_nextGroup);
        var columns = Decode(rowGroup);
        if (_hash is not null)
        {
            _hash.Append(columns);
            if (++_nextGroup == RowGroupCount) FinishVerification();
        }
        _last = (rowGroup, columns);
        return columns;
    }

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
        if ((uint)column >= (uint)Schema.Columns.Count) throw new ArgumentOutOfRangeException(nameof(column));
        return ReadRowGroup(rowGroup)[column];
    }

    public void Dispose()
    {
        Synchronously.Run(() => _library.DisposeAsync().AsTask());
        _hash?.Dispose();
        _stream.Dispose();
    }

    private void FinishVerification()
    {
        var actual = _hash!.Finish();
        _hash.Dispose();
        _hash = null;
        if (actual != _expectedHash)
            throw new ParquetFormatException($"{_name}: the data do not match the hash stored in the file (damaged file)");
    }

    /// <summary>Magic bytes, footer length and the footer's Thrift structure; returns the footer's length.</summary>
    private (int Length, IReadOnlyDictionary<int, long> Fields) CheckFooter(long length)
    {
        if (length < 12) throw new ParquetFormatException($"the file is {length} bytes, too short to be Parquet");
        Span<byte> head = stackalloc byte[4];
        ReadAt(0, head);
        Span<byte> tail = stackalloc byte[8];
        ReadAt(length - 8, tail);
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
            throw new ParquetFormatException("not a Parquet file (no PAR1 magic at start and end)");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
            throw new ParquetFormatException($"the footer length {footerLength} points outside the file of {length} bytes");
        var footer = new byte[footerLength];
        ReadAt(length - 8 - footerLength, footer);
        // The footer is one struct: bytes after its end mean a field header was damaged into a stop marker, which
        // would drop the fields after it (the key-value metadata and its integrity hashes among them) unnoticed.
        var fields = new Dictionary<int, long>();
        var used = ThriftStructure.Check(footer, ThriftStructure.FileMetaDataFields, (key, value) => fields[key] = value);
        if (used != footerLength)
            throw new ParquetFormatException($"the footer's metadata end after {used} of its {footerLength} bytes (damaged file)");
        return (footerLength, fields);
    }

    /// <summary>
    /// The library skips a nested field it does not know, and a damaged one can derail it so that later fields — the
    /// key-value metadata with its integrity hashes — come back empty without an error. The footer's own walk counted
    /// them; the parsed footer must hold the same numbers.
    /// </summary>
    private void CheckParsedFooter(IReadOnlyDictionary<int, long> walked)
    {
        long Walked(int key) => walked.TryGetValue(key, out var v) ? v : 0;
        var agrees = Walked(3) == _meta.NumRows
            && Walked(ThriftStructure.ListSizeKey(2)) == _meta.Schema.Count
            && Walked(ThriftStructure.ListSizeKey(4)) == _meta.RowGroups.Count
            && Walked(ThriftStructure.ListSizeKey(5)) == (_meta.KeyValueMetadata?.Count ?? 0);
        if (!agrees) throw new ParquetFormatException("the footer does not parse to what it holds (damaged file)");
    }

    private (TableSchema, Library.Schema.DataField[]) MapSchema()
    {
        var elements = _meta.Schema;
        if (elements.Count == 0) throw new ParquetFormatException("the file has no schema");
        var fields = _library.Schema.Fields;
        if (fields.Count != elements.Count - 1 || elements[0].NumChildren != fields.Count)
            throw new ParquetFormatException("nested columns are not supported (only flat tables)");
        var columns = new List<Column>();
        var dataFields = new Library.Schema.DataField[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var element = elements[i + 1];
            if (fields[i] is not Library.Schema.DataField field || field.IsArray || field.MaxRepetitionLevel > 0 || element.NumChildren is > 0)
                throw new ParquetFormatException($"column '{fields[i].Name}' is a {fields[i].SchemaType} column; only flat tables are supported");
            ColumnType? type = field.ClrType switch
            {
                var t when t == typeof(bool) => ColumnType.Boolean,
                var t when t == typeof(int) => ColumnType.Int32,
                var t when t == typeof(long) => ColumnType.Int64,
                var t when t == typeof(float) => ColumnType.Float,
                var t when t == typeof(double) => ColumnType.Double,
                var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => ColumnType.String,
                var t when t == typeof(DateTime) && element.Type is Meta.Type.INT64 or Meta.Type.INT96 => ColumnType.Timestamp,
                _ => null,
            };
            if (type is null || field.MaxDefinitionLevel > 1)
                throw new ParquetFormatException($"column '{field.Name}' is unsupported: {Describe(element)} (read as {field.ClrType.Name}) is not a column type of artifact tables");
            dataFields[i] = field;
            columns.Add(new Column(field.Name, type.Value, field.IsNullable));
        }
        return (new TableSchema(columns), dataFields);
    }

    private static string Describe(Meta.SchemaElement e) =>
        $"{e.Type?.ToString() ?? "no physical type"}{(e.ConvertedType is { } c ? " " + c : "")}{(e.Precision is { } p ? $"({p},{e.Scale ?? 0})" : "")}";

    /// <summary>
    /// Row groups, column chunks and every page header against the file's size, and the memory the values
    /// will take against the budget: all before the library allocates anything for them.
    /// </summary>
    private void CheckLayout(long dataEnd, long fileLength)
    {
        if (_meta.NumRows < 0 || _meta.RowGroups.Any(g => g.NumRows < 0) || _meta.RowGroups.Sum(g => g.NumRows) != _meta.NumRows)
            throw new ParquetFormatException($"the row groups' row counts do not add up to the file's {_meta.NumRows} rows");
        var budget = BaseBudget + BudgetPerFileByte * fileLength;
        long needed = 0;
        var header = new byte[MaxPageHeaderBytes];
        for (var g = 0; g < _meta.RowGroups.Count; g++)
        {
            var group = _meta.RowGroups[g];
            if (group.Columns.Count != _fields.Length)
                throw new ParquetFormatException($"row group {g} has {group.Columns.Count} columns, the schema {_fields.Length}");
            for (var c = 0; c < _fields.Length; c++)
            {
                var where = $"row group {g}, column '{_fields[c].Name}'";
                var chunk = group.Columns[c].MetaData ?? throw new ParquetFormatException($"{where}: the chunk has no metadata");
                if (group.Columns[c].FilePath is not null) throw new ParquetFormatException($"{where}: chunks in other files are not supported");
                if (chunk.PathInSchema.Count != 1 || chunk.PathInSchema[0] != _fields[c].Name || chunk.Type != _meta.Schema[c + 1].Type)
                    throw new ParquetFormatException($"{where}: the chunk's path or type differs from the schema's");
                if (group.NumRows > int.MaxValue) throw new ParquetFormatException($"row group {g} claims {group.NumRows} rows");
                if (chunk.NumValues != group.NumRows)
                    throw new ParquetFormatException($"{where}: the chunk holds {chunk.NumValues} values for {group.NumRows} rows");
                needed += chunk.NumValues * 2 * SlotBytes(Schema.Columns[c]);
                needed += CheckPages(chunk, dataEnd, header, where);
                if (needed > budget)
                    throw new ParquetFormatException($"{where}: the file declares more than {budget >> 20} MiB of values for its {fileLength} bytes, beyond the reader's limit");
            }
        }
    }

    /// <summary>Walks a chunk's page headers as the library will; returns the pages' uncompressed bytes.</summary>
    private long CheckPages(Meta.ColumnMetaData chunk, long dataEnd, byte[] header, string where)
    {
        // The library starts at the smallest non-zero offset and reads pages in sequence from there.
        var start = new[] { chunk.DictionaryPageOffset ?? 0, chunk.DataPageOffset, chunk.IndexPageOffset ?? 0 }.Where(o => o != 0).DefaultIfEmpty(0).Min();
        if (start < 4 || chunk.TotalCompressedSize <= 0 || chunk.TotalCompressedSize > dataEnd - start)
            throw new ParquetFormatException($"{where}: the chunk at offset {start} with {chunk.TotalCompressedSize} bytes lies outside the data");
        var end = start + chunk.TotalCompressedSize;
        var position = start;
        long values = 0, uncompressed = 0;
        var dictionaries = 0;
        while (values < chunk.NumValues)
        {
            if (position >= end) throw new ParquetFormatException($"{where}: the chunk ends after {values} of its {chunk.NumValues} values");
            var window = header.AsSpan(0, (int)Math.Min(header.Length, end - position));
            ReadAt(position, window);
            var fields = new Dictionary<int, long>();
            position += ThriftStructure.Check(window, ThriftStructure.PageHeaderFields, (key, value) => fields[key] = value);
            long Field(int key) => fields.TryGetValue(key, out var v) ? v : -1;
            var (type, size, compressed) = (Field(1), Field(2), Field(3));
            if (compressed < 0 || compressed > end - position || size < 0 || size > MaxPageBytes)
                throw new ParquetFormatException($"{where}: a page claims {compressed} bytes ({size} uncompressed) where the chunk has {end - position} left");
            uncompressed += size;
            switch (type)
            {
                case 0 or 3: // data page v1, v2
                    var n = type == 0 ? Field(5001) : Field(8001);
                    if (n <= 0 || n > chunk.NumValues - values)
                        throw new ParquetFormatException($"{where}: a page claims {n} values where {chunk.NumValues - values} remain");
                    if (type == 3 && (Field(8006) != 0 || Field(8005) < 0 || Field(8005) > compressed))
                        throw new ParquetFormatException($"{where}: a v2 page's level lengths do not fit the page");
                    values += n;
                    break;
                case 2:
                    var entries = Field(7001);
                    if (++dictionaries > 1 || entries < 0 || entries > int.MaxValue / 32)
                        throw new ParquetFormatException($"{where}: a dictionary page claims {entries} entries");
                    uncompressed += entries * 16;
                    break;
                default:
                    throw new ParquetFormatException($"{where}: page type {type} is not supported");
            }
            if (chunk.Codec == Meta.CompressionCodec.SNAPPY && !(type == 3 && Field(8007) == 0))
            {
                var levels = type == 3 ? Field(8005) : 0;
                CheckSnappyLength(position + levels, compressed - levels, size - levels, where);
            }
            position += compressed;
        }
        return uncompressed * 3;
    }

    /// <summary>
    /// A Snappy block opens with its uncompressed length (a varint), and the decompressor allocates that much before it
    /// reads on: the length must be the one the page header declares, which the budget has counted.
    /// </summary>
    private void CheckSnappyLength(long start, long bytes, long expected, string where)
    {
        Span<byte> preamble = stackalloc byte[5];
        preamble = preamble[..(int)Math.Clamp(bytes, 0, preamble.Length)];
        ReadAt(start, preamble);
        long length = 0;
        for (var i = 0; i < preamble.Length; i++)
        {
            length |= (long)(preamble[i] & 0x7f) << (7 * i);
            if (preamble[i] < 0x80)
            {
                if (length == expected) return;
                break;
            }
        }
        throw new ParquetFormatException($"{where}: a Snappy page does not open with the {expected} bytes its header declares (damaged file)");
    }

    /// <summary>Bytes per value of the library's buffer for a column (a string's characters are counted with its pages).</summary>
    private static long SlotBytes(Column column) => column.Type switch
    {
        ColumnType.Boolean => 1,
        ColumnType.Int32 or ColumnType.Float => 4,
        ColumnType.String => 16,
        _ => 8,
    } + (column.Nullable ? 5 : 0);

    private IReadOnlyList<ColumnVector> Decode(int rowGroup)
    {
        try { return Synchronously.Run(() => DecodeAsync(rowGroup)); }
        catch (Exception e) { throw Named(e, $"row group {rowGroup}"); }
    }

    private async Task<IReadOnlyList<ColumnVector>> DecodeAsync(int rowGroup)
    {
        var group = _library.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var columns = new ColumnVector[_fields.Length];
        for (var c = 0; c < _fields.Length; c++)
        {
            var field = _fields[c];
            var type = Schema.Columns[c].Type;
            columns[c] = type switch
            {
                ColumnType.Boolean => await ReadAsync<bool, bool>(group, field, type, rows, x => x),
                ColumnType.Int32 => await ReadAsync<int, int>(group, field, type, rows, x => x),
                ColumnType.Int64 => await ReadAsync<long, long>(group, field, type, rows, x => x),
                ColumnType.Float => await ReadAsync<float, float>(group, field, type, rows, x => x),
                ColumnType.Double => await ReadAsync<double, double>(group, field, type, rows, x => x),
                ColumnType.Timestamp => await ReadAsync<DateTime, long>(group, field, type, rows, Timestamps.ToMicros),
                ColumnType.String => await ReadAsync<ReadOnlyMemory<char>, string>(group, field, type, rows, x => new string(x.Span)),
                _ => throw new ParquetFormatException($"column '{field.Name}' has an unknown type"),
            };
        }
        return columns;
    }

    /// <summary>Reads one column chunk: the library packs the present values first; they are spread over their rows here.</summary>
    private static async Task<ColumnVector> ReadAsync<TStored, T>(Library.ParquetRowGroupReader group, Library.Schema.DataField field,
        ColumnType type, int rows, Func<TStored, T> convert) where TStored : struct
    {
        var stored = new TStored[rows];
        var levels = field.MaxDefinitionLevel > 0 ? new int[rows] : null;
        await group.ReadRawAsync<TStored>(field, stored, levels is null ? (Memory<int>?)null : levels.AsMemory(), null);
        var values = (object)stored as T[] ?? new T[rows];
        bool[]? nulls = null;
        if (levels is null)
        {
            if (!ReferenceEquals(values, stored))
                for (var i = 0; i < rows; i++) values[i] = convert(stored[i]);
            return new ColumnVector<T>(type, values, null, rows);
        }
        var present = 0;
        foreach (var level in levels)
        {
            if (level is not (0 or 1)) throw new ParquetFormatException($"column '{field.Name}' has definition level {level} above its maximum of 1");
            present += level;
        }
        nulls = new bool[rows];
        // From the back, so each value moves only towards higher positions.
        for (int i = rows - 1, k = present - 1; i >= 0; i--)
        {
            if (levels[i] == 0) { nulls[i] = true; values[i] = default!; }
            else values[i] = convert(stored[k--]);
        }
        return new ColumnVector<T>(type, values, nulls, rows);
    }

    private void ReadAt(long offset, Span<byte> buffer)
    {
        _stream.Position = offset;
        _stream.ReadExactly(buffer);
    }

    private ParquetFormatException Named(Exception e, string? where = null)
    {
        if (e is ParquetFormatException p && p.Message.StartsWith(_name + ":", StringComparison.Ordinal) && !p.Message.Contains('\n')) return p;
        var what = e switch
        {
            ParquetFormatException => e.Message,
            NotSupportedException or NotImplementedException => $"unsupported by the reader ({FirstLine(e.Message)})",
            _ => $"corrupt or unsupported Parquet data ({e.GetType().Name}: {FirstLine(e.Message)})",
        };
        if (e is ParquetFormatException && what.StartsWith(_name + ":", StringComparison.Ordinal)) what = what[(_name.Length + 1)..].TrimStart();
        // Names and strings in the message come from the file: a damaged one must not break the one-line error.
        return new ParquetFormatException($"{_name}: {(where is null ? "" : where + ": ")}{what}".Replace("\r", "\\r").Replace("\n", "\\n"), e);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');
}
