using System.Diagnostics;
using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;

namespace ReproHeavyTails.Bench;

/// <summary>
/// Paper 1 at its published scale. (1) GSZ's SGD simulation, one cell at a time (1600 runs × 1000
/// iterations, n = 10⁴, d = 100), by the project's simulator and by a NumPy implementation vectorized
/// over runs, each on one thread. (2) The paper profile's wall time: sgd-tail-gsz run in full on all
/// cores; the other paper-1 experiments estimated from one shard each (shard time × shard count).
/// </summary>
internal static class PaperOneBenchmark
{
    private const int Samples = 10_000, Dimension = 100, Runs = 1600, Iterations = 1000;

    public static void Run()
    {
        Console.WriteLine($"  GSZ cell: n = {Samples}, d = {Dimension}, {Runs} runs × {Iterations} iterations, one thread each");
        Console.WriteLine($"  {"B",3} {"γ",6} {"C# (s)",9} {"NumPy (s)",10} {"NumPy / C#",11}");
        var data = FiniteDataSgd.Gaussian(Samples, Dimension, 1, 3, 3, 0, new Rng(1));
        foreach (var (batch, gamma) in new[] { (1, 0.02), (5, 0.1), (20, 0.2) })
        {
            var watch = Stopwatch.StartNew();
            data.Run(gamma, batch, Runs, Iterations, Iterations / 2, 5, new Rng(2));
            var ours = watch.Elapsed.TotalSeconds;
            using var peer = Peer.NumPy("gsz_sgd.py", $"{Samples}", $"{Dimension}", $"{Runs}", $"{Iterations}", $"{batch}", $"{gamma}", "3");
            var numpy = peer?.RootElement.GetProperty("seconds").GetDouble();
            Console.WriteLine($"  {batch,3} {gamma,6} {ours,9:0.00} {(numpy is null ? "—" : $"{numpy:0.00}"),10} {(numpy is null ? "" : $"{numpy / ours:0.0}×"),11}");
        }

        Console.WriteLine();
        Console.WriteLine($"  paper profile on {Environment.ProcessorCount} threads:");
        var total = 0.0;
        foreach (var (id, shards) in new[] { ("sgd-tail-gsz", 1), ("hsgd-tail-bounds", 48), ("student-t-vs-stable", 5), ("estimator-calibration", 100) })
        {
            var definition = ExperimentCatalogue.All.Single(d => d.Id == id);
            var folder = Directory.CreateTempSubdirectory("rht-bench-");
            try
            {
                var request = new RunRequest(Profile.Paper, folder.FullName) { Shard = shards > 1 ? new ShardSpec(1, shards) : null };
                var watch = Stopwatch.StartNew();
                var summary = ExperimentHost.Run(definition, request);
                var seconds = watch.Elapsed.TotalSeconds * shards;
                total += seconds;
                var how = shards > 1 ? $"estimated from shard 1/{shards} ({summary.Executed} of {definition.CreateGrid(Profile.Paper).Cells.Count * definition.Replicates(Profile.Paper)} items)" : "measured";
                Console.WriteLine($"  {id,-24} {Format(seconds),10}  {how}");
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }
        Console.WriteLine($"  {"paper 1 in total",-24} {Format(total),10}");
    }

    private static string Format(double seconds) => seconds < 120 ? $"{seconds:0} s" : seconds < 7200 ? $"{seconds / 60:0.0} min" : $"{seconds / 3600:0.0} h";
}
