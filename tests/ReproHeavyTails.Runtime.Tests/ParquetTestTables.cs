using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>A table with every column type and the awkward values: NaN, ±∞, −0.0, empty and non-ASCII strings, nulls.</summary>
internal static class ParquetTestTables
{
    public static readonly TableSchema Schema = new([
        new Column("d", ColumnType.Double), new Column("f", ColumnType.Float), new Column("i", ColumnType.Int32),
        new Column("l", ColumnType.Int64), new Column("b", ColumnType.Boolean), new Column("s", ColumnType.String),
        new Column("t", ColumnType.Timestamp), new Column("nd", ColumnType.Double, nullable: true),
        new Column("ns", ColumnType.String, nullable: true), new Column("ni", ColumnType.Int32, nullable: true),
    ]);

    public static readonly double[] Doubles = [0.0, -0.0, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -1e308, Math.PI];
    public static readonly string[] Strings = ["", "alpha", "ünïcödé ✓", "日本語", "a\tb\nc", "x", "x", "", "last"];

    public static ColumnVector[] Build(int rows)
    {
        var c = ColumnVector.CreateAll(Schema);
        for (var r = 0; r < rows; r++)
        {
            ((ColumnVector<double>)c[0]).Add(Doubles[r % Doubles.Length]);
            ((ColumnVector<float>)c[1]).Add(r % 3 == 0 ? float.NaN : r * 0.25f - 1);
            ((ColumnVector<int>)c[2]).Add(r % 2 == 0 ? -r : int.MaxValue - r);
            ((ColumnVector<long>)c[3]).Add(r % 2 == 0 ? long.MinValue + r : r * 1_000_000_007L);
            ((ColumnVector<bool>)c[4]).Add(r % 3 == 1);
            ((ColumnVector<string>)c[5]).Add(Strings[r % Strings.Length]);
            ((ColumnVector<long>)c[6]).Add(1_700_000_000_000_000L + r * 1_000_001L);
            ((ColumnVector<double>)c[7]).Add(r * 0.1, present: r % 4 != 0);
            ((ColumnVector<string>)c[8]).Add(Strings[r % Strings.Length], present: r % 5 != 0);
            ((ColumnVector<int>)c[9]).Add(r, present: r % 2 == 0);
        }
        return c;
    }

    public static void AssertSame(IReadOnlyList<ColumnVector> expected, IReadOnlyList<ColumnVector> actual)
    {
        Xunit.Assert.Equal(expected.Count, actual.Count);
        for (var c = 0; c < expected.Count; c++)
        {
            Xunit.Assert.Equal(expected[c].Count, actual[c].Count);
            for (var r = 0; r < expected[c].Count; r++)
                Xunit.Assert.Equal(Bits(expected[c], r), Bits(actual[c], r));
        }
    }

    /// <summary>Exact identity: doubles by bit pattern (so −0.0 ≠ 0.0 and NaN = NaN).</summary>
    private static string Bits(ColumnVector v, int r) => v switch
    {
        _ when v.IsNull(r) => "null",
        ColumnVector<double> d => BitConverter.DoubleToInt64Bits(d[r]).ToString(),
        ColumnVector<float> f => BitConverter.SingleToInt32Bits(f[r]).ToString(),
        _ => v.Format(r),
    };
}
