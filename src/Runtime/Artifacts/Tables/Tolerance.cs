namespace ReproHeavyTails.Tables;

/// <summary>
/// How far two values of a column may be apart and still count as equal:
/// |a − b| ≤ Absolute + Relative·max(|a|, |b|). NaN equals NaN; infinities compare exactly.
/// </summary>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>
    /// Every column's default: results are the same bits on every machine (docs/determinism.md), so a column that
    /// cannot be exact says so with a tolerance derived from an error bound.
    /// </summary>
    public static Tolerance Exact => new(0, 0);

    internal bool Accepts(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    /// <summary>
    /// How far apart two values are in units of this tolerance: 0 when equal, at most 1 when <see cref="Accepts"/>
    /// holds, infinite when nothing but equality is allowed (NaN against a number, infinities, an exact column).
    /// </summary>
    internal double Units(double a, double b)
    {
        if (a.Equals(b)) return 0;
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b)) return double.PositiveInfinity;
        var bound = Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));
        return bound > 0 ? Math.Abs(a - b) / bound : double.PositiveInfinity;
    }
}
