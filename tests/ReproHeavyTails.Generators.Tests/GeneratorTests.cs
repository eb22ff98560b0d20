using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

public class GeneratorTests
{
    private const string Sample = GeneratorHarness.Usings + """
        namespace Sample;
        public enum Optimizer { Gd, Adam }
        [Experiment("sample-sweep", Version = 2, Title = "A sweep", Paper = "Someone 2024")]
        [Replicates(quick: 3, paper: 10)]
        public sealed partial class Sweep
        {
            [Values(Optimizer.Gd, Optimizer.Adam)] public Optimizer Method { get; init; }
            [Quick(0.1, 1)] [Paper(0.01, 0.1, 1)] [Zip("lr")] public double LearningRate { get; init; }
            [Quick(1, 2)] [Paper(1, 2, 4)] [Zip("lr")] public int Batch { get; init; }
            [ValuesFrom(nameof(Sizes))] public long Size { get; init; }
            public static long[] Sizes(Profile profile) => profile == Profile.Quick ? new long[] { 10 } : new long[] { 10, 100 };
            public sealed record Row([property: Tolerance(1e-6, 0, "the sample sum's rounding")] double Loss, float? Alpha, string? Note, bool Ok, Optimizer Echo);
            [Run] public IEnumerable<Row> Run(RunContext context) { yield return new Row(1, null, null, true, Method); }
            [Claim("loss is finite")] public static ClaimResult Finite(ResultTable<Sweep, Row> results) => ClaimResult.Pass("ok");
            [Figure("loss")] public static ReproHeavyTails.Figures.Figure Loss(ResultTable<Sweep, Row> results) => new("Loss");
        }
        """;

    [Fact]
    public void Generated_source_matches_the_verified_snapshot_and_compiles()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(Sample);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var sources = result.Results.Single().GeneratedSources.OrderBy(s => s.HintName).ToList();
        Assert.Equal(["ExperimentCatalogue.g.cs", "Sample.Sweep.Experiment.g.cs"], sources.Select(s => s.HintName));
        foreach (var source in sources)
            Snapshot.VerifyText(source.SourceText.ToString(), Path.GetFileNameWithoutExtension(source.HintName), "cs");
    }

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
    [InlineData("RHT0019", """public record R(int A); [Experiment("x")] public partial class E { [Run] public R Run() => new(1); [Figure("f")] public static string F(ResultTable<E, R> r) => ""; }""")]
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
    public void Every_diagnostic_id_is_listed_in_the_release_tracking_file()
    {
        var listed = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var id in Enumerable.Range(1, 18).Select(i => $"RHT{i:D4}"))
            Assert.Contains(id + " |", listed);
    }

    [Fact]
    public void Pipeline_outputs_are_cached_when_an_unrelated_file_changes()
    {
        var compilation = GeneratorHarness.Compile(Sample, "class Unrelated { }");
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ExperimentGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("class Unrelated { int x; }", (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var models = result.TrackedSteps[ExperimentGenerator.ModelsStep].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(models);
        Assert.All(models, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }
}
