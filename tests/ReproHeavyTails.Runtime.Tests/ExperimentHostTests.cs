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
        IProgress<RunProgress>? progress = null, int chunkRows = 100_000) =>
        ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, root) { Threads = threads, Shard = shard, ChunkRows = chunkRows },
            progress, cancellation).Directory;

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
    public void A_second_run_on_the_same_folder_is_refused_while_the_first_holds_it()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var folder = ArtifactLayout.RunDirectory(temp.Path, Walk, Profile.Quick);
        Directory.CreateDirectory(folder);
        using var held = new FileStream(Path.Combine(folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var e = Assert.Throws<ExperimentException>(() => RunInto(temp.Path));
        Assert.Contains("Another repro run", e.Message);
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
