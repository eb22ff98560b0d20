using ReproHeavyTails.Bench;

// Usage: dotnet run -c Release --project bench/ReproHeavyTails.Bench -- [benchmark ...]
// With no arguments every benchmark runs. Each prints its own numbers beside its peer's.
var benchmarks = new Dictionary<string, Action>
{
    ["parquet"] = ParquetBenchmark.Run,
    ["paper1"] = PaperOneBenchmark.Run,
    ["paper2"] = PaperTwoBenchmark.Run,
    ["estimators"] = EstimatorBenchmark.Run,
};
var chosen = args.Length == 0 ? benchmarks.Keys.ToArray() : args;
foreach (var name in chosen)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"error: unknown benchmark '{name}'; known: {string.Join(", ", benchmarks.Keys)}");
        return 2;
    }
    Console.WriteLine($"== {name} ==");
    run();
    Console.WriteLine();
}
return 0;
