namespace ReproHeavyTails.Generators.Tests;

/// <summary>Experiment sources the tests share.</summary>
internal static class Samples
{
    /// <summary>Every kind of parameter source, a zip group, a sequence-returning run, a record row, a claim and a figure.</summary>
    public const string Sweep = GeneratorHarness.Usings + """
        [assembly: ReproducesPaper("someone-2024", "Someone", 2024, "A paper", "2401.00001")]
        namespace Sample;
        public enum Optimizer { Gd, Adam }
        [Experiment("sample-sweep", Version = 2, Title = "A sweep", Paper = "someone-2024", Aspect = "a part")]
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
}
