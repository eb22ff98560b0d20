using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>
/// One snapshot per scenario, Verify's way: Snapshots/{Class}.{Method}.verified.cs holds the generator's diagnostics
/// and every file it generated; a difference leaves a git-ignored .received.cs beside it (accept: REPRO_ACCEPT=1).
/// </summary>
public class GeneratorSnapshotTests
{
    [Fact]
    public void Sweep_with_every_parameter_source() => VerifyCompiling(Samples.Sweep);

    [Fact]
    public void Nested_experiment_in_the_global_namespace_with_a_settable_row() => VerifyCompiling(GeneratorHarness.Usings + """
        public partial class Outer
        {
            public enum Mode { Fast, Careful }
            [Experiment("nested-walk")]
            public partial class Walk
            {
                [Values("a", "b \"quoted\"")] public string Label { get; set; } = "";
                [Values(true, false)] public bool Centered { get; set; }
                [Quick(0.5f, float.NaN)] [Paper(double.PositiveInfinity, -1e-300)] public float Scale { get; set; }
                [ValuesFrom(nameof(Modes))] public Mode Pace { get; set; }
                [ValuesFrom(nameof(Lengths))] public long Length { get; set; }
                public static Mode[] Modes => new[] { Mode.Careful };
                public static readonly List<long> Lengths = new() { 1L << 40 };
                public sealed class Row { public int Steps { get; set; } public Mode? Seen { get; set; } public long? Total { get; set; } }
                [Run] public Row Run() => new() { Steps = 1 };
            }
        }
        """);

    [Fact]
    public void Misuse_reports_every_problem_and_generates_no_definition() => Verify(GeneratorHarness.Usings + """
        namespace Sample;
        [Experiment("Not An Id", Version = 0)]
        [Replicates(0, 2)]
        public partial class Broken
        {
            [Values(1.5)] public int Count { get; set; }
            [Quick(1)] public int OnlyQuick { get; set; }
            [ValuesFrom("Nowhere")] public double Missing { get; set; }
            public sealed record Row(int Replicate, decimal Price);
            [Run] public Row Run(RunContext context) => new(0, 0);
            [Claim("c", KnownToFailIn = "fast")] public static ClaimResult C(ResultTable<Broken, Row> r) => ClaimResult.Pass("");
            [Figure("f")] public string F(ResultTable<Broken, Row> r) => "";
        }
        """);

    [Fact]
    public void Duplicate_ids_are_reported_on_the_later_experiment_and_catalogued_once() => VerifyFiles([
        GeneratorHarness.Usings + """[Experiment("same")] public partial class A { [Run] public int Run() => 1; }""",
        GeneratorHarness.Usings + """[Experiment("same")] public partial class B { [Run] public int Run() => 2; }"""]);

    [Fact]
    public void Every_verified_snapshot_belongs_to_a_scenario()
    {
        var scenarios = typeof(GeneratorSnapshotTests).GetMethods().Where(m => m.IsDefined(typeof(FactAttribute), false))
            .Select(m => $"{nameof(GeneratorSnapshotTests)}.{m.Name}.verified.cs").ToHashSet();
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "ReproHeavyTails.Generators.Tests", "Snapshots");
        Assert.All(Directory.GetFiles(folder, "*.verified.*"), file => Assert.Contains(Path.GetFileName(file), scenarios));
    }

    private static void VerifyCompiling(string source, [CallerMemberName] string scenario = "")
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        VerifyFiles([source], scenario);
    }

    private static void Verify(string source, [CallerMemberName] string scenario = "") => VerifyFiles([source], scenario);

    private static void VerifyFiles(string[] sources, [CallerMemberName] string scenario = "") =>
        Snapshot.VerifyText(GeneratorHarness.Describe(GeneratorHarness.Run(sources).Result), $"{nameof(GeneratorSnapshotTests)}.{scenario}", "cs");
}
