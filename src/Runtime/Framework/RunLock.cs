namespace ReproHeavyTails.Framework;

/// <summary>
/// An exclusive lock on a run folder (one per shard), held by an open file with no sharing; the OS
/// releases it if the process dies, so a killed run never leaves a stale lock.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>
    /// A file held with FileShare.None by another process: ERROR_SHARING_VIOLATION on Windows, the lock's EWOULDBLOCK
    /// errno (11 on Linux, 35 on macOS) elsewhere. Any other error (a read-only or full file system) is not a lock.
    /// </summary>
    private static bool IsSharingViolation(IOException e) => e.HResult is unchecked((int)0x80070020) or 11 or 35;

    private static string Name(ShardSpec? shard) => shard is { } s ? $".lock.shard-{s.Index}-of-{s.Count}" : ".lock";

    /// <summary>Whether a live process holds the lock (a lock file left by a killed process is not held).</summary>
    public static bool IsHeld(string directory, ShardSpec? shard)
    {
        var path = Path.Combine(directory, Name(shard));
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static RunLock Acquire(string directory, ShardSpec? shard)
    {
        var name = Name(shard);
        var path = Path.Combine(directory, name);
        try
        {
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new ExperimentException($"Another repro run is writing to {directory} (it holds {name}); wait for it or choose another --runs folder.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException($"Cannot write to {directory}: {e.Message}"); // a read-only or full file system, not a lock
        }
    }

    public void Dispose() => _file.Dispose();
}
