using System.Globalization;

namespace ReproHeavyTails.Parquet;

/// <summary>Timestamp columns hold microseconds since the Unix epoch; the Parquet library exchanges them as UTC <see cref="DateTime"/>s.</summary>
internal static class Timestamps
{
    private static readonly long MinMicros = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    private static readonly long MaxMicros = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static void Check(string column, long micros)
    {
        if (micros < MinMicros || micros > MaxMicros)
            throw new ArgumentException($"Column '{column}' holds the timestamp {micros.ToString(CultureInfo.InvariantCulture)} µs, outside the years 1–9999 Parquet timestamps can carry here.");
    }

    public static DateTime ToDateTime(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);

    public static long ToMicros(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
