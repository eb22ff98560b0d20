namespace ReproHeavyTails.Framework;

/// <summary>
/// The locks of a run folder, held by open files (flock on Unix); the OS releases them if the process dies,
/// so a killed run never leaves a stale lock. The folder lock <c>.lock</c> is taken exclusively by an unsharded
/// run and by a merge, and shared by every shard, so a sharded and an unsharded run never write the same
/// folder at once; each shard also holds its own exclusive lock, so one shard never runs twice, and shards open the
/// journal one at a time (<c>journal.lock</c>). Lock files
/// stay in place (git ignores <c>*.lock</c>): deleting a lock file while another process opens it would let
/// two processes lock two different files of the same name.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private const string FolderLock = ".lock";
    private const string ShardPrefix = "shard-", JournalLock = "journal.lock";
    private readonly FileStream[] _files;

    private RunLock(params FileStream[] files) => _files = files;

    /// <summary>
    /// A file held with FileShare.None by another process: ERROR_SHARING_VIOLATION on Windows, the lock's EWOULDBLOCK
    /// errno (11 on Linux, 35 on macOS) elsewhere. Any other error (a read-only or full file system) is not a lock.
    /// </summary>
    private static bool IsSharingViolation(IOException e) => e.HResult is unchecked((int)0x80070020) or 11 or 35;

    private static string ShardLock(ShardSpec shard) => $"{ShardPrefix}{shard.Index}-of-{shard.Count}.lock";

    /// <summary>Whether a live process runs this shard (a lock file left by a killed process is not held).</summary>
    public static bool IsHeld(string directory, ShardSpec shard) => IsHeld(Path.Combine(directory, ShardLock(shard)));

    /// <summary>Locks the folder for a run: exclusively when unsharded, shared with other shards when sharded.</summary>
    public static RunLock Acquire(string directory, ShardSpec? shard)
    {
        if (shard is not { } s) return new RunLock(Take(directory, FolderLock, exclusive: true, "a shard, a run or a merge"));
        var own = Take(directory, ShardLock(s), exclusive: true, $"shard {s}");
        try
        {
            return new RunLock(own, Take(directory, FolderLock, exclusive: false, "an unsharded run or a merge"));
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>Locks the folder for a merge: no run of any shard may be writing to it.</summary>
    public static RunLock AcquireForMerge(string directory) => new(Take(directory, FolderLock, exclusive: true, "a shard, a run or another merge"));

    /// <summary>
    /// Locks the opening of the folder's journal, waiting for its turn: shards that start together (an array job) open,
    /// check and create the journal one at a time, so none discards a journal another has just created.
    /// </summary>
    public static RunLock AcquireJournal(string directory)
    {
        var path = Path.Combine(directory, JournalLock);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                Thread.Sleep(20);
            }
            catch (IOException)
            {
                throw new ExperimentException($"Another repro run has held {JournalLock} in {directory} for a minute; is a process hanging there?");
            }
        }
    }

    /// <summary>The shards other than <paramref name="own"/> that a live process is running in the folder now.</summary>
    public static IReadOnlyList<string> OtherRunningShards(string directory, ShardSpec own) =>
        Directory.EnumerateFiles(directory, ShardPrefix + "*.lock")
            .Where(path => Path.GetFileName(path) != ShardLock(own) && IsHeld(path))
            .Select(path => Path.GetFileNameWithoutExtension(path)[ShardPrefix.Length..].Replace("-of-", "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    private static bool IsHeld(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }

    private static FileStream Take(string directory, string name, bool exclusive, string holder)
    {
        try
        {
            // An exclusive lock is flock(LOCK_EX); a read-only handle that shares reading and writing is flock(LOCK_SH).
            return exclusive
                ? new FileStream(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new ExperimentException($"Another repro run ({holder}) is writing to {directory} (it holds {name}); wait for it or choose another --runs folder.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException($"Cannot write to {directory}: {e.Message}"); // a read-only or full file system, not a lock
        }
    }

    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
    }
}
