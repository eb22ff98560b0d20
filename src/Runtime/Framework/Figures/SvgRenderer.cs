using System.Globalization;
using System.Text;

namespace ReproHeavyTails.Figures;

/// <summary>Writes a <see cref="Figure"/> as SVG 1.1: fixed layout, invariant number formatting, nothing time- or machine-dependent.</summary>
internal static class SvgRenderer
{
    private const double PanelWidth = 400, PanelHeight = 290, Left = 62, Right = 14, Top = 26, Bottom = 44, TitleHeight = 30, LegendRow = 18;

    public static string Render(Figure figure)
    {
        var labels = figure.Labels;
        var rows = (figure.Panels.Count + figure.Columns - 1) / figure.Columns;
        var columns = Math.Min(figure.Columns, Math.Max(1, figure.Panels.Count));
        var width = columns * PanelWidth;
        // Legend slots as wide as the longest label needs (about 6.5 px per character at 11 px).
        var slot = Math.Max(120, 40 + 6.5 * labels.Select(l => l.Length).DefaultIfEmpty(0).Max());
        var legendPerRow = Math.Max(1, (int)((width - 12) / slot));
        var legendRows = (labels.Count + legendPerRow - 1) / legendPerRow;
        var height = TitleHeight + rows * PanelHeight + legendRows * LegendRow + 8;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        svg.Append($"<rect width=\"{N(width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>\n");
        svg.Append($"<text x=\"{N(width / 2)}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(figure.Title)}</text>\n");
        for (var i = 0; i < figure.Panels.Count; i++)
            RenderPanel(svg, figure.Panels[i], labels, (i % figure.Columns) * PanelWidth, TitleHeight + (i / figure.Columns) * PanelHeight, i);
        for (var k = 0; k < labels.Count; k++)
        {
            var x = 12 + (k % legendPerRow) * slot;
            var y = TitleHeight + rows * PanelHeight + (k / legendPerRow) * LegendRow + 10;
            var kind = figure.Panels.SelectMany(p => p.Series).FirstOrDefault(s => s.Label == labels[k])?.Kind;
            svg.Append(kind switch
            {
                SeriesKind.Points => $"<circle cx=\"{N(x + 12)}\" cy=\"{N(y)}\" r=\"3\" fill=\"{Palette.Colour(k)}\"/>",
                SeriesKind.Histogram or SeriesKind.Band => $"<rect x=\"{N(x + 4)}\" y=\"{N(y - 5)}\" width=\"16\" height=\"10\" fill=\"{Palette.Colour(k)}\" fill-opacity=\"0.35\" stroke=\"{Palette.Colour(k)}\"/>",
                _ => $"<line x1=\"{N(x)}\" y1=\"{N(y)}\" x2=\"{N(x + 24)}\" y2=\"{N(y)}\" stroke=\"{Palette.Colour(k)}\" stroke-width=\"2\"{DashAttribute(k)}/>",
            });
            svg.Append($"<text x=\"{N(x + 30)}\" y=\"{N(y + 4)}\">{Escape(labels[k])}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void RenderPanel(StringBuilder svg, Panel panel, IReadOnlyList<string> labels, double ox, double oy, int index)
    {
        var x = new Axis(panel.XScale, panel.Series.SelectMany(s => s.X).Concat(panel.Marks.Where(m => m.Kind != MarkKind.HorizontalLine).SelectMany(m => new[] { m.From, m.To })));
        var y = new Axis(panel.YScale, panel.Series.SelectMany(s => s.Y.Concat(s.Lower ?? []).Concat(s.Upper ?? []))
            .Concat(panel.Series.Where(s => s.Kind == SeriesKind.Histogram && panel.YScale == Scale.Linear).Select(_ => 0.0))
            .Concat(panel.Marks.Where(m => m.Kind == MarkKind.HorizontalLine).Select(m => m.From)));
        var (left, top) = (ox + Left, oy + Top);
        var (w, h) = (PanelWidth - Left - Right, PanelHeight - Top - Bottom);
        double Px(double v) => left + w * x.Fraction(v);
        double Py(double v) => top + h * (1 - y.Fraction(v));
        var clip = $"clip{index}";

        svg.Append($"<g>\n<title>{Escape(panel.Title)}</title>\n");
        svg.Append($"<clipPath id=\"{clip}\"><rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(w)}\" height=\"{N(h)}\"/></clipPath>\n");
        svg.Append($"<text x=\"{N(left + w / 2)}\" y=\"{N(oy + 16)}\" text-anchor=\"middle\" font-size=\"12\">{Escape(panel.Title)}</text>\n");
        foreach (var t in x.Ticks())
        {
            svg.Append($"<line x1=\"{N(Px(t))}\" y1=\"{N(top)}\" x2=\"{N(Px(t))}\" y2=\"{N(top + h)}\" stroke=\"#e5e5e5\"/>");
            svg.Append($"<text x=\"{N(Px(t))}\" y=\"{N(top + h + 14)}\" text-anchor=\"middle\">{Escape(Axis.Label(t))}</text>\n");
        }
        foreach (var t in y.Ticks())
        {
            svg.Append($"<line x1=\"{N(left)}\" y1=\"{N(Py(t))}\" x2=\"{N(left + w)}\" y2=\"{N(Py(t))}\" stroke=\"#e5e5e5\"/>");
            svg.Append($"<text x=\"{N(left - 5)}\" y=\"{N(Py(t) + 4)}\" text-anchor=\"end\">{Escape(Axis.Label(t))}</text>\n");
        }
        svg.Append($"<rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"none\" stroke=\"#444444\"/>\n");
        svg.Append($"<text x=\"{N(left + w / 2)}\" y=\"{N(top + h + 32)}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>\n");
        svg.Append($"<text transform=\"translate({N(ox + 14)} {N(top + h / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(panel.YLabel)}</text>\n");

        svg.Append($"<g clip-path=\"url(#{clip})\">\n");
        foreach (var mark in panel.Marks)
        {
            var k = IndexOf(labels, mark.Label);
            var colour = k < 0 ? "#777777" : Palette.Colour(k);
            switch (mark.Kind)
            {
                case MarkKind.VerticalBand when x.Accepts(mark.From) && x.Accepts(mark.To):
                    svg.Append($"<rect x=\"{N(Px(mark.From))}\" y=\"{N(top)}\" width=\"{N(Px(mark.To) - Px(mark.From))}\" height=\"{N(h)}\" fill=\"{colour}\" fill-opacity=\"0.15\"/>\n");
                    break;
                case MarkKind.VerticalLine when x.Accepts(mark.From):
                    svg.Append($"<line x1=\"{N(Px(mark.From))}\" y1=\"{N(top)}\" x2=\"{N(Px(mark.From))}\" y2=\"{N(top + h)}\" stroke=\"{colour}\" stroke-width=\"1.5\"{DashAttribute(Math.Max(k, 1))}/>\n");
                    break;
                case MarkKind.HorizontalLine when y.Accepts(mark.From):
                    svg.Append($"<line x1=\"{N(left)}\" y1=\"{N(Py(mark.From))}\" x2=\"{N(left + w)}\" y2=\"{N(Py(mark.From))}\" stroke=\"{colour}\" stroke-width=\"1.5\"{DashAttribute(Math.Max(k, 1))}/>\n");
                    break;
            }
        }
        foreach (var s in panel.Series)
        {
            var k = IndexOf(labels, s.Label);
            var colour = Palette.Colour(Math.Max(k, 0));
            switch (s.Kind)
            {
                case SeriesKind.Histogram:
                    var baseline = y.Scale == Scale.Log ? Py(Math.Pow(10, -300)) : Py(0);
                    baseline = Math.Min(baseline, top + h);
                    var path = new StringBuilder();
                    for (var b = 0; b < s.Y.Length; b++)
                    {
                        if (!x.Accepts(s.X[b]) || !x.Accepts(s.X[b + 1]) || !y.Accepts(s.Y[b])) continue;
                        path.Append($"M{N(Px(s.X[b]))} {N(baseline)}V{N(Py(s.Y[b]))}H{N(Px(s.X[b + 1]))}V{N(baseline)}Z");
                    }
                    svg.Append($"<path d=\"{path}\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"{colour}\" stroke-width=\"0.8\"/>\n");
                    break;
                case SeriesKind.Band:
                    Shade(svg, s, x, y, Px, Py, colour);
                    break;
                case SeriesKind.Line:
                    if (s.Lower is not null && s.Upper is not null) Shade(svg, s, x, y, Px, Py, colour);
                    foreach (var piece in Pieces(s, x, y))
                        svg.Append($"<polyline points=\"{string.Join(" ", piece.Select(i => $"{N(Px(s.X[i]))},{N(Py(s.Y[i]))}"))}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\"{DashAttribute(Math.Max(k, 0))}/>\n");
                    break;
                case SeriesKind.Points:
                    for (var i = 0; i < s.X.Length; i++)
                    {
                        if (!x.Accepts(s.X[i]) || !y.Accepts(s.Y[i])) continue;
                        if (s.Lower is not null && s.Upper is not null && y.Accepts(s.Lower[i]) && y.Accepts(s.Upper[i]))
                            svg.Append($"<line x1=\"{N(Px(s.X[i]))}\" y1=\"{N(Py(s.Lower[i]))}\" x2=\"{N(Px(s.X[i]))}\" y2=\"{N(Py(s.Upper[i]))}\" stroke=\"{colour}\"/>");
                        // The data values ride along, so tests (and readers of the SVG) can check what was plotted.
                        svg.Append($"<circle cx=\"{N(Px(s.X[i]))}\" cy=\"{N(Py(s.Y[i]))}\" r=\"2.6\" fill=\"{colour}\" data-series=\"{Escape(s.Label)}\" data-x=\"{R(s.X[i])}\" data-y=\"{R(s.Y[i])}\"/>\n");
                    }
                    break;
            }
        }
        svg.Append("</g>\n</g>\n");
    }

    /// <summary>The region between a series' lower and upper values, where both can be drawn.</summary>
    private static void Shade(StringBuilder svg, Series s, Axis x, Axis y, Func<double, double> px, Func<double, double> py, string colour)
    {
        var band = Enumerable.Range(0, s.X.Length).Where(i => x.Accepts(s.X[i]) && y.Accepts(s.Lower![i]) && y.Accepts(s.Upper![i])).ToArray();
        if (band.Length > 1)
            svg.Append($"<polygon points=\"{string.Join(" ", band.Select(i => $"{N(px(s.X[i]))},{N(py(s.Upper![i]))}").Concat(band.Reverse().Select(i => $"{N(px(s.X[i]))},{N(py(s.Lower![i]))}")))}\" fill=\"{colour}\" fill-opacity=\"0.2\" stroke=\"none\"/>\n");
    }

    /// <summary>Runs of consecutive drawable points: a line breaks where a value cannot be drawn.</summary>
    private static IEnumerable<List<int>> Pieces(Series s, Axis x, Axis y)
    {
        var piece = new List<int>();
        for (var i = 0; i < s.X.Length; i++)
        {
            if (x.Accepts(s.X[i]) && y.Accepts(s.Y[i])) piece.Add(i);
            else if (piece.Count > 0)
            {
                if (piece.Count > 1) yield return piece;
                piece = [];
            }
        }
        if (piece.Count > 1) yield return piece;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
            if (labels[i] == label) return i;
        return -1;
    }

    private static string DashAttribute(int index) => Palette.Dash(index) is { Length: > 0 } dash ? $" stroke-dasharray=\"{dash}\"" : "";

    /// <summary>Two decimals, invariant culture, no exponent: stable text for diffs.</summary>
    private static string N(double v) => (Math.Round(v, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);   // + 0.0: no "-0"

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
