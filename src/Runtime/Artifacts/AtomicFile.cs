namespace ReproHeavyTails.Artifacts;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so readers never see half a file. The data reach
/// the disk (fsync) before the rename, so a power loss leaves the old file or the new one, never an empty one.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
#pragma warning disable RS0030 // a temporary file's name, unique per writer; it never reaches the data
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
#pragma warning restore RS0030
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                write(stream);
            // The writer may have closed its stream; fsync applies to the file, whichever handle asks.
            using (var written = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
                written.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s); w.Write(text); });
}
