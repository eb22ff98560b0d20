using System.Globalization;

namespace ReproHeavyTails.Figures;

/// <summary>A data range mapped to pixels, linear or logarithmic, with readable ticks.</summary>
internal sealed class Axis
{
    private readonly double _low, _high;   // in transformed units (log10 for log axes)

    public Axis(Scale scale, IEnumerable<double> values)
    {
        Scale = scale;
        var usable = values.Where(v => double.IsFinite(v) && (scale == Scale.Linear || v > 0)).Select(Transform).ToArray();
        var (low, high) = usable.Length == 0 ? (0.0, 1.0) : (usable.Min(), usable.Max());
        if (high - low < 1e-12 * Math.Max(1, Math.Abs(high))) (low, high) = scale == Scale.Log ? (low - 0.5, high + 0.5) : (low - 0.5 * Math.Max(1, Math.Abs(low)), high + 0.5 * Math.Max(1, Math.Abs(high)));
        var pad = 0.04 * (high - low);
        (_low, _high) = (low - pad, high + pad);
    }

    public Scale Scale { get; }

    public double Transform(double v) => Scale == Scale.Log ? Math.Log10(v) : v;

    /// <summary>Whether v can be drawn on this axis (finite, and positive on a log axis).</summary>
    public bool Accepts(double v) => double.IsFinite(v) && (Scale == Scale.Linear || v > 0);

    /// <summary>v's position as a fraction of the axis length, 0 at the low end.</summary>
    public double Fraction(double v) => (Transform(v) - _low) / (_high - _low);

    /// <summary>
    /// Ticks inside the range. Log axes: decades (thinned to at most seven) when the range spans more than 2.5 of
    /// them, else 1–2–5 multiples of decades, else (fewer than three of those inside) 1…9 multiples, else even
    /// steps. Linear axes: evenly spaced 1–2–5 steps.
    /// </summary>
    public IReadOnlyList<double> Ticks()
    {
        if (Scale == Scale.Log && _high - _low > 2.5)
        {
            var first = (int)Math.Ceiling(_low);
            var last = (int)Math.Floor(_high);
            var every = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 7.0));
            return Enumerable.Range(first, last - first + 1).Where(k => (k - first) % every == 0).Select(k => Math.Pow(10, k)).ToArray();
        }
        if (Scale == Scale.Log)
        {
            var coarse = Multiples([1, 2, 5]);
            if (coarse.Count >= 3) return coarse;
            var fine = Multiples([1, 2, 3, 4, 5, 6, 7, 8, 9]);
            if (fine.Count >= 2) return fine;
        }
        // Evenly spaced 1–2–5 steps in value units (also for a log axis narrower than its 1…9 multiples).
        var (low, high) = Scale == Scale.Log ? (Math.Pow(10, _low), Math.Pow(10, _high)) : (_low, _high);
        var step = NiceStep((high - low) / 5);
        var linear = new List<double>();
        for (var t = Math.Ceiling(low / step) * step; t <= high + step * 1e-9; t += step)
            linear.Add(Math.Abs(t) < step * 1e-9 ? 0 : Math.Round(t / step) * step);
        return linear;
    }

    /// <summary>m·10ᵏ for the given mantissas m, inside the (log) range.</summary>
    private List<double> Multiples(double[] mantissas) =>
        Enumerable.Range((int)Math.Floor(_low), (int)Math.Ceiling(_high) - (int)Math.Floor(_low) + 1)
            .SelectMany(k => mantissas.Select(m => m * Math.Pow(10, k)))
            .Where(t => Math.Log10(t) >= _low && Math.Log10(t) <= _high).ToList();

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var m = rough / magnitude;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * magnitude;
    }

    /// <summary>A short label: plain decimals between 10⁻³ and 10⁵, otherwise mantissa and exponent ("1e-6", "2.5e7").</summary>
    public static string Label(double v)
    {
        if (v == 0) return "0";
        var a = Math.Abs(v);
        if (a >= 1e-3 && a < 1e5) return v.ToString("0.####", CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(a));
        var mantissa = v / Math.Pow(10, exponent);
        return Math.Round(mantissa, 2).ToString("0.##", CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
