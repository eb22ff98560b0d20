using System.Globalization;
using System.Text.Json;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The .partial folder of a run: completed work items saved as chunk files while the run goes on, so
/// an interrupted run (or a preempted shard) resumes where it stopped, and shards that share the
/// folder merge into one table. Each chunk records which items it holds and their row counts.
/// </summary>
public sealed class RunJournal
{
    private const string RunFile = "run.json";
    private const string ItemsKey = "repro.items", RunKey = "repro.run", HashKey = "repro.chunk_hash";
    private readonly string _folder;
    private readonly string _fingerprint;
    private readonly int _totalItems;
    private readonly Dictionary<int, (string Chunk, int Offset, int Rows)> _completed = new();

    private RunJournal(string folder, string fingerprint, int totalItems)
    {
        _folder = folder;
        _fingerprint = fingerprint;
        _totalItems = totalItems;
    }

    public IReadOnlyCollection<int> CompletedItems => _completed.Keys;

    internal bool IsCompleted(int item) => _completed.ContainsKey(item);

    /// <summary>The configuration fingerprint of the run the folder's journal belongs to; null when there is none or it is unreadable.</summary>
    internal static string? FingerprintOf(string runDirectory)
    {
        var runFile = Path.Combine(runDirectory, ArtifactLayout.PartialFolder, RunFile);
        return File.Exists(runFile) ? TryReadRun(runFile)?.Fingerprint : null;
    }

    /// <summary>
    /// Opens the journal of a run for writing; the caller holds the folder's lock. A journal of a different run
    /// configuration is discarded, and so is every chunk that is unreadable or records another run: its items
    /// are recomputed.
    /// </summary>
    internal static RunJournal Open(string runDirectory, string fingerprint, int totalItems, IReadOnlyDictionary<string, string> metadata)
    {
        var folder = Path.Combine(runDirectory, ArtifactLayout.PartialFolder);
        var runFile = Path.Combine(folder, RunFile);
        if (Directory.Exists(folder) && FingerprintOf(runDirectory) != fingerprint)
            Directory.Delete(folder, recursive: true); // another grid, seed or version, or no record at all: not resumable
        Directory.CreateDirectory(folder);
        if (!File.Exists(runFile))
            AtomicFile.WriteAllText(runFile, JsonSerializer.Serialize(new RunRecord(fingerprint, totalItems, metadata)));
        var journal = new RunJournal(folder, fingerprint, totalItems);
        foreach (var rejected in journal.Load()) File.Delete(rejected);
        return journal;
    }

    /// <summary>
    /// Copies the journal of another run folder — typically a saved copy, such as paper-profile progress stored with the
    /// code — into this run's, so that the run resumes from its items; the caller holds the folder's journal lock. A
    /// journal of another configuration is refused; its chunks are checked like any others when the journal opens.
    /// </summary>
    internal static void Import(string runDirectory, string fingerprint, string source)
    {
        OpenSaved(source, fingerprint);
        var saved = Path.Combine(source, ArtifactLayout.PartialFolder);
        var folder = Path.Combine(runDirectory, ArtifactLayout.PartialFolder);
        if (Directory.Exists(folder) && FingerprintOf(runDirectory) != fingerprint) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var runFile = Path.Combine(folder, RunFile);
        if (!File.Exists(runFile)) File.Copy(Path.Combine(saved, RunFile), runFile);
        foreach (var chunk in Directory.EnumerateFiles(saved, "chunk-*.parquet"))
        {
            var target = Path.Combine(folder, Path.GetFileName(chunk));
            if (!File.Exists(target)) File.Copy(chunk, target); // else the same items, computed here already
        }
    }

    /// <summary>The journal of another run folder (or a saved copy of one), if it is of the run <paramref name="fingerprint"/> names, its chunks checked; another configuration's is refused.</summary>
    internal static RunJournal OpenSaved(string source, string fingerprint)
    {
        var record = TryReadRun(Path.Combine(source, ArtifactLayout.PartialFolder, RunFile))
            ?? throw new ExperimentException($"{source} holds no run in progress ({ArtifactLayout.PartialFolder}/{RunFile} is missing or unreadable): give a run folder or a copy of one with its {ArtifactLayout.PartialFolder} folder.");
        if (record.Fingerprint != fingerprint)
        {
            string Of(string key) => record.Metadata.TryGetValue(key, out var value) ? value : "?";
            throw new ExperimentException($"{source} holds the progress of another configuration ({Of(RunMetadata.Experiment)} v{Of(RunMetadata.Version)}, " +
                $"{Of(RunMetadata.Profile)} profile, seed {Of(RunMetadata.Seed)}, or another grid or schema): it cannot resume this run.");
        }
        var journal = new RunJournal(Path.Combine(source, ArtifactLayout.PartialFolder), fingerprint, record.TotalItems);
        journal.Load();
        return journal;
    }

    /// <summary>Opens an existing journal for status and merging (chunks that are unreadable or of another run are skipped).</summary>
    public static RunJournal OpenExisting(string runDirectory, out int totalItems, out IReadOnlyDictionary<string, string> metadata)
    {
        var folder = Path.Combine(runDirectory, ArtifactLayout.PartialFolder);
        var runFile = Path.Combine(folder, RunFile);
        if (!File.Exists(runFile)) throw new ExperimentException($"{runDirectory} has no run in progress ({ArtifactLayout.PartialFolder}/{RunFile} is missing).");
        var record = TryReadRun(runFile) ?? throw new ExperimentException($"{runFile} is not a readable run record; re-run the experiment to start over.");
        totalItems = record.TotalItems;
        metadata = record.Metadata;
        var journal = new RunJournal(folder, record.Fingerprint, record.TotalItems);
        journal.Load();
        return journal;
    }

    /// <summary>Saves completed items (in item order) as one chunk file.</summary>
    internal void WriteChunk(TableSchema schema, IReadOnlyList<(int Item, ColumnVector[] Rows)> items)
    {
        if (items.Count == 0) return;
        var index = string.Join(",", items.Select(x => $"{x.Item}:{Rows(x.Rows)}"));
        var path = Path.Combine(_folder, $"chunk-{items[0].Item:D9}-{items[^1].Item:D9}.parquet");
        var hash = ChunkHash(index, DataHash.Of(schema, items.Select(x => (IReadOnlyList<ColumnVector>)x.Rows)));
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ParquetWriter(stream, schema, [new(RunKey, _fingerprint), new(ItemsKey, index), new(HashKey, hash)],
                new ParquetWriterOptions { Compression = ParquetCompression.Snappy });
            foreach (var (_, rows) in items) writer.Append(rows);
        });
        var offset = 0;
        foreach (var (item, rows) in items)
        {
            _completed[item] = (path, offset, Rows(rows));
            offset += Rows(rows);
        }
    }

    /// <summary>Writes all items, in item order, as one Parquet file; every item must be complete.</summary>
    internal long Merge(string target, int totalItems, IReadOnlyDictionary<string, string> metadata, ParquetWriterOptions? options = null)
    {
        var missing = totalItems - _completed.Keys.Count(i => i < totalItems);
        if (missing > 0) throw new ExperimentException($"{missing} of {totalItems} work items are not done yet; run the missing shards first.");
        var remaining = _completed.Values.GroupBy(v => v.Chunk).ToDictionary(g => g.Key, g => g.Count());
        var cache = new Dictionary<string, IReadOnlyList<ColumnVector>>();
        TableSchema? schema = null;
        long rows = 0;
        AtomicFile.Write(target, stream =>
        {
            ParquetWriter? writer = null;
            for (var item = 0; item < totalItems; item++)
            {
                var (chunk, offset, count) = _completed[item];
                if (!cache.TryGetValue(chunk, out var columns))
                {
                    using var reader = ParquetReader.Open(chunk);
                    schema ??= reader.Schema;
                    columns = cache[chunk] = reader.ReadAll();
                }
                writer ??= new ParquetWriter(stream, schema!, metadata, options);
                var slice = columns.Select(c => Slice(c, offset, count)).ToArray();
                writer.Append(slice);
                rows += count;
                if (--remaining[chunk] == 0) cache.Remove(chunk); // chunks are released once fully copied
            }
            writer?.Complete();
        });
        return rows;
    }

    internal void Delete() => Directory.Delete(_folder, recursive: true);

    /// <summary>Adopts the chunks of this run; returns the chunks it rejected (unreadable, malformed, or of another run).</summary>
    private List<string> Load()
    {
        var rejected = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_folder, "chunk-*.parquet").Order(StringComparer.Ordinal))
        {
            var entries = ReadIndex(path);
            if (entries is null)
            {
                rejected.Add(path);
                continue;
            }
            var offset = 0;
            foreach (var (item, count) in entries)
            {
                _completed[item] = (path, offset, count);
                offset += count;
            }
        }
        return rejected;
    }

    /// <summary>
    /// The items a chunk holds and their row counts, when the chunk belongs to this run and reads back whole:
    /// a chunk cut short by a crash or damaged on disk is recomputed, never fatal and never adopted.
    /// </summary>
    private (int Item, int Rows)[]? ReadIndex(string path)
    {
        try
        {
            using var reader = ParquetReader.Open(path);
            if (!reader.Metadata.TryGetValue(RunKey, out var run) || run != _fingerprint) return null;
            if (!reader.Metadata.TryGetValue(ItemsKey, out var index) || index.Length == 0) return null;
            var entries = index.Split(',').Select(entry =>
            {
                var parts = entry.Split(':');
                return parts.Length == 2
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var item) && item < _totalItems
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
                    ? (Item: item, Rows: rows) : (Item: -1, Rows: -1);
            }).ToArray();
            if (entries.Any(e => e.Item < 0) || entries.Sum(e => (long)e.Rows) != reader.RowCount) return null;
            // Every value is decoded and hashed with the index, so damage anywhere shows here, not as other numbers after the merge.
            var columns = reader.ReadAll();
            return reader.Metadata.TryGetValue(HashKey, out var hash) && hash == ChunkHash(index, DataHash.Of(reader.Schema, [columns])) ? entries : null;
        }
        catch (Exception e) when (e is ParquetFormatException or ArtifactException or IOException or InvalidDataException or InvalidCastException)
        {
            return null;
        }
    }

    private static string ChunkHash(string index, string dataHash) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(index + "\n" + dataHash)));

    private static int Rows(ColumnVector[] rows) => rows.Length == 0 ? 0 : rows[0].Count;

    private static ColumnVector Slice(ColumnVector source, int offset, int count)
    {
        var slice = ColumnVector.Create(source.Type, count);
        for (var i = offset; i < offset + count; i++) slice.AppendFrom(source, i);
        return slice;
    }

    private static RunRecord? TryReadRun(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path)) is { Fingerprint: not null, Metadata: not null } record ? record : null;
        }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
    }

    private sealed record RunRecord(string Fingerprint, int TotalItems, IReadOnlyDictionary<string, string> Metadata);
}
