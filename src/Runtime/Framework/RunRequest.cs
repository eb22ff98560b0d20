using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Framework;

/// <summary>How to run an experiment: profile, output root, grid overrides, seed, threads, shard.</summary>
public sealed record RunRequest(Profile Profile, string OutputRoot)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Overrides { get; init; }

    public ulong Seed { get; init; } = RunSettings.DefaultSeed;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public ShardSpec? Shard { get; init; }

    /// <summary>Another run folder, or a saved copy of one, whose journal (.partial) the run resumes from; null: its own folder's only.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Chosen work items only (null: every item); the run is a partial artifact in a folder of its own.</summary>
    public ItemSelection? Items { get; init; }

    /// <summary>
    /// The profile's own grid at the default seed, every item: the only configuration whose results may stand as reference
    /// artifacts. Any other seed, grid or selection of items runs into a folder of its own (named by its hash).
    /// </summary>
    public bool IsReference => ComparableWithReference && Items is null;

    /// <summary>The profile's own grid at the default seed, every item or chosen ones: its rows are comparable with the stored reference's.</summary>
    public bool ComparableWithReference => Overrides is null or { Count: 0 } && Seed == RunSettings.DefaultSeed;

    /// <summary>
    /// Completed rows are saved to the journal at least this often (rows); besides, the first completed item is saved
    /// at once and later ones within a quarter of the run's elapsed time, at most five seconds.
    /// </summary>
    public int ChunkRows { get; init; } = 100_000;

    public ParquetWriterOptions Parquet { get; init; } = new();
}
