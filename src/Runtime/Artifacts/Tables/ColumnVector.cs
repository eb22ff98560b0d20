using System.Globalization;

namespace ReproHeavyTails.Tables;

/// <summary>
/// A growable, typed column of values with an optional null mask: the unit the Parquet layer,
/// the experiment host and the diff exchange. Concrete storage is <see cref="ColumnVector{T}"/>.
/// </summary>
public abstract class ColumnVector
{
    protected ColumnVector(ColumnType type) => Type = type;

    public ColumnType Type { get; }

    public abstract int Count { get; }

    public abstract bool IsNull(int index);

    public int NullCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < Count; i++) if (IsNull(i)) n++;
            return n;
        }
    }

    /// <summary>The value as a double for numeric and boolean columns (for comparisons), NaN otherwise.</summary>
    public abstract double AsDouble(int index);

    /// <summary>Canonical invariant text: round-trip doubles, ISO-8601 timestamps, "null".</summary>
    public abstract string Format(int index);

    /// <summary>Appends the value at <paramref name="index"/> of a vector of the same type.</summary>
    public abstract void AppendFrom(ColumnVector source, int index);

    /// <summary>Appends every value of a vector of the same type.</summary>
    internal void AppendAll(ColumnVector source) => AppendRange(source, 0, source.Count);

    /// <summary>Appends <paramref name="count"/> values from <paramref name="start"/> of a vector of the same type, in bulk.</summary>
    public abstract void AppendRange(ColumnVector source, int start, int count);

    public abstract void Clear();

    public static ColumnVector Create(ColumnType type, int capacity = 16) => type switch
    {
        ColumnType.Boolean => new ColumnVector<bool>(type, capacity),
        ColumnType.Int32 => new ColumnVector<int>(type, capacity),
        ColumnType.Int64 or ColumnType.Timestamp => new ColumnVector<long>(type, capacity),
        ColumnType.Float => new ColumnVector<float>(type, capacity),
        ColumnType.Double => new ColumnVector<double>(type, capacity),
        ColumnType.String => new ColumnVector<string>(type, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static ColumnVector[] CreateAll(TableSchema schema, int capacity = 16) =>
        schema.Columns.Select(c => Create(c.Type, capacity)).ToArray();

    private static string FormatTimestamp(long micros)
    {
        const long maxMicros = 253402300799999999; // 9999-12-31T23:59:59.999999Z
        return micros is >= -62135596800000000 and <= maxMicros
            ? DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            : micros.ToString(CultureInfo.InvariantCulture) + "us";
    }

    internal static string FormatValue<T>(ColumnType type, T value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        long l when type == ColumnType.Timestamp => FormatTimestamp(l),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        _ => value?.ToString() ?? "null",
    };
}
