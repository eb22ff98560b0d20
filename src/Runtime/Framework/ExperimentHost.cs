using System.Diagnostics;
using System.Globalization;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// Runs an experiment's work items (cells × replicates) in parallel, each with its own stream, and
/// writes rows in item order whatever the thread count. Completed items are journaled as they finish,
/// so an interrupted run resumes; an unsharded run ends by merging the journal into results.parquet.
/// </summary>
public static class ExperimentHost
{
    public static RunSummary Run(ExperimentDefinition definition, RunRequest request,
        IProgress<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (request.Threads < 1) throw new ExperimentException($"--threads must be at least 1 (got {request.Threads}).");
        var clock = Stopwatch.StartNew();
        var (grid, replicates, selected, metadata) = Configure(definition, request);
        // The journal counts positions in the selection (every item when there is none), so shards, status and merge work on it alike.
        var totalItems = selected?.Count ?? checked(grid.Cells.Count * replicates);
        var fingerprint = Fingerprint(definition, metadata);
        var directory = RunDirectory(definition, request, fingerprint);
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException($"Cannot write to {directory}: {e.Message}");
        }

        using var runLock = RunLock.Acquire(directory, request.Shard);
        RunJournal journal;
        using (RunLock.AcquireJournal(directory))
        {
            // An unsharded run holds the folder alone; a shard may discard a journal of another configuration only
            // when no other shard is running, since that journal may be the other shard's work in progress.
            if (request.Shard is { } shard && RunJournal.FingerprintOf(directory) is { } other && other != fingerprint
                && RunLock.OtherRunningShards(directory, shard) is { Count: > 0 } running)
                throw new ExperimentException($"Shard(s) {string.Join(", ", running)} of another configuration (grid, seed or version) are running in {directory}; " +
                    "wait for them or choose another --runs folder.");
            if (request.ResumeFrom is { } saved) RunJournal.Import(directory, fingerprint, saved);
            journal = RunJournal.Open(directory, fingerprint, totalItems, metadata);
        }
        var owned = Enumerable.Range(0, totalItems).Where(i => request.Shard?.Owns(i) ?? true).ToArray();
        var pending = owned.Where(i => !journal.IsCompleted(i)).ToArray();
        var resumed = owned.Length - pending.Length;
        var settings = new RunSettings(request.Profile, request.Seed, cancellation) { ToHorizon = request.Items?.ToHorizon ?? false };

        var executed = Execute(definition, grid, replicates, selected, pending, settings, journal, request, progress, resumed, owned.Length, clock);

        // A shard leaves its items in the journal; `repro merge` assembles the table once all shards are done.
        var (results, rows, diverged) = request.Shard is null ? MergeLocked(directory, request.Parquet) : (null, 0L, 0);
        return new RunSummary(definition.Id, directory, grid.Cells.Count, owned.Length, executed, resumed, diverged, rows, clock.Elapsed, results);
    }

    /// <summary>
    /// The work items the journal of a run folder or its saved copy (<see cref="RunRequest.ResumeFrom"/>) holds for the request's configuration, each
    /// chunk checked; an <see cref="ExperimentException"/> when the journal is another configuration's.
    /// </summary>
    public static int SavedItems(ExperimentDefinition definition, RunRequest request, string folder) =>
        RunJournal.OpenSaved(folder, Fingerprint(definition, Configure(definition, request).Metadata)).CompletedItems.Count;

    /// <summary>The folder a request runs into (a custom seed or grid, or chosen items, get a folder of their own, see <see cref="RunRequest.IsReference"/>).</summary>
    public static string RunDirectory(ExperimentDefinition definition, RunRequest request) =>
        RunDirectory(definition, request, Fingerprint(definition, Configure(definition, request).Metadata));

    private static string RunDirectory(ExperimentDefinition definition, RunRequest request, string fingerprint) =>
        request.Items is not null ? ArtifactLayout.ItemsDirectory(request.OutputRoot, definition, request.Profile, fingerprint)
            : ArtifactLayout.RunDirectory(request.OutputRoot, definition, request.Profile, request.IsReference ? null : fingerprint);

    /// <summary>A request's grid, replicates, chosen items (null: every item) and metadata, which marks a partial artifact as such.</summary>
    private static (Grid Grid, int Replicates, IReadOnlyList<int>? Selected, Dictionary<string, string> Metadata) Configure(ExperimentDefinition definition, RunRequest request)
    {
        var grid = definition.CreateGrid(request.Profile, request.Overrides);
        var replicates = definition.Replicates(request.Profile);
        var metadata = ExperimentMetadata.Build(definition, grid, request.Profile, request.Seed);
        var selected = request.Items?.Resolve(definition, grid, replicates);
        if (selected is not null) metadata[PartialItems.Key] = request.Items!.Marker(definition, grid, replicates, selected);
        return (grid, replicates, selected, metadata);
    }

    /// <summary>
    /// Merges a sharded run's journal into results.parquet once every shard is done. It holds the folder's lock
    /// throughout, so it never runs beside a shard, a run or another merge.
    /// </summary>
    public static (string ResultsFile, long Rows, int Diverged) Merge(string runDirectory, ParquetWriterOptions? options = null)
    {
        if (!Directory.Exists(runDirectory)) throw new ExperimentException($"{runDirectory} does not exist.");
        using var mergeLock = RunLock.AcquireForMerge(runDirectory);
        return MergeLocked(runDirectory, options);
    }

    /// <summary>
    /// Merges a run's journal into results.parquet once every item is done. When the data equal the stored
    /// artifact's (same data hash in manifest.json), the stored file is kept byte for byte, so an unchanged
    /// reproduction leaves `git status` clean.
    /// </summary>
    private static (string ResultsFile, long Rows, int Diverged) MergeLocked(string runDirectory, ParquetWriterOptions? options)
    {
        var journal = RunJournal.OpenExisting(runDirectory, out var total, out var metadata);
        var results = Path.Combine(runDirectory, ArtifactLayout.ResultsFile);
        var fresh = Path.Combine(runDirectory, ArtifactLayout.PartialFolder, ArtifactLayout.ResultsFile);
        var rows = journal.Merge(fresh, total, metadata, options);
        var (manifest, diverged) = Describe(fresh, metadata);
        var manifestPath = Path.Combine(runDirectory, ArtifactLayout.ManifestFile);
        var unchanged = File.Exists(results) && File.Exists(manifestPath) && ArtifactManifest.Read(manifestPath).ToJson() == manifest.ToJson()
            && DataHash.Matches(results, manifest.Files[0].DataSha256); // a damaged stored file is rewritten, not kept
        if (!unchanged)
        {
            File.Move(fresh, results, overwrite: true);
            AtomicFile.WriteAllText(manifestPath, manifest.ToJson());
        }
        journal.Delete();
        return (results, rows, diverged);
    }

    private static int Execute(ExperimentDefinition definition, Grid grid, int replicates, IReadOnlyList<int>? selected, int[] pending, RunSettings settings,
        RunJournal journal, RunRequest request, IProgress<RunProgress>? progress, int resumed, int owned, Stopwatch clock)
    {
        var slots = new ColumnVector[]?[pending.Length];
        var gate = new object();
        var nextToSave = 0;
        var buffer = new List<(int, ColumnVector[])>();
        var bufferRows = 0;
        var lastSave = Stopwatch.StartNew();
        var saved = false;
        var cursor = -1;
        var done = 0;
        Exception? failure = null;

        void SaveBuffer()
        {
            journal.WriteChunk(definition.Schema, buffer);
            saved |= buffer.Count > 0;
            buffer.Clear();
            bufferRows = 0;
            lastSave.Restart();
        }

        void Worker()
        {
            while (failure is null && !settings.Cancellation.IsCancellationRequested)
            {
                var slot = Interlocked.Increment(ref cursor);
                if (slot >= pending.Length) return;
                var item = selected?[pending[slot]] ?? pending[slot];
                var cell = grid.Cells[item / replicates];
                ColumnVector[] rows;
                try { rows = definition.RunItem(cell, item % replicates, settings, null); }
                catch (OperationCanceledException) when (settings.Cancellation.IsCancellationRequested) { return; }
                catch (ExperimentException e) // a meaningless parameter value, say: the message is for the user as it is
                {
                    Interlocked.CompareExchange(ref failure, new ExperimentException($"{definition.Id} ({cell.Describe()}): {e.Message}", e), null);
                    return;
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, new ExperimentException(
                        $"{definition.Id}: cell ({cell.Describe()}), replicate {item % replicates} failed: {e.GetType().Name}: {e.Message}", e), null);
                    return;
                }
                lock (gate)
                {
                    slots[slot] = rows;
                    // Save the completed prefix in item order; the journal keeps the order whatever the threads did.
                    while (nextToSave < pending.Length && slots[nextToSave] is { } ready)
                    {
                        buffer.Add((pending[nextToSave], ready));
                        bufferRows += ready.Length == 0 ? 0 : ready[0].Count;
                        slots[nextToSave++] = null;
                    }
                    // A full disk or a folder gone read-only ends the run with the items saved so far, never the process.
                    try { if (buffer.Count > 0 && (bufferRows >= request.ChunkRows || !saved || lastSave.Elapsed >= SaveInterval(clock.Elapsed))) SaveBuffer(); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        Interlocked.CompareExchange(ref failure, new ExperimentException($"{definition.Id}: cannot save completed items: {e.Message}", e), null);
                        return;
                    }
                    done++;
                    progress?.Report(new RunProgress(definition.Id, resumed + done, owned, clock.Elapsed));
                }
            }
        }

        progress?.Report(new RunProgress(definition.Id, resumed, owned, clock.Elapsed));
        var threads = Enumerable.Range(0, Math.Min(request.Threads, Math.Max(1, pending.Length)))
            .Select(_ => new Thread(Worker) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        try { lock (gate) SaveBuffer(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure ??= new ExperimentException($"{definition.Id}: cannot save completed items: {e.Message}", e);
        }
        if (failure is not null) throw failure;
        settings.Cancellation.ThrowIfCancellationRequested();
        return done;
    }

    /// <summary>
    /// How long completed items may wait in memory before they are journaled: a quarter of the time this run
    /// has taken so far, at most five seconds. The first completed item is saved at once, so a run killed at any
    /// moment keeps at least four fifths of its completed work (less one item) and a job that is preempted
    /// again and again still advances; the number of chunk files grows only logarithmically until the cap.
    /// </summary>
    internal static TimeSpan SaveInterval(TimeSpan elapsed) => TimeSpan.FromTicks(Math.Min(elapsed.Ticks / 4, TimeSpan.TicksPerSecond * 5));

    /// <summary>The manifest of a results file, and its number of diverged rows.</summary>
    private static (ArtifactManifest, int) Describe(string results, IReadOnlyDictionary<string, string> metadata)
    {
        using var reader = ParquetReader.Open(results);
        var hash = DataHash.Of(reader.Schema, Enumerable.Range(0, reader.RowGroupCount).Select(reader.ReadRowGroup));
        var divergedColumn = reader.Schema.IndexOf(ExperimentDefinition.DivergedColumn);
        var diverged = 0;
        for (var g = 0; divergedColumn >= 0 && g < reader.RowGroupCount; g++)
        {
            var column = (ColumnVector<bool>)reader.ReadColumn(g, divergedColumn);
            for (var i = 0; i < column.Count; i++) if (column[i]) diverged++;
        }
        var manifest = new ArtifactManifest(metadata[RunMetadata.Experiment], int.Parse(metadata[RunMetadata.Version], CultureInfo.InvariantCulture),
            metadata[RunMetadata.Profile], metadata[RunMetadata.SchemaHash], metadata[RunMetadata.Seed],
            [new ManifestFile(ArtifactLayout.ResultsFile, reader.RowCount, hash)]);
        return (manifest, diverged);
    }

    /// <summary>Identity of a run configuration: everything that shapes its rows, nothing volatile.</summary>
    private static string Fingerprint(ExperimentDefinition definition, IReadOnlyDictionary<string, string> metadata) =>
        StreamKey.Hash(string.Join("\n", metadata.Where(kv => !RunMetadata.Volatile.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value))).ToString("x16", CultureInfo.InvariantCulture);
}
