using ReproHeavyTails.Artifacts;

namespace ReproHeavyTails.Framework;

/// <summary>One shard of a sharded run: its work items, how many are done, and whether a process is running it now.</summary>
public sealed record ShardStatus(ShardSpec Shard, int Items, int Done, bool Running)
{
    public int Missing => Items - Done;

    public string State => Done == Items ? "done" : Running ? "running" : "missing";

    /// <summary>The status of every shard of an N-way split of the run in <paramref name="runDirectory"/>.</summary>
    public static IReadOnlyList<ShardStatus> Of(string runDirectory, int shards)
    {
        if (shards < 1) throw new ExperimentException("--shards must be at least 1.");
        var journal = RunJournal.OpenExisting(runDirectory, out var total, out _);
        return Enumerable.Range(1, shards).Select(k =>
        {
            var shard = new ShardSpec(k, shards);
            var owned = Enumerable.Range(0, total).Where(shard.Owns).ToArray();
            return new ShardStatus(shard, owned.Length, owned.Count(journal.IsCompleted), RunLock.IsHeld(runDirectory, shard));
        }).ToArray();
    }
}
