using System.Globalization;
using System.Xml.Linq;
using ReproHeavyTails.Figures;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>The SVG figure layer: well-formed, byte-stable output, readable ticks, values where they belong.</summary>
public class FigureTests
{
    private static Figure Sample()
    {
        var figure = new Figure("A <sample> & its \"title\"");
        figure.Panel("log-log", "x", "y", Scale.Log, Scale.Log)
            .Points("data", [1, 10, 100], [2, 20, 200], [0.1, 1, 10])
            .Line("fit", [1, 100], [2, 200], [1.5, 150], [2.5, 250])
            .Line("with gaps", [1, 2, 3, 4], [1, double.NaN, -1, 3])           // NaN and a negative on a log axis: skipped
            .VerticalBand(3, 30, "band")
            .Band("interval", [1, 10, 100], [1, 10, 100], [4, 40, 400])
            .HorizontalLine(50, "level");
        figure.Panel("histogram", "value", "count").Histogram("counts", [0, 1, 2, 3], [4, 1, 2]);
        return figure;
    }

    [Fact]
    public void Output_is_well_formed_escaped_and_byte_stable()
    {
        var svg = Sample().ToSvg();
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Contains("A <sample> & its \"title\"", root.Descendants().Select(e => e.Value));
        Assert.Equal(svg, Sample().ToSvg());
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("-0 ", svg);
    }

    [Fact]
    public void Points_sit_where_the_axis_ticks_say()
    {
        var svg = XDocument.Parse(Sample().ToSvg());
        XName Name(string local) => XName.Get(local, "http://www.w3.org/2000/svg");
        var point = svg.Descendants(Name("circle")).Single(c => (string?)c.Attribute("data-x") == "10");
        Assert.Equal("20", (string?)point.Attribute("data-y"));
        // The first panel's y tick labels (first in document order; drawn 4 px below their tick) are decades:
        // the point belongs at log10(20) between the "10" and "100" labels.
        var labels = svg.Descendants(Name("text")).Where(t => (string?)t.Attribute("text-anchor") == "end")
            .GroupBy(t => t.Value).ToDictionary(g => g.Key, g => double.Parse((string)g.First().Attribute("y")!, CultureInfo.InvariantCulture) - 4);
        var expected = labels["10"] + (labels["100"] - labels["10"]) * Math.Log10(2);
        Assert.Equal(expected, double.Parse((string)point.Attribute("cy")!, CultureInfo.InvariantCulture), 0.02);
    }

    [Theory]
    [InlineData(0, 1, Scale.Linear, "0 0.2 0.4 0.6 0.8 1")]
    [InlineData(1e-3, 1e3, Scale.Log, "0.001 0.01 0.1 1 10 100 1000")]
    [InlineData(0.3, 6, Scale.Log, "0.5 1 2 5")]
    [InlineData(0.01, 0.04, Scale.Log, "0.01 0.02 0.03 0.04")]
    [InlineData(1.1, 1.3, Scale.Log, "1.1 1.15 1.2 1.25 1.3")]
    public void Ticks_are_round_numbers(double low, double high, Scale scale, string expected)
    {
        var ticks = new Axis(scale, [low, high]).Ticks().Select(Axis.Label);
        Assert.Equal(expected, string.Join(" ", ticks));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e-6, "1e-6")]
    [InlineData(2.5e7, "2.5e7")]
    [InlineData(12345, "12345")]
    public void Labels_are_short(double value, string expected) => Assert.Equal(expected, Axis.Label(value));

    [Fact]
    public void A_label_keeps_its_colour_in_every_panel()
    {
        var figure = new Figure("t");
        figure.Panel("a", "x", "y").Line("GD", [0, 1], [0, 1]).Line("SGD", [0, 1], [1, 0]);
        figure.Panel("b", "x", "y").Line("SGD", [0, 1], [1, 0]);
        Assert.Equal(["GD", "SGD"], figure.Labels);
        var polylines = XDocument.Parse(figure.ToSvg()).Descendants(XName.Get("polyline", "http://www.w3.org/2000/svg")).ToArray();
        Assert.Equal(Palette.Colour(1), (string?)polylines[1].Attribute("stroke"));
        Assert.Equal(Palette.Colour(1), (string?)polylines[2].Attribute("stroke"));
    }
}
