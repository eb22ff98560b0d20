using System.Globalization;
using System.Text.Json;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Artifacts;

/// <summary>
/// The .partial folder of a run: completed work items saved as chunk files while the run goes on, so
/// an interrupted run (or a preempted shard) resumes where it stopped, and shards that share the
/// folder merge into one table. Each chunk records which items it holds and their row counts.
/// </summary>
public sealed class RunJournal
{
    private const string RunFile = "run.json";
    private const string ItemsKey = "repro.items";
    private readonly string _folder;
    private readonly Dictionary<int, (string Chunk, int Offset, int Rows)> _completed = new();

    private RunJournal(string folder) => _folder = folder;

    public IReadOnlyCollection<int> CompletedItems => _completed.Keys;

    public bool IsCompleted(int item) => _completed.ContainsKey(item);

    /// <summary>Opens the journal of a run, discarding chunks of a different run configuration.</summary>
    public static RunJournal Open(string runDirectory, string fingerprint, int totalItems, IReadOnlyDictionary<string, string> metadata)
    {
        var folder = Path.Combine(runDirectory, ArtifactLayout.PartialFolder);
        var journal = new RunJournal(folder);
        var runFile = Path.Combine(folder, RunFile);
        if (File.Exists(runFile) && ReadRun(runFile).Fingerprint != fingerprint)
            Directory.Delete(folder, recursive: true); // chunks of another grid, seed or version: not resumable
        Directory.CreateDirectory(folder);
        if (!File.Exists(runFile))
            AtomicFile.WriteAllText(runFile, JsonSerializer.Serialize(new RunRecord(fingerprint, totalItems, metadata)));
        journal.Load();
        return journal;
    }

    /// <summary>Opens an existing journal for status and merging.</summary>
    public static RunJournal OpenExisting(string runDirectory, out int totalItems, out IReadOnlyDictionary<string, string> metadata)
    {
        var folder = Path.Combine(runDirectory, ArtifactLayout.PartialFolder);
        var runFile = Path.Combine(folder, RunFile);
        if (!File.Exists(runFile)) throw new ExperimentException($"{runDirectory} has no run in progress ({ArtifactLayout.PartialFolder}/{RunFile} is missing).");
        var record = ReadRun(runFile);
        totalItems = record.TotalItems;
        metadata = record.Metadata;
        var journal = new RunJournal(folder);
        journal.Load();
        return journal;
    }

    /// <summary>Saves completed items (in item order) as one chunk file.</summary>
    public void WriteChunk(TableSchema schema, IReadOnlyList<(int Item, ColumnVector[] Rows)> items)
    {
        if (items.Count == 0) return;
        var index = string.Join(",", items.Select(x => $"{x.Item}:{Rows(x.Rows)}"));
        var path = Path.Combine(_folder, $"chunk-{items[0].Item:D9}-{items[^1].Item:D9}.parquet");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ParquetWriter(stream, schema, [new(ItemsKey, index)], new ParquetWriterOptions { Compression = ParquetCompression.Snappy });
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
    public long Merge(string target, int totalItems, IReadOnlyDictionary<string, string> metadata, ParquetWriterOptions? options = null)
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

    public void Delete() => Directory.Delete(_folder, recursive: true);

    private void Load()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "chunk-*.parquet").Order(StringComparer.Ordinal))
        {
            using var reader = ParquetReader.Open(path);
            if (!reader.Metadata.TryGetValue(ItemsKey, out var index) || index.Length == 0) continue;
            var offset = 0;
            foreach (var entry in index.Split(','))
            {
                var parts = entry.Split(':');
                var item = int.Parse(parts[0], CultureInfo.InvariantCulture);
                var count = int.Parse(parts[1], CultureInfo.InvariantCulture);
                _completed[item] = (path, offset, count);
                offset += count;
            }
        }
    }

    private static int Rows(ColumnVector[] rows) => rows.Length == 0 ? 0 : rows[0].Count;

    private static ColumnVector Slice(ColumnVector source, int offset, int count)
    {
        var slice = ColumnVector.Create(source.Type, count);
        for (var i = offset; i < offset + count; i++) slice.AppendFrom(source, i);
        return slice;
    }

    private static RunRecord ReadRun(string path) =>
        JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path)) ?? throw new ExperimentException($"{path} is empty.");

    private sealed record RunRecord(string Fingerprint, int TotalItems, IReadOnlyDictionary<string, string> Metadata);
}
