using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Artifacts;

/// <summary>
/// SHA-256 of a table's data: column names, types and nullability, the row count, and every decoded value in
/// a canonical binary form (little-endian bit patterns, so −0.0, NaN payloads and ∞ count; strings as
/// length-prefixed UTF-8; nulls by row position). Independent of metadata, encoding, compression and how the
/// rows are split into batches or row groups. Fed batch by batch with <see cref="Append"/>, so a table of any
/// size is hashed in bounded memory.
/// </summary>
internal sealed class DataHash : IDisposable
{
    private readonly TableSchema _schema;
    private readonly IncrementalHash[] _values;
    private readonly IncrementalHash[] _nulls;
    private long _rows;

    public DataHash(TableSchema schema)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("DataHash hashes values in their in-memory little-endian form.");
        _schema = schema;
        _values = schema.Columns.Select(_ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).ToArray();
        _nulls = schema.Columns.Select(_ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).ToArray();
    }

    public static string Of(TableSchema schema, IEnumerable<IReadOnlyList<ColumnVector>> rowGroups)
    {
        using var hash = new DataHash(schema);
        foreach (var group in rowGroups) hash.Append(group);
        return hash.Finish();
    }

    /// <summary>
    /// Whether a Parquet file reads without error (its own integrity hashes included) and its data hash is
    /// <paramref name="expected"/>: false for a damaged or different file.
    /// </summary>
    public static bool Matches(string parquetFile, string expected)
    {
        try
        {
            using var reader = Parquet.ParquetReader.Open(parquetFile);
            return Of(reader.Schema, Enumerable.Range(0, reader.RowGroupCount).Select(reader.ReadRowGroup)) == expected;
        }
        catch (Parquet.ParquetFormatException)
        {
            return false;
        }
    }

    /// <summary>Adds a batch of rows, one vector per schema column.</summary>
    public void Append(IReadOnlyList<ColumnVector> columns)
    {
        if (columns.Count != _values.Length) throw new ArgumentException($"A batch has {columns.Count} columns; the schema has {_values.Length}.");
        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Count != rows) throw new ArgumentException($"Column '{_schema.Columns[c].Name}' has {columns[c].Count} values; the first column has {rows}.");
            switch (columns[c])
            {
                case ColumnVector<bool> v: AddFixed(c, v); break;
                case ColumnVector<int> v: AddFixed(c, v); break;
                case ColumnVector<long> v: AddFixed(c, v); break;
                case ColumnVector<float> v: AddFixed(c, v); break;
                case ColumnVector<double> v: AddFixed(c, v); break;
                case ColumnVector<string> v: AddStrings(c, v); break;
                default: throw new ArgumentException($"Column '{_schema.Columns[c].Name}' has an unknown vector type.");
            }
        }
        _rows += rows;
    }

    /// <summary>The hash as 64 lower-case hex digits.</summary>
    public string Finish()
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var c in _schema.Columns) total.AppendData(Encoding.UTF8.GetBytes($"{c.Name}:{c.Type}:{c.Nullable}\n"));
        Span<byte> rows = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(rows, _rows);
        total.AppendData(rows);
        for (var c = 0; c < _values.Length; c++)
        {
            total.AppendData(_values[c].GetHashAndReset());
            total.AppendData(_nulls[c].GetHashAndReset());
        }
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    public void Dispose()
    {
        foreach (var h in _values) h.Dispose();
        foreach (var h in _nulls) h.Dispose();
    }

    private void AddFixed<T>(int column, ColumnVector<T> vector) where T : unmanaged
    {
        var values = vector.Memory.Span;
        var nulls = vector.Nulls;
        if (!nulls.Contains(true))
        {
            _values[column].AppendData(MemoryMarshal.AsBytes(values));
            return;
        }
        // Only present values count: what a null slot holds is not data.
        var start = 0;
        for (var i = 0; i <= values.Length; i++)
        {
            if (i < values.Length && !nulls[i]) continue;
            _values[column].AppendData(MemoryMarshal.AsBytes(values[start..i]));
            if (i < values.Length) AddNull(column, i);
            start = i + 1;
        }
    }

    private void AddStrings(int column, ColumnVector<string> vector)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var used = 0;
            for (var i = 0; i < vector.Count; i++)
            {
                if (vector.IsNull(i)) { AddNull(column, i); continue; }
                var s = vector.Get(i);
                var length = Encoding.UTF8.GetByteCount(s);
                if (used + 4 + length > buffer.Length)
                {
                    _values[column].AppendData(buffer, 0, used);
                    used = 0;
                    if (4 + length > buffer.Length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(4 + length);
                    }
                }
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(used), length);
                used += 4 + Encoding.UTF8.GetBytes(s, buffer.AsSpan(used + 4));
            }
            _values[column].AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void AddNull(int column, int index)
    {
        Span<byte> row = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(row, _rows + index);
        _nulls[column].AppendData(row);
    }
}
