using System.Buffers.Binary;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Parquet;

/// <summary>
/// Column-chunk min/max/null-count statistics under the type-defined sort order: NaN never
/// enters min/max, a zero minimum is written as −0.0 and a zero maximum as +0.0, strings compare
/// as unsigned bytes.
/// </summary>
internal static class ColumnStatistics
{
    public static Statistics Compute(ColumnVector values)
    {
        var stats = new Statistics { NullCount = values.NullCount };
        switch (values)
        {
            case ColumnVector<double> v: Floating(stats, v, x => x, Encode); break;
            case ColumnVector<float> v: Floating(stats, v, x => x, x => EncodeSingle((float)x)); break;
            case ColumnVector<int> v: Ordered(stats, v, x => { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, x); return b; }); break;
            case ColumnVector<long> v: Ordered(stats, v, x => { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, x); return b; }); break;
            case ColumnVector<bool> v: Ordered(stats, v, x => [(byte)(x ? 1 : 0)]); break;
            case ColumnVector<string> v:
            {
                byte[]? min = null, max = null;
                for (var i = 0; i < v.Count; i++)
                {
                    if (v.IsNull(i)) continue;
                    var b = System.Text.Encoding.UTF8.GetBytes(v.Get(i));
                    if (min is null || b.AsSpan().SequenceCompareTo(min) < 0) min = b;
                    if (max is null || b.AsSpan().SequenceCompareTo(max) > 0) max = b;
                }
                stats.MinValue = min;
                stats.MaxValue = max;
                break;
            }
        }
        return stats;
    }

    private static void Floating<T>(Statistics stats, ColumnVector<T> v, Func<T, double> toDouble, Func<double, byte[]> encode)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var any = false;
        for (var i = 0; i < v.Count; i++)
        {
            if (v.IsNull(i)) continue;
            var x = toDouble(v.Get(i));
            if (double.IsNaN(x)) continue;
            any = true;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        if (!any) return;
        if (min == 0) min = -0.0;
        if (max == 0) max = 0.0;
        stats.MinValue = encode(min);
        stats.MaxValue = encode(max);
    }

    private static void Ordered<T>(Statistics stats, ColumnVector<T> v, Func<T, byte[]> encode) where T : IComparable<T>
    {
        var any = false;
        T min = default!, max = default!;
        for (var i = 0; i < v.Count; i++)
        {
            if (v.IsNull(i)) continue;
            var x = v.Get(i);
            if (!any) { min = max = x; any = true; continue; }
            if (x.CompareTo(min) < 0) min = x;
            if (x.CompareTo(max) > 0) max = x;
        }
        if (!any) return;
        stats.MinValue = encode(min);
        stats.MaxValue = encode(max);
    }

    private static byte[] Encode(double x)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, x);
        return b;
    }

    private static byte[] EncodeSingle(float x)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, x);
        return b;
    }
}
