using System.Reflection;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Tables;
using Library = Parquet;

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Streams a flat table into a Parquet file: rows are buffered up to
/// <see cref="ParquetWriterOptions.RowGroupRows"/> and then written as a row group, so memory stays
/// bounded however many rows pass through. Call <see cref="Complete"/> to write the footer, which carries
/// the caller's key-value metadata and two integrity keys that <see cref="ParquetReader"/> checks: the
/// <see cref="DataHash"/> of the values and a hash of the metadata.
/// </summary>
public sealed class ParquetWriter : IDisposable
{
    /// <summary>Key of the data hash in the footer's key-value metadata.</summary>
    internal const string DataHashKey = "repro.data_sha256";

    /// <summary>Key of the hash of the other key-value pairs.</summary>
    internal const string MetadataHashKey = "repro.metadata_sha256";

    private readonly TableSchema _schema;
    private readonly ParquetWriterOptions _options;
    private readonly KeyValuePair<string, string>[] _metadata;
    private readonly Library.ParquetWriter _writer;
    private readonly Library.Schema.DataField[] _fields;
    private readonly ColumnVector[] _buffer;
    private readonly DataHash _hash;
    private bool _completed;

    public ParquetWriter(Stream output, TableSchema schema,
        IEnumerable<KeyValuePair<string, string>>? metadata = null, ParquetWriterOptions? options = null)
    {
        _schema = schema;
        _options = options ?? new ParquetWriterOptions();
        if (_options.RowGroupRows < 1) throw new ArgumentOutOfRangeException(nameof(options), "RowGroupRows must be positive.");
        _metadata = (metadata ?? []).ToArray();
        var reserved = _metadata.FirstOrDefault(kv => kv.Key is DataHashKey or MetadataHashKey).Key;
        if (reserved is not null) throw new ArgumentException($"The key-value metadata key '{reserved}' is reserved for the writer's integrity hashes.");
        _fields = schema.Columns.Select(FieldOf).ToArray();
        _buffer = ColumnVector.CreateAll(schema);
        _hash = new DataHash(schema);
        var libraryOptions = new Library.ParquetOptions
        {
            CompressionMethod = _options.Compression switch
            {
                ParquetCompression.None => Library.CompressionMethod.None,
                ParquetCompression.Snappy => Library.CompressionMethod.Snappy,
                ParquetCompression.Gzip => Library.CompressionMethod.Gzip,
                ParquetCompression.Zstd => Library.CompressionMethod.Zstd,
                _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown compression {_options.Compression}."),
            },
            // The same bytes for the same data on every machine and library build: no level left to a default.
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        };
        _writer = Synchronously.Run(() => Library.ParquetWriter.CreateAsync(new Library.Schema.ParquetSchema(_fields), output, libraryOptions));
    }

    /// <summary>"ReproHeavyTails version X (build Y)": the project's build, recorded in every artifact's metadata.</summary>
    public static string CreatedBy { get; } =
        $"ReproHeavyTails version {typeof(ParquetWriter).Assembly.GetName().Version?.ToString(3)} (build {typeof(ParquetWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev"})";

    /// <summary>The Parquet library underneath and its version, for the provenance an artifact records.</summary>
    public static (string Name, string? Version) Underlying { get; } =
        ("Parquet.Net", typeof(Library.ParquetWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]);

    internal long RowsWritten { get; private set; }

    /// <summary>Buffers a batch of rows (one vector per schema column); full row groups are written as they fill.</summary>
    public void Append(IReadOnlyList<ColumnVector> batch)
    {
        var rows = CheckBatch(batch);
        _hash.Append(batch);
        for (var done = 0; done < rows;)
        {
            var take = Math.Min(rows - done, _options.RowGroupRows - _buffer[0].Count);
            for (var c = 0; c < batch.Count; c++) _buffer[c].AppendRange(batch[c], done, take);
            done += take;
            if (_buffer[0].Count >= _options.RowGroupRows) Flush();
        }
    }

    /// <summary>Writes the buffered rows as a row group now.</summary>
    internal void Flush()
    {
        if (_schema.Columns.Count == 0 || _buffer[0].Count == 0) return;
        Synchronously.Run(WriteRowGroupAsync);
        RowsWritten += _buffer[0].Count;
        foreach (var b in _buffer) b.Clear();
    }

    /// <summary>Flushes and writes the footer. The file is not a valid Parquet file until this returns.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        Flush();
        var metadata = _metadata.GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var metadataHash = MetadataHash(metadata);
        metadata[DataHashKey] = _hash.Finish();
        metadata[MetadataHashKey] = metadataHash;
        _writer.CustomMetadata = metadata;
        Synchronously.Run(() => _writer.DisposeAsync().AsTask());
        _hash.Dispose();
    }

    public void Dispose() => Complete();

    /// <summary>SHA-256 over the key-value pairs sorted by key: what <see cref="MetadataHashKey"/> holds.</summary>
    internal static string MetadataHash(IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var text = string.Concat(metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key.Length}:{kv.Key}{kv.Value.Length}:{kv.Value}\n"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private async Task WriteRowGroupAsync()
    {
        using var group = _writer.CreateRowGroup();
        for (var c = 0; c < _fields.Length; c++)
        {
            var field = _fields[c];
            var nullable = _schema.Columns[c].Nullable;
            switch (_buffer[c])
            {
                case ColumnVector<string> v:
                    var strings = new string?[v.Count];
                    for (var i = 0; i < strings.Length; i++) strings[i] = v.IsNull(i) ? null : v.Get(i);
                    await group.WriteAsync(field, strings);
                    break;
                case ColumnVector<long> v when v.Type == ColumnType.Timestamp:
                    await WriteAsync(group, field, nullable, v, Timestamps.ToDateTime);
                    break;
                case ColumnVector<bool> v: await WriteAsync(group, field, nullable, v, x => x); break;
                case ColumnVector<int> v: await WriteAsync(group, field, nullable, v, x => x); break;
                case ColumnVector<long> v: await WriteAsync(group, field, nullable, v, x => x); break;
                case ColumnVector<float> v: await WriteAsync(group, field, nullable, v, x => x); break;
                case ColumnVector<double> v: await WriteAsync(group, field, nullable, v, x => x); break;
            }
        }
        group.CompleteValidate();
    }

    private static async Task WriteAsync<T, TStored>(Library.ParquetRowGroupWriter group, Library.Schema.DataField field, bool nullable,
        ColumnVector<T> values, Func<T, TStored> convert) where TStored : struct
    {
        if (!nullable)
        {
            if (values.Memory is ReadOnlyMemory<TStored> same) await group.WriteAsync(field, same);
            else
            {
                var stored = new TStored[values.Count];
                for (var i = 0; i < stored.Length; i++) stored[i] = convert(values.Get(i));
                await group.WriteAsync(field, (ReadOnlyMemory<TStored>)stored);
            }
            return;
        }
        var withNulls = new TStored?[values.Count];
        for (var i = 0; i < withNulls.Length; i++) withNulls[i] = values.IsNull(i) ? null : convert(values.Get(i));
        await group.WriteAsync(field, (ReadOnlyMemory<TStored?>)withNulls);
    }

    private int CheckBatch(IReadOnlyList<ColumnVector> batch)
    {
        if (_completed) throw new InvalidOperationException("The writer has completed its file.");
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
            if (column.Type == ColumnType.Timestamp)
                for (var i = 0; i < batch[c].Count; i++)
                    if (!batch[c].IsNull(i)) Timestamps.Check(column.Name, ((ColumnVector<long>)batch[c]).Get(i));
        }
        return rows;
    }

    private static Library.Schema.DataField FieldOf(Column column) => column.Type switch
    {
        ColumnType.Timestamp => new Library.Schema.DateTimeDataField(column.Name, Library.Schema.DateTimeFormat.Timestamp,
            isAdjustedToUTC: true, unit: Library.Schema.DateTimeTimeUnit.Micros, isNullable: column.Nullable),
        _ => new Library.Schema.DataField(column.Name, column.Type switch
        {
            ColumnType.Boolean => typeof(bool),
            ColumnType.Int32 => typeof(int),
            ColumnType.Int64 => typeof(long),
            ColumnType.Float => typeof(float),
            ColumnType.Double => typeof(double),
            ColumnType.String => typeof(string),
            _ => throw new ArgumentOutOfRangeException(nameof(column), $"Unknown column type {column.Type}."),
        }, isNullable: column.Nullable),
    };
}
