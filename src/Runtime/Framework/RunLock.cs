namespace ReproHeavyTails.Framework;

/// <summary>
/// An exclusive lock on a run folder (one per shard), held by an open file with no sharing; the OS
/// releases it if the process dies, so a killed run never leaves a stale lock.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    public static RunLock Acquire(string directory, ShardSpec? shard)
    {
        var name = shard is { } s ? $".lock.shard-{s.Index}-of-{s.Count}" : ".lock";
        var path = Path.Combine(directory, name);
        try
        {
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            throw new ExperimentException($"Another repro run is writing to {directory} (it holds {name}); wait for it or choose another --out.");
        }
    }

    public void Dispose() => _file.Dispose();
}
