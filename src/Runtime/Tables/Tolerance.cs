namespace ReproHeavyTails.Tables;

/// <summary>
/// How far two values of a column may be apart and still count as equal:
/// |a − b| ≤ Absolute + Relative·max(|a|, |b|). NaN equals NaN; infinities compare exactly.
/// </summary>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    public static Tolerance Exact => new(0, 0);

    /// <summary>Defaults that absorb cross-platform floating point, nothing more.</summary>
    public static Tolerance DefaultFor(ColumnType type) => type switch
    {
        ColumnType.Double => new(1e-12, 1e-9),
        ColumnType.Float => new(1e-6, 1e-5),
        _ => Exact,
    };

    public bool Accepts(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    /// <summary>
    /// How far apart two values are in units of this tolerance: 0 when equal, at most 1 when <see cref="Accepts"/>
    /// holds, infinite when nothing but equality is allowed (NaN against a number, infinities, an exact column).
    /// </summary>
    public double Units(double a, double b)
    {
        if (a.Equals(b)) return 0;
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b)) return double.PositiveInfinity;
        var bound = Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));
        return bound > 0 ? Math.Abs(a - b) / bound : double.PositiveInfinity;
    }
}
