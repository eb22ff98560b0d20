using System.Globalization;
using System.Xml.Linq;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>Figures and the report, drawn from the stored quick-profile artifacts.</summary>
public class ReportTests
{
    public static TheoryData<string> Experiments => new(ExperimentCatalogue.All.Select(d => d.Id));

    private static IReadOnlyList<(FigureInfo Info, string Svg)> Draw(ExperimentDefinition definition)
    {
        var stored = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
        using var reader = ParquetReader.Open(stored);
        return definition.DrawFigures(reader.ReadAll()).Select(f => (f.Info, f.Figure.ToSvg())).ToArray();
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Every_experiment_has_well_formed_byte_stable_figures(string id)
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == id);
        var figures = Draw(definition);
        Assert.NotEmpty(figures);
        foreach (var (info, svg) in figures)
        {
            var root = XDocument.Parse(svg).Root!;
            Assert.Equal("svg", root.Name.LocalName);
            Assert.True(root.Descendants().Count(e => e.Name.LocalName is "polyline" or "circle" or "path") > 0, $"{id}/{info.Name} draws no data");
            Assert.DoesNotContain("NaN", svg);
        }
        Assert.Equal(figures.Select(f => f.Svg), Draw(definition).Select(f => f.Svg));
    }

    /// <summary>The SGD marker at η = 0.01 of sde-tracking's figure carries the artifact's weak error and sits where the y ticks put that value.</summary>
    [Fact]
    public void A_plotted_point_matches_the_artifact()
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == "sde-tracking");
        var stored = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
        using var reader = ParquetReader.Open(stored);
        var row = AdaptiveSdes.SdeTracking.Definition.ReadResults(reader.ReadAll()).Completed
            .Single(r => r.Cell.Optimizer == AdaptiveSdes.OptimizerKind.Sgd && r.Cell.LearningRate == 0.01).Row;
        var svg = XDocument.Parse(Draw(definition).Single().Svg);
        var point = svg.Descendants().Single(e => e.Name.LocalName == "circle" && (string?)e.Attribute("data-series") == "Sgd" && (string?)e.Attribute("data-x") == "0.01");
        Assert.Equal(row.WeakError, double.Parse((string)point.Attribute("data-y")!, CultureInfo.InvariantCulture));
        var ticks = svg.Descendants().Where(e => e.Name.LocalName == "text" && (string?)e.Attribute("text-anchor") == "end")
            .Select(t => (Value: double.Parse(t.Value, CultureInfo.InvariantCulture), Y: double.Parse((string)t.Attribute("y")!, CultureInfo.InvariantCulture) - 4))
            .OrderBy(t => t.Value).ToArray();
        var (a, b) = (ticks[0], ticks[^1]);
        var expected = a.Y + (b.Y - a.Y) * (Math.Log10(row.WeakError) - Math.Log10(a.Value)) / (Math.Log10(b.Value) - Math.Log10(a.Value));
        Assert.Equal(expected, double.Parse((string)point.Attribute("cy")!, CultureInfo.InvariantCulture), 0.05);
    }

    [Fact]
    public void The_report_lists_every_claim_and_figure_and_is_byte_stable()
    {
        using var first = RepositoryPaths.CreateTemp();
        using var second = RepositoryPaths.CreateTemp();
        var summary = ReproductionReport.Write(ExperimentCatalogue.All, RepositoryPaths.Artifacts, Profile.Quick, first.Path);
        ReproductionReport.Write(ExperimentCatalogue.All, RepositoryPaths.Artifacts, Profile.Quick, second.Path);

        var claims = ExperimentCatalogue.All.Sum(d => d.Claims.Count);
        var figures = ExperimentCatalogue.All.Sum(d => d.Figures.Count);
        Assert.Equal((ExperimentCatalogue.All.Count, 0, 0, figures, claims, 0), (summary.Experiments, summary.Missing, summary.Unreadable, summary.Figures, summary.Passed + summary.KnownFailures, summary.Unexpected));
        var html = File.ReadAllText(Path.Combine(first.Path, "index.html"));
        Assert.Equal(figures, html.Split("<svg ").Length - 1);
        var markdown = File.ReadAllText(Path.Combine(first.Path, "README.md"));
        foreach (var definition in ExperimentCatalogue.All)
            foreach (var figure in definition.Figures)
            {
                var file = ReproductionReport.FigureFile(definition, figure);
                Assert.Contains($"(figures/{file})", markdown);
                Assert.True(File.Exists(Path.Combine(first.Path, "figures", file)));
            }
        // Each paper's table gives every experiment one status row, with its claims counted.
        var statusRows = System.Text.RegularExpressions.Regex.Matches(markdown,
                @"^\| (\S+) \| .+ \| (reproduced|partial|fails|fails as recorded|not claimed|no artifact) \| (\d+) of (\d+) \| \d+ \| \d+ \|$",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value.Replace("\\", ""), m => (Status: m.Groups[2].Value, Claims: int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(ExperimentCatalogue.All.Select(d => d.Id).Order(StringComparer.Ordinal), statusRows.Keys.Order(StringComparer.Ordinal));
        Assert.All(ExperimentCatalogue.All, d => Assert.Equal(d.Claims.Count, statusRows[d.Id].Claims));
        Assert.All(ExperimentCatalogue.All.Where(d => d.Claims.Count == 0), d => Assert.Equal("not claimed", statusRows[d.Id].Status));
        foreach (var file in Directory.GetFiles(first.Path, "*", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second.Path, Path.GetRelativePath(first.Path, file))));
    }

    [Fact]
    public void The_paper_report_sets_every_claim_beside_its_verdict_at_the_quick_profile()
    {
        using var folder = RepositoryPaths.CreateTemp();
        ReproductionReport.Write(ExperimentCatalogue.All, RepositoryPaths.Artifacts, Profile.Paper, folder.Path);
        var markdown = File.ReadAllText(Path.Combine(folder.Path, "README.md"));
        var section = markdown[markdown.IndexOf("## Quick and published scale", StringComparison.Ordinal)..markdown.IndexOf("## Claims", StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split(" | ").Select(c => c.Trim('|', ' ').Replace("\\", "")).ToArray()).ToArray();
        Assert.Equal(ExperimentCatalogue.All.Sum(d => d.Claims.Count), rows.Length);

        // The reading of each claim follows from the two stored artifacts, checked here independently of the report.
        string? Verdict(ExperimentDefinition d, Profile profile, string claim)
        {
            var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, d, profile), ArtifactLayout.ResultsFile);
            return File.Exists(file) ? ClaimCheck.Check(d, file).Single(c => c.Claim == claim).Passed ? "holds" : "fails" : null;
        }
        var row = 0;
        foreach (var d in ExperimentCatalogue.All.OrderBy(d => d.Paper?.Citation ?? "", StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal))
            foreach (var claim in d.Claims)
            {
                var (quick, paper) = (Verdict(d, Profile.Quick, claim.Name), Verdict(d, Profile.Paper, claim.Name));
                var expected = (quick, paper) switch
                {
                    (_, null) => "not run at the published scale",
                    ("holds", "holds") => "holds at both scales",
                    ("fails", "holds") => "holds only at the published scale",
                    ("holds", "fails") => "holds only at the quick scale",
                    _ => "fails at both scales",
                };
                Assert.Equal((d.Id, expected), (rows[row][0], rows[row][4]));
                row++;
            }
        Assert.Contains(rows, r => r[4] != "not run at the published scale");
    }
}
