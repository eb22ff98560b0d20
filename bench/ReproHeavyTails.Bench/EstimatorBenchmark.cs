using System.Diagnostics;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Bench;

/// <summary>
/// The KS-chosen tail (Clauset, Shalizi &amp; Newman's scan with WeightWatcher's D) on |Student-t(3)| samples, tails
/// of 50 to n/5 points, by the runtime's scan and by a NumPy scan vectorized over each candidate's tail, on the same
/// sample (written to a file), each on one thread. Both print the chosen tail size, which must agree. sgd-tail-regime
/// scans 1.2·10⁶ snapshots per cell at its paper profile; the NumPy scan is quadratic and is run up to 10⁵.
/// </summary>
internal static class EstimatorBenchmark
{
    private const int MinTail = 50, PeerLimit = 100_000;

    public static void Run()
    {
        Console.WriteLine($"  KS-chosen tail of |Student-t(3)|, tails of {MinTail} to n/5 points, one thread each");
        Console.WriteLine($"  {"n",9} {"C# (s)",9} {"C# k",8} {"NumPy (s)",10} {"NumPy k",8} {"NumPy / C#",11}");
        foreach (var n in new[] { 20_000, 100_000, 1_200_000 })
        {
            var rng = new Rng(3);
            var sample = new double[n];
            for (var i = 0; i < n; i++) sample[i] = Math.Abs(Samplers.StudentT(rng, 3));
            var watch = Stopwatch.StartNew();
            var fit = PowerLawFit.KsScan(sample, MinTail, n / 5);
            var ours = watch.Elapsed.TotalSeconds;
            var (numpy, numpyTail) = ((double?)null, (int?)null);
            if (n <= PeerLimit)
            {
                var file = Path.GetTempFileName();
                try
                {
                    File.WriteAllBytes(file, System.Runtime.InteropServices.MemoryMarshal.AsBytes(sample.AsSpan()).ToArray());
                    using var peer = Peer.NumPy("ks_scan.py", file, $"{MinTail}", $"{n / 5}");
                    numpy = peer?.RootElement.GetProperty("seconds").GetDouble();
                    numpyTail = peer?.RootElement.GetProperty("tail_count").GetInt32();
                }
                finally
                {
                    File.Delete(file);
                }
            }
            Console.WriteLine($"  {n,9} {ours,9:0.000} {fit.TailCount,8} {(numpy is null ? "—" : $"{numpy:0.000}"),10} {(numpyTail is null ? "—" : $"{numpyTail}"),8} {(numpy is null ? "" : $"{numpy / ours:0}×"),11}");
        }
    }
}
