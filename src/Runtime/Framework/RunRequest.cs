using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Framework;

/// <summary>How to run an experiment: profile, output root, grid overrides, seed, threads, shard.</summary>
public sealed record RunRequest(Profile Profile, string OutputRoot)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Overrides { get; init; }

    public ulong Seed { get; init; } = RunSettings.DefaultSeed;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public ShardSpec? Shard { get; init; }

    /// <summary>
    /// The profile's own grid at the default seed: the only configuration whose results may stand as reference
    /// artifacts. Any other seed or grid runs into a folder of its own (named by its hash).
    /// </summary>
    public bool IsReference => Overrides is null or { Count: 0 } && Seed == RunSettings.DefaultSeed;

    /// <summary>
    /// Completed rows are saved to the journal at least this often (rows); besides, the first completed item is saved
    /// at once and later ones within a quarter of the run's elapsed time, at most five seconds.
    /// </summary>
    public int ChunkRows { get; init; } = 100_000;

    public ParquetWriterOptions Parquet { get; init; } = new();
}
