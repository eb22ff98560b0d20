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
    /// Completed rows are saved to the journal at least this often (rows); besides, the first completed item is saved
    /// at once and later ones within a quarter of the run's elapsed time, at most five seconds.
    /// </summary>
    public int ChunkRows { get; init; } = 100_000;

    public ParquetWriterOptions Parquet { get; init; } = new();
}
