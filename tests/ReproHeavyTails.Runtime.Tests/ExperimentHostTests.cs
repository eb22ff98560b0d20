using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public class ExperimentHostTests
{
    private static readonly ExperimentDefinition Walk = SampleWalk.Definition;

    private static string RunInto(string root, int threads = 2, ShardSpec? shard = null, CancellationToken cancellation = default,
        IProgress<RunProgress>? progress = null, int chunkRows = 100_000, ulong seed = RunSettings.DefaultSeed) =>
        ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, root) { Threads = threads, Shard = shard, ChunkRows = chunkRows, Seed = seed },
            progress, cancellation).Directory;

    private static string Partial(string directory) => Path.Combine(directory, ArtifactLayout.PartialFolder);

    private static string[] Chunks(string directory) => Directory.GetFiles(Partial(directory), "chunk-*.parquet").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Runs <paramref name="nested"/> once, from inside a run, at its first progress report (the run holds its locks then).</summary>
    private static InlineProgress Once(Action nested)
    {
        var done = false;
        return new InlineProgress(_ =>
        {
            if (done) return;
            done = true;
            nested();
        });
    }

    private static string Text(string directory)
    {
        using var reader = ParquetReader.Open(Path.Combine(directory, ArtifactLayout.ResultsFile));
        return TableText.Render(reader, includeVolatile: false);
    }

    [Fact]
    public void The_grid_zips_and_crosses_in_declaration_order()
    {
        var grid = Walk.CreateGrid(Profile.Quick);
        Assert.Equal(2 * 3 * 6, grid.Cells.Count);
        Assert.Equal("Kind=Gaussian, Steps=10, Scale=0.5, Label=a", grid.Cells[0].Describe());
        Assert.Equal("Kind=Gaussian, Steps=10, Scale=5, Label=b", grid.Cells[1].Describe());
        Assert.Equal("Kind=Multiplicative, Steps=1000, Scale=50000, Label=f", grid.Cells[^1].Describe());
    }

    [Fact]
    public void A_value_listed_twice_is_an_error_since_two_rows_would_share_a_key()
    {
        var steps = Assert.Throws<ExperimentException>(() => Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["Steps"] = ["10", "20", "10"] }));
        Assert.Equal("The grid lists Steps=10 twice (values 1 and 3); two cells would write rows with the same key. List each value once.", steps.Message);
        var zipped = Assert.Throws<ExperimentException>(() => Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>>
        {
            ["Scale"] = ["1", "2", "1"],
            ["Label"] = ["a", "b", "a"],
        }));
        Assert.Contains("Scale=1, Label=a twice", zipped.Message);
        // The same scale with another label is another cell.
        Assert.Equal(2 * 3 * 2, Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["Scale"] = ["1", "1"], ["Label"] = ["a", "b"] }).Cells.Count);
    }

    [Fact]
    public void One_thread_two_threads_and_two_merged_shards_give_identical_rows()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        using var c = RepositoryPaths.CreateTemp();
        var single = Text(RunInto(a.Path, threads: 1));
        Assert.Equal(single, Text(RunInto(b.Path, threads: 2)));
        var dir = RunInto(c.Path, threads: 2, shard: new ShardSpec(2, 2));
        Assert.False(File.Exists(Path.Combine(dir, ArtifactLayout.ResultsFile)));
        RunInto(c.Path, threads: 1, shard: new ShardSpec(1, 2));
        ExperimentHost.Merge(dir);
        Assert.Equal(single, Text(dir));
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_rows()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        var uninterrupted = Text(RunInto(a.Path));
        using var stop = new CancellationTokenSource();
        var progress = new InlineProgress(p => { if (p.Completed >= p.Total / 2) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => RunInto(b.Path, cancellation: stop.Token, progress: progress, chunkRows: 1));
        var summary = ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, b.Path));
        Assert.True(summary.Resumed >= summary.Items / 2, $"resumed {summary.Resumed} of {summary.Items}");
        Assert.Equal(summary.Items - summary.Resumed, summary.Executed);
        Assert.Equal(uninterrupted, Text(summary.Directory));
    }

    [Fact]
    public void Diverged_cells_are_recorded_as_rows_and_claims_see_them()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var summary = ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, temp.Path));
        Assert.True(summary.Diverged > 0);
        var outcomes = ClaimCheck.Check(Walk, summary.ResultsFile!);
        Assert.True(outcomes.Single().Passed, outcomes.Single().Evidence);
        var results = SampleWalk.Definition.ReadResults(ParquetReader.Open(summary.ResultsFile!).ReadAll());
        var diverged = results.First(r => r.Diverged);
        Assert.Contains("position became", diverged.DivergedReason);
        var completed = results.First(r => !r.Diverged && r.Value!.Step == 20);
        Assert.NotNull(completed.Value!.MaxAbs);
        Assert.Equal(completed.Cell.Kind, completed.Value.Kind2);
    }

    [Fact]
    public void A_non_finite_value_in_any_floating_column_makes_a_diverged_row_naming_it()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var summary = ExperimentHost.Run(NonFiniteRows.Definition, new RunRequest(Profile.Quick, temp.Path));
        using var reader = ParquetReader.Open(summary.ResultsFile!);
        var results = NonFiniteRows.Definition.ReadResults(reader.ReadAll());
        Assert.Equal(new[] { "ratio became Infinity in row 1", "single became Infinity in row 1", "", "", "", "" },
            results.Select(r => r.DivergedReason ?? "").ToArray());
        Assert.All(results.Where(r => r.Diverged), r => Assert.Equal(0, r.Row));
        var undefined = results.Where(r => r.Cell.Divisor == -4).ToArray();
        Assert.Equal([1.0, -0.25], undefined.Select(r => r.Value!.Ratio));
        Assert.All(undefined, r => Assert.Null(r.Value!.Root));
        Assert.Equal(2, summary.Diverged);
    }

    [Fact]
    public void A_second_run_on_the_same_folder_is_refused_while_the_first_holds_it()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var folder = ArtifactLayout.RunDirectory(temp.Path, Walk, Profile.Quick);
        Directory.CreateDirectory(folder);
        using var held = new FileStream(Path.Combine(folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var e = Assert.Throws<ExperimentException>(() => RunInto(temp.Path));
        Assert.Contains("Another repro run", e.Message);
    }

    /// <summary>
    /// The measured defect: shard 1/2, an unsharded run into the same folder while the shard ran, then a run with
    /// --seed 7. The unsharded run merged and removed the journal; the shard went on writing chunks into a new
    /// journal with no run record, and the seed-7 run adopted them: a file labelled seed 7 with other seeds' rows.
    /// </summary>
    [Fact]
    public void A_shard_an_unsharded_run_beside_it_and_a_later_seed_never_mix_rows()
    {
        using var clean = RepositoryPaths.CreateTemp();
        using var temp = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(clean.Path, seed: 7));
        ExperimentException? refused = null;
        RunInto(temp.Path, threads: 1, shard: new ShardSpec(1, 2), chunkRows: 1, progress: Once(() =>
            refused = Assert.Throws<ExperimentException>(() => RunInto(temp.Path, threads: 1))));
        Assert.NotNull(refused);
        Assert.Contains("Another repro run", refused.Message);
        Assert.Equal(expected, Text(RunInto(temp.Path, seed: 7)));
    }

    [Fact]
    public void Shards_that_start_together_on_a_fresh_folder_all_keep_their_work()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(a.Path));
        var directories = Enumerable.Range(1, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(k => RunInto(b.Path, threads: 1, shard: new ShardSpec(k, 4), chunkRows: 1)).ToArray();
        ExperimentHost.Merge(directories[0]);
        Assert.Equal(expected, Text(directories[0]));
    }

    [Fact]
    public void A_shard_is_refused_while_an_unsharded_run_writes_the_folder()
    {
        using var temp = RepositoryPaths.CreateTemp();
        ExperimentException? refused = null;
        RunInto(temp.Path, threads: 1, progress: Once(() =>
            refused = Assert.Throws<ExperimentException>(() => RunInto(temp.Path, threads: 1, shard: new ShardSpec(2, 2)))));
        Assert.Contains("Another repro run", refused!.Message);
    }

    [Fact]
    public void A_shard_of_another_seed_does_not_discard_a_running_shards_journal()
    {
        // A seed other than the default runs into a folder of its own (RunRequest.IsReference), so it cannot touch the
        // running shard's journal at all.
        using var clean = RepositoryPaths.CreateTemp();
        using var temp = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(clean.Path));
        string? other = null;
        var directory = RunInto(temp.Path, threads: 1, shard: new ShardSpec(1, 2), chunkRows: 1, progress: Once(() =>
            other = RunInto(temp.Path, threads: 1, shard: new ShardSpec(2, 2), seed: 7)));
        Assert.NotEqual(directory, other);
        RunInto(temp.Path, shard: new ShardSpec(2, 2));
        ExperimentHost.Merge(directory);
        Assert.Equal(expected, Text(directory));
    }

    [Fact]
    public void Chunks_of_another_run_are_never_adopted()
    {
        using var clean = RepositoryPaths.CreateTemp();
        using var seven = RepositoryPaths.CreateTemp();
        using var other = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(clean.Path, seed: 7));

        // Chunks left without a run record (its journal was removed under them) belong to no run.
        var orphans = RunInto(other.Path, shard: new ShardSpec(1, 2), chunkRows: 1);
        File.Delete(Path.Combine(Partial(orphans), "run.json"));
        Assert.Equal(expected, Text(RunInto(other.Path, seed: 7)));

        // Chunks of the default seed copied into a seed-7 journal: the merge misses seed 7's items instead of taking them.
        var foreign = RunInto(other.Path, shard: new ShardSpec(2, 2), chunkRows: 1);
        var directory = RunInto(seven.Path, shard: new ShardSpec(1, 2), chunkRows: 1, seed: 7);
        foreach (var chunk in Chunks(foreign)) File.Copy(chunk, Path.Combine(Partial(directory), Path.GetFileName(chunk)));
        var missing = Assert.Throws<ExperimentException>(() => ExperimentHost.Merge(directory));
        Assert.Contains("not done yet", missing.Message);
        RunInto(seven.Path, shard: new ShardSpec(2, 2), seed: 7);
        ExperimentHost.Merge(directory);
        Assert.Equal(expected, Text(directory));
    }

    [Fact]
    public void Empty_or_damaged_chunks_are_recomputed_not_fatal()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(a.Path));
        var directory = RunInto(b.Path, shard: new ShardSpec(1, 2), chunkRows: 1);
        var chunks = Chunks(directory);
        File.WriteAllBytes(chunks[0], []); // a crash before the data reached the disk
        var damaged = File.ReadAllBytes(chunks[1]);
        damaged[damaged.Length / 3] ^= 0x10; // one bit flipped on disk
        File.WriteAllBytes(chunks[1], damaged);
        var summary = ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, b.Path));
        Assert.True(summary.Executed >= summary.Items / 2 + 1, $"executed {summary.Executed} of {summary.Items}");
        Assert.Equal(expected, Text(directory));
    }

    [Fact]
    public void The_first_completed_item_is_journaled_at_once()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var directory = ArtifactLayout.RunDirectory(temp.Path, Walk, Profile.Quick);
        var journaled = -1;
        var progress = new InlineProgress(p =>
        {
            if (p.Completed == 1) journaled = RunJournal.OpenExisting(directory, out _, out _).CompletedItems.Count;
        });
        RunInto(temp.Path, threads: 1, progress: progress);
        Assert.Equal(1, journaled);
        Assert.Equal(TimeSpan.Zero, ExperimentHost.SaveInterval(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(2), ExperimentHost.SaveInterval(TimeSpan.FromSeconds(8)));
        Assert.Equal(TimeSpan.FromSeconds(5), ExperimentHost.SaveInterval(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Concurrent_merges_are_safe()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        var expected = Text(RunInto(a.Path));
        var directory = RunInto(b.Path, shard: new ShardSpec(1, 2));
        RunInto(b.Path, shard: new ShardSpec(2, 2));
        using (new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            Assert.Contains("Another repro run", Assert.Throws<ExperimentException>(() => ExperimentHost.Merge(directory)).Message);
        var outcomes = Enumerable.Range(0, 4).AsParallel().Select(_ =>
        {
            try { ExperimentHost.Merge(directory); return null; }
            catch (ExperimentException e) { return e; }
        }).ToArray();
        Assert.Contains(null, outcomes);
        Assert.Equal(expected, Text(directory));
    }

    [Fact]
    public void Overrides_go_to_their_own_folder_and_bad_ones_are_explained()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var summary = ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, temp.Path)
        {
            Overrides = new Dictionary<string, IReadOnlyList<string>> { ["Steps"] = ["20"] },
        });
        Assert.Contains("quick-custom-", summary.Directory);
        Assert.Equal(2 * 6, summary.Cells);
        var bad = Assert.Throws<ExperimentException>(() => Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["Steps"] = ["x"] }));
        Assert.Contains("not a valid Int32 value for parameter Steps", bad.Message);
        var unknown = Assert.Throws<ExperimentException>(() => Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["nope"] = ["1"] }));
        Assert.Contains("has no parameter 'nope'", unknown.Message);
        var zip = Assert.Throws<ExperimentException>(() => Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["Scale"] = ["1"] }));
        Assert.Contains("Zip group 'scale'", zip.Message);
    }

    [Fact]
    public void Artifacts_carry_the_run_metadata()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var summary = ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, temp.Path) { Seed = 99 });
        using var reader = ParquetReader.Open(summary.ResultsFile!);
        foreach (var key in new[] { RunMetadata.Experiment, RunMetadata.Version, RunMetadata.SchemaHash, RunMetadata.Profile, RunMetadata.Grid,
                     RunMetadata.Seed, RunMetadata.GitCommit, RunMetadata.GitDirty, RunMetadata.Runtime, RunMetadata.OperatingSystem,
                     RunMetadata.Packages, RunMetadata.CreatedUtc })
            Assert.True(reader.Metadata.ContainsKey(key), key);
        Assert.Equal("sample-walk", reader.Metadata[RunMetadata.Experiment]);
        Assert.Equal("3", reader.Metadata[RunMetadata.Version]);
        Assert.Equal("99", reader.Metadata[RunMetadata.Seed]);
        Assert.Equal(Walk.Schema.Hash, reader.Metadata[RunMetadata.SchemaHash]);
        var manifest = ArtifactManifest.Read(Path.Combine(summary.Directory, ArtifactLayout.ManifestFile));
        Assert.Equal(reader.RowCount, manifest.Files.Single().Rows);
    }

    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
