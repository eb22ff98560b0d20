using System.Diagnostics;

namespace ReproHeavyTails.Framework;

/// <summary>One timed work item: the process's CPU time and the wall time it took, run alone.</summary>
public readonly struct ItemTiming(int item, double cpuSeconds, double wallSeconds)
{
    public int Item { get; } = item;

    public double CpuSeconds { get; } = cpuSeconds;

    public double WallSeconds { get; } = wallSeconds;
}

/// <summary>
/// What a run of every work item of an experiment at a profile will cost, extrapolated from a deterministic sample of
/// its items (<see cref="ItemSelection.Sample"/>) timed one at a time. Time is CPU time, which a machine shared with
/// other work inflates less than wall time. Memory is the process's working set before the first item (the baseline)
/// plus the largest increase one item caused, in the working set or in the managed heap (which, unlike the working set,
/// shrinks again after a collection, so memory an earlier experiment left committed does not hide an item's need).
/// </summary>
public sealed class CostEstimate(string experiment, int items, IReadOnlyList<ItemTiming> timed, long baselineBytes, long peakBytes)
{
    public string Experiment { get; } = experiment;

    /// <summary>Every work item of the profile's grid.</summary>
    public int Items { get; } = items;

    public IReadOnlyList<ItemTiming> Timed { get; } = timed.Count > 0 ? timed : throw new ArgumentException("No item was timed.", nameof(timed));

    public long BaselineBytes { get; } = baselineBytes;

    /// <summary>The memory with one item in flight: the baseline plus the largest increase an item caused.</summary>
    public long PeakBytes { get; } = peakBytes;

    /// <summary>A run shorter than this (wall, on this machine) is recommended locally whatever else is available.</summary>
    public static readonly TimeSpan LocalLimit = TimeSpan.FromHours(1);

    public double MeanItemSeconds => Timed.Average(t => t.CpuSeconds);

    public double LongestItemSeconds => Timed.Max(t => t.CpuSeconds);

    /// <summary>The estimated CPU time of every item: items × the mean timed item.</summary>
    public double CpuSeconds => Items * MeanItemSeconds;

    /// <summary>
    /// The standard error of <see cref="CpuSeconds"/> relative to it: the timed items' standard deviation s over √n, with the
    /// finite-population correction √(1 − n/N) (0 when every item was timed); NaN when a single item of several was. For a
    /// simple random sample without replacement, which the hash-ranked choice approximates, s²(1 − n/N)/n is unbiased for
    /// the variance of the mean.
    /// </summary>
    public double RelativeError
    {
        get
        {
            var n = Timed.Count;
            if (n >= Items) return 0;
            if (n < 2) return double.NaN;
            var mean = MeanItemSeconds;
            if (mean == 0) return 0;
            var sd = Math.Sqrt(Timed.Sum(t => (t.CpuSeconds - mean) * (t.CpuSeconds - mean)) / (n - 1));
            return sd / Math.Sqrt(n) * Math.Sqrt(1 - (double)n / Items) / mean;
        }
    }

    /// <summary>
    /// The wall time on <paramref name="workers"/> cores, each running one item at a time (how the host and a Slurm array
    /// run them): ⌈items / workers⌉ rounds of the mean item, and never less than the longest item timed.
    /// </summary>
    public double WallSeconds(int workers) =>
        Math.Max(Math.Ceiling((double)Items / Math.Max(1, workers)) * MeanItemSeconds, LongestItemSeconds);

    /// <summary>The working set with <paramref name="threads"/> items in flight: the baseline plus each item's increase over it.</summary>
    public long PeakBytesAt(int threads) => BaselineBytes + Math.Min(threads, Items) * Math.Max(0, PeakBytes - BaselineBytes);

    /// <summary>
    /// Where to run: locally when this machine's <paramref name="cores"/> finish within <see cref="LocalLimit"/> and its
    /// memory holds that many items at once; else on the cluster when an allocation is given that is at least twice as
    /// fast, else locally in shards over several sittings. Memory that does not fit says how many threads do.
    /// </summary>
    public string Recommend(int cores, long availableBytes, int? clusterCores)
    {
        var threads = Math.Min(cores, Items);
        var increment = Math.Max(1, PeakBytes - BaselineBytes);
        var fitting = (int)Math.Clamp((availableBytes - BaselineBytes) / increment, 0, threads);
        if (fitting == 0) return "cluster: one item needs more memory than this machine has";
        var memory = fitting < threads ? $"; memory holds {fitting} items at once here: --threads {fitting}" : "";
        var local = WallSeconds(fitting);
        if (local <= LocalLimit.TotalSeconds) return "local" + memory;
        if (clusterCores is { } c && 2 * WallSeconds(c) <= local) return "cluster" + memory;
        return (clusterCores is null ? "cluster, or local in shards (--shard k/N) over sittings; give --slurm-nodes/--slurm-cores to compare"
            : "local in shards (--shard k/N) over sittings: the allocation is not twice as fast") + memory;
    }

    /// <summary>Times a deterministic sample of <paramref name="sample"/> work items one at a time, on this thread, writing nothing.</summary>
    public static CostEstimate Measure(ExperimentDefinition definition, Profile profile, int sample, Action<ItemTiming>? timed = null,
        CancellationToken cancellation = default)
    {
        var grid = definition.CreateGrid(profile);
        var replicates = definition.Replicates(profile);
        var items = ItemSelection.Sample(sample).Resolve(definition, grid, replicates);
        var settings = new RunSettings(profile, RunSettings.DefaultSeed, cancellation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = Environment.WorkingSet;
        var gate = new object();
        var (heapPeak, workingSetPeak, increase) = (0L, 0L, 0L);
        void Sample()
        {
            lock (gate) (heapPeak, workingSetPeak) = (Math.Max(heapPeak, GC.GetTotalMemory(false)), Math.Max(workingSetPeak, Environment.WorkingSet));
        }
        using var stop = new ManualResetEventSlim();
        // Sampled every 10 ms while the items run: a peak shorter than that may be missed.
        var watcher = new Thread(() =>
        {
            do Sample();
            while (!stop.Wait(10));
        }) { IsBackground = true };
        watcher.Start();
        var timings = new List<ItemTiming>();
        using var process = Process.GetCurrentProcess();
        try
        {
            foreach (var item in items)
            {
                cancellation.ThrowIfCancellationRequested();
                var (heapStart, workingSetStart) = (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
                lock (gate) (heapPeak, workingSetPeak) = (heapStart, workingSetStart);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var cell = grid.Cells[item / replicates];
                try { definition.RunItem(cell, item % replicates, settings, null); }
                catch (Exception e) when (e is not (ExperimentException or OperationCanceledException))
                {
                    throw new ExperimentException($"{definition.Id}: cell ({cell.Describe()}), replicate {item % replicates} failed: {e.GetType().Name}: {e.Message}", e);
                }
                clock.Stop();
                Sample();
                lock (gate) increase = Math.Max(increase, Math.Max(heapPeak - heapStart, workingSetPeak - workingSetStart));
                process.Refresh();
                var timing = new ItemTiming(item, (process.TotalProcessorTime - cpu).TotalSeconds, clock.Elapsed.TotalSeconds);
                timings.Add(timing);
                timed?.Invoke(timing);
            }
        }
        finally
        {
            stop.Set();
            watcher.Join();
        }
        return new CostEstimate(definition.Id, grid.Cells.Count * replicates, timings, baseline, baseline + increase);
    }
}
