namespace ReproHeavyTails.Figures;

public enum Scale
{
    Linear,
    Log,
}

/// <summary>
/// A figure: a title and one or more panels (small multiples) in a grid, with one legend for all of them — a
/// series label has the same colour and dash in every panel. <see cref="ToSvg"/> is deterministic: the same
/// figure gives the same bytes.
/// </summary>
public sealed class Figure(string title, int columns = 2)
{
    internal string Title { get; } = title;

    internal int Columns { get; } = Math.Max(1, columns);

    internal List<Panel> Panels { get; } = [];

    public Panel Panel(string title, string xLabel, string yLabel, Scale x = Scale.Linear, Scale y = Scale.Linear)
    {
        var panel = new Panel(title, xLabel, yLabel, x, y);
        Panels.Add(panel);
        return panel;
    }

    /// <summary>The series labels in first-use order: their index picks colour and dash.</summary>
    internal IReadOnlyList<string> Labels =>
        Panels.SelectMany(p => p.Series.Select(s => s.Label).Concat(p.Marks.Select(m => m.Label)))
            .Where(l => l.Length > 0).Distinct().ToArray();

    public string ToSvg() => SvgRenderer.Render(this);
}

/// <summary>One set of axes: lines (optionally with an error band), points (optionally with error bars), histograms, and reference lines and bands.</summary>
public sealed class Panel(string title, string xLabel, string yLabel, Scale xScale, Scale yScale)
{
    internal string Title { get; } = title;

    internal string XLabel { get; } = xLabel;

    internal string YLabel { get; } = yLabel;

    internal Scale XScale { get; } = xScale;

    internal Scale YScale { get; } = yScale;

    internal List<Series> Series { get; } = [];

    internal List<Mark> Marks { get; } = [];

    /// <summary>A polyline through (x, y) in the given order; with <paramref name="lower"/>/<paramref name="upper"/> a shaded band.</summary>
    public Panel Line(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? lower = null, IReadOnlyList<double>? upper = null)
    {
        Series.Add(new Series(SeriesKind.Line, label, Check(x, y), y.ToArray(), lower?.ToArray(), upper?.ToArray()));
        return this;
    }

    /// <summary>A shaded region between two curves over x (e.g. a predicted interval that depends on x).</summary>
    public Panel Band(string label, IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        if (upper.Count != lower.Count) throw new ArgumentException($"{lower.Count} lower and {upper.Count} upper values");
        Series.Add(new Series(SeriesKind.Band, label, Check(x, lower), lower.ToArray(), lower.ToArray(), upper.ToArray()));
        return this;
    }

    /// <summary>Markers at (x, y), with vertical error bars ± <paramref name="error"/> when given.</summary>
    public Panel Points(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? error = null)
    {
        var e = error?.ToArray();
        Series.Add(new Series(SeriesKind.Points, label, Check(x, y), y.ToArray(),
            e is null ? null : y.Select((v, i) => v - e[i]).ToArray(), e is null ? null : y.Select((v, i) => v + e[i]).ToArray()));
        return this;
    }

    /// <summary>A histogram: bin edges (one more than the heights) and the height of each bin.</summary>
    public Panel Histogram(string label, IReadOnlyList<double> edges, IReadOnlyList<double> heights)
    {
        if (edges.Count != heights.Count + 1) throw new ArgumentException($"{edges.Count} edges for {heights.Count} bins");
        Series.Add(new Series(SeriesKind.Histogram, label, edges.ToArray(), heights.ToArray(), null, null));
        return this;
    }

    public Panel VerticalLine(double x, string label = "") => Add(new Mark(MarkKind.VerticalLine, label, x, x));

    public Panel HorizontalLine(double y, string label = "") => Add(new Mark(MarkKind.HorizontalLine, label, y, y));

    /// <summary>A shaded vertical band between two x values (e.g. a predicted interval).</summary>
    public Panel VerticalBand(double from, double to, string label = "") => Add(new Mark(MarkKind.VerticalBand, label, from, to));

    private Panel Add(Mark mark)
    {
        Marks.Add(mark);
        return this;
    }

    private static double[] Check(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        x.Count == y.Count ? x.ToArray() : throw new ArgumentException($"{x.Count} x values for {y.Count} y values");
}

internal enum SeriesKind
{
    Line,
    Points,
    Histogram,
    Band,
}

internal enum MarkKind
{
    VerticalLine,
    HorizontalLine,
    VerticalBand,
}

internal sealed record Series(SeriesKind Kind, string Label, double[] X, double[] Y, double[]? Lower, double[]? Upper);

internal sealed record Mark(MarkKind Kind, string Label, double From, double To);

/// <summary>
/// Okabe and Ito's colour-blind-safe palette (yellow left out: too pale on white), paired with dash patterns so
/// that series stay apart in grey-scale print too.
/// </summary>
internal static class Palette
{
    public static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"];

    public static readonly string[] Dashes = ["", "6 3", "2 2", "8 3 2 3"];

    public static string Colour(int index) => Colours[index % Colours.Length];

    public static string Dash(int index) => Dashes[index % Dashes.Length];
}
