using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>Every diagnostic the generator assembly declares has a misuse that triggers it (RHT0022's, the analyzer's, in
/// <see cref="UnorderedEnumerationTests"/>) and a row in the release-tracking file.</summary>
public class DiagnosticTests
{
    /// <summary>The ids, read from the descriptors the Diagnostics class declares (not from a list kept by hand).</summary>
    private static IReadOnlyList<DiagnosticDescriptor> Declared { get; } = typeof(Diagnostics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    [Theory]
    [InlineData("RHT0001", """[Experiment("x")] public class E { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0002", """[Experiment("x")] public partial class E { }""")]
    [InlineData("RHT0003", """[Experiment("x")] public partial class E { [Run] public int A() => 1; [Run] public int B() => 1; }""")]
    [InlineData("RHT0004", """[Experiment("x")] public partial class E { [Run] public static int Run() => 1; }""")]
    [InlineData("RHT0004", """[Experiment("x")] public partial class E { [Run] public int Run(int seed) => 1; }""")]
    [InlineData("RHT0005", """[Experiment("x")] public partial class E { [Values(1)] public decimal P { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0006", """public record R(decimal X); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0007", """[Experiment("x")] public partial class E { [Quick(1)] public int P { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0008", """[Experiment("x")] public partial class E { [Values] public int P { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0009", """[Experiment("x")] public partial class E { [Values(1, 2)][Zip("z")] public int P { get; set; } [Values(1)][Zip("z")] public int Q { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0010", """[Experiment("x")] public partial class E { [Run] public int Run() => 1; } [Experiment("x")] public partial class F { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0011", """[Experiment("Bad Id")] public partial class E { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0011", """[Experiment("x", Version = 0)] public partial class E { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0012", """public record R(int A); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); [Claim("c")] public ClaimResult C(ResultTable<E, R> r) => ClaimResult.Pass(""); }""")]
    [InlineData("RHT0013", """[Experiment("x")] public partial class E { [Values("a")] public double P { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0014", """[Experiment("x")] public partial class E { public E(int a) { } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0015", """public class R { public R(int a) { A = a; } public int A { get; } public int B { get; } } [Experiment("x")] public partial class E { [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0016", """[Experiment("x")][Replicates(0, 1)] public partial class E { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0017", """[Experiment("x")] public partial class E { [ValuesFrom("Missing")] public int P { get; set; } [Run] public int Run() => 1; }""")]
    [InlineData("RHT0018", """public record R(int Replicate); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0020", """public record R(int A); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); [Claim("c", KnownToFailIn = "fast")] public static ClaimResult C(ResultTable<E, R> r) => ClaimResult.Pass(""); }""")]
    [InlineData("RHT0021", """[assembly: ReproducesPaper("known-2024", "Known", 2024, "A paper", "2401.00001")] [Experiment("x", Paper = "unknown-2024")] public partial class E { [Run] public int Run() => 1; }""")]
    [InlineData("RHT0019", """public record R(int A); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); [Figure("f")] public static string F(ResultTable<E, R> r) => ""; }""")]
    [InlineData("RHT0023", """public record R(int Step); [Experiment("x")] public partial class E { [Values(1.5)] [Horizon(nameof(R.Step), 1)] public double T { get; set; } [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0023", """public record R(double Step); [Experiment("x")] public partial class E { [Values(10)] [Horizon(nameof(R.Step), 1)] public int T { get; set; } [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0023", """public record R(int Step); [Experiment("x")] public partial class E { [Values(10)] [Horizon("Missing", 1)] public int T { get; set; } [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0023", """public record R(int Step); [Experiment("x")] public partial class E { [Values(10)] [Horizon(nameof(R.Step), 0)] public int T { get; set; } [Run] public R Run() => new(1); }""")]
    [InlineData("RHT0023", """public record R(int Step); [Experiment("x")] public partial class E { [Values(10)] [Horizon(nameof(R.Step), 1)] public int T { get; set; } [Values(10)] [Horizon(nameof(R.Step), 1)] public int U { get; set; } [Run] public R Run() => new(1); }""")]
    public void Each_misuse_is_a_diagnostic_with_its_stable_id_and_a_location(string id, string source)
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings + source);
        Assert.Contains(diagnostics, d => d.Id == id);
        var diagnostic = diagnostics.First(d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.DoesNotContain("{0}", diagnostic.GetMessage());
    }

    [Fact]
    public void Every_declared_diagnostic_has_a_misuse_case()
    {
        var covered = typeof(DiagnosticTests).GetMethod(nameof(Each_misuse_is_a_diagnostic_with_its_stable_id_and_a_location))!
            .GetCustomAttributes<InlineDataAttribute>().Select(a => (string)a.GetData(null!).Single()[0])
            .Union(UnorderedEnumerationTests.CoveredIds()).ToHashSet();
        Assert.NotEmpty(Declared);
        Assert.All(Declared, d => Assert.Contains(d.Id, covered));
    }

    [Fact]
    public void The_lookup_table_holds_every_declared_descriptor_once()
    {
        Assert.Equal(Declared.Select(d => d.Id), Diagnostics.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(Declared, d => Assert.Same(d, Diagnostics.ById(d.Id)));
    }

    [Fact]
    public void The_release_tracking_file_lists_exactly_the_declared_diagnostics()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Generators", "AnalyzerReleases.Unshipped.md"));
        var rows = Regex.Matches(text, @"^(RHT\d{4}) \| (\S+) \| (\S+) \| (.+?)\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Category: m.Groups[2].Value, Severity: m.Groups[3].Value, Title: m.Groups[4].Value));
        Assert.Equal(Declared.Select(d => d.Id), rows.Keys.OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(Declared, d => Assert.Equal((d.Category, d.DefaultSeverity.ToString(), d.Title.ToString()), rows[d.Id]));
    }
}
