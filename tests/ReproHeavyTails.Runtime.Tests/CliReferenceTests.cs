using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Cli;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// `repro run`, `reproduce`, `accept` and `report` against a run folder and a reference folder of their own, on the
/// small host-test experiments: runs never write the references, they compare with them, and `accept` is the one
/// step that replaces them. Bad inputs end in one line and exit 2.
/// </summary>
[Collection(nameof(TunableDraws))]
public sealed class CliReferenceTests : IDisposable
{
    private readonly TempFolder _temp = RepositoryPaths.CreateTemp();

    public void Dispose() => _temp.Dispose();

    private string Runs => Path.Combine(_temp.Path, "runs");

    private string References => Path.Combine(_temp.Path, "artifacts");

    private static string Folder(string root, ExperimentDefinition definition) => ArtifactLayout.RunDirectory(root, definition, Profile.Quick);

    private string Reference => Path.Combine(Folder(References, SampleWalk.Definition), ArtifactLayout.ResultsFile);

    private static (int Code, string Out, string Err) Repro(IReadOnlyList<ExperimentDefinition> catalogue, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ReproCli.Run(args, output, error, catalogue);
        return (code, output.ToString(), error.ToString());
    }

    private (int Code, string Out, string Err) Walk(params string[] args) =>
        Repro([SampleWalk.Definition], [.. args, "--runs", Runs, "--artifacts", References]);

    /// <summary>Rewrites a Parquet file with its columns or metadata edited.</summary>
    private static void Rewrite(string file, Func<TableSchema, List<ColumnVector>, List<ColumnVector>>? columns = null, Action<Dictionary<string, string>>? metadata = null)
    {
        TableSchema schema;
        List<ColumnVector> data;
        Dictionary<string, string> kv;
        using (var reader = ParquetReader.Open(file))
        {
            schema = reader.Schema;
            data = reader.ReadAll().ToList();
            kv = reader.Metadata.ToDictionary();
        }
        data = columns?.Invoke(schema, data) ?? data;
        metadata?.Invoke(kv);
        using var stream = File.Create(file);
        using var writer = new ParquetWriter(stream, schema, kv);
        writer.Append(data);
    }

    private static List<ColumnVector> ScaleFirstPosition(TableSchema schema, List<ColumnVector> columns, double factor)
    {
        var index = schema.IndexOf("position");
        var old = (ColumnVector<double>)columns[index];
        var edited = (ColumnVector<double>)ColumnVector.Create(ColumnType.Double);
        for (var i = 0; i < old.Count; i++) edited.Add(i == 0 ? old[i] * factor : old[i], !old.IsNull(i));
        columns[index] = edited;
        return columns;
    }

    private static void AssertOneLineError((int Code, string Out, string Err) result, string contains)
    {
        Assert.Equal(2, result.Code);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(contains, result.Err);
        Assert.Single(result.Err.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void A_run_goes_to_the_run_folder_and_an_experiment_without_a_reference_is_new()
    {
        var (code, output, _) = Walk("run", "sample-walk");
        Assert.Equal(0, code);
        Assert.Contains("sample-walk: new: no stored reference", output);
        Assert.True(File.Exists(Path.Combine(Folder(Runs, SampleWalk.Definition), ArtifactLayout.ResultsFile)));
        Assert.False(Directory.Exists(References));
    }

    [Fact]
    public void Accept_is_the_one_step_that_replaces_a_reference_and_keeps_an_unchanged_one_byte_for_byte()
    {
        Assert.Equal(0, Walk("run", "sample-walk").Code);
        Assert.False(File.Exists(Reference));
        var (code, output, _) = Walk("accept");
        Assert.Equal(0, code);
        Assert.Contains("sample-walk: accepted", output);
        Assert.True(File.Exists(Reference));
        Assert.True(File.Exists(Path.Combine(Folder(References, SampleWalk.Definition), ArtifactLayout.ManifestFile)));

        var stored = File.ReadAllBytes(Reference);
        var written = File.GetLastWriteTimeUtc(Reference);
        var again = Walk("run", "sample-walk", "--threads", "1");
        Assert.Equal(0, again.Code);
        Assert.Contains("sample-walk: reproduced exactly", again.Out);
        Assert.Contains("1 reproduced exactly, 0 within tolerance, 0 differ, 0 new", again.Out);
        Assert.Contains("unchanged", Walk("accept", "sample-walk").Out);
        Assert.Equal(stored, File.ReadAllBytes(Reference));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Reference));
    }

    /// <summary>Measured on the package smoke test: a truncated reference made `accept` (and REPRO_ACCEPT=1) fail with "not a Parquet file".</summary>
    [Fact]
    public void Accept_replaces_a_damaged_reference()
    {
        Assert.Equal(0, Walk("run", "sample-walk").Code);
        Assert.Equal(0, Walk("accept").Code);
        var accepted = File.ReadAllBytes(Reference);
        File.WriteAllBytes(Reference, accepted[..^16]);

        var (code, output, _) = Walk("accept", "sample-walk");
        Assert.Equal(0, code);
        Assert.Contains("sample-walk: accepted", output);
        Assert.Equal(accepted, File.ReadAllBytes(Reference));
    }

    /// <summary>Measured on main: `run --seed 7` without --set wrote into &lt;root&gt;/id/v…/quick/, the reference folder.</summary>
    [Fact]
    public void A_non_default_seed_gets_a_folder_of_its_own_and_can_never_become_a_reference()
    {
        var (code, output, _) = Walk("run", "sample-walk", "--seed", "7");
        Assert.Equal(0, code);
        Assert.Contains("custom seed or grid, not compared", output);
        var versionFolder = Path.GetDirectoryName(Folder(Runs, SampleWalk.Definition))!;
        Assert.Matches("^quick-custom-[0-9a-f]{8}$", Path.GetFileName(Assert.Single(Directory.GetDirectories(versionFolder))));
        AssertOneLineError(Walk("accept", "sample-walk"), "has no finished run");
        Assert.False(Directory.Exists(References));
    }

    [Fact]
    public void A_result_within_tolerance_reports_its_largest_deviation_and_a_difference_exits_1_with_the_diff()
    {
        Assert.Equal(0, Walk("run", "sample-walk").Code);
        Assert.Equal(0, Walk("accept").Code);

        Rewrite(Reference, (s, c) => ScaleFirstPosition(s, c, 1 + 1e-12));
        var within = Walk("run", "sample-walk");
        Assert.Equal(0, within.Code);
        Assert.Matches(@"sample-walk: within tolerance \(largest deviation [0-9.]+E-[0-9]+ tolerance units\)", within.Out);

        Rewrite(Reference, (s, c) => ScaleFirstPosition(s, c, 1.01));
        var differs = Walk("run", "sample-walk");
        Assert.Equal(1, differs.Code);
        Assert.Contains("sample-walk: differs from " + Reference, differs.Out);
        Assert.Contains("position", differs.Out);
        Assert.Contains("1 value(s) changed", differs.Out);
        Assert.Contains("`repro accept` makes them the references", differs.Out);
    }

    [Fact]
    public void Reproduce_compares_every_experiment_writes_the_report_of_the_run_and_leaves_the_references_alone()
    {
        IReadOnlyList<ExperimentDefinition> catalogue = [SampleWalk.Definition, TunableDraws.Definition];
        var report = Path.Combine(_temp.Path, "report");
        var (code, output, _) = Repro(catalogue, "reproduce", "--runs", Runs, "--artifacts", References, "--report", report);
        Assert.Equal(0, code);
        Assert.Contains("0 reproduced exactly, 0 within tolerance, 0 differ, 2 new", output);
        Assert.True(File.Exists(Path.Combine(report, "index.html")));
        Assert.False(Directory.Exists(References));
    }

    /// <summary>Measured on main: a value its enum does not know aborted the whole report.</summary>
    [Fact]
    public void The_report_marks_an_unreadable_artifact_and_goes_on_with_the_others()
    {
        IReadOnlyList<ExperimentDefinition> catalogue = [SampleWalk.Definition, TunableDraws.Definition];
        foreach (var definition in catalogue) ExperimentHost.Run(definition, new RunRequest(Profile.Quick, References));
        Rewrite(Reference, (schema, columns) =>
        {
            var index = schema.IndexOf("kind");
            var edited = ColumnVector.Create(ColumnType.String);
            var old = (ColumnVector<string>)columns[index];
            for (var i = 0; i < old.Count; i++) ((ColumnVector<string>)edited).Add(i == 0 ? "Sideways" : old[i]);
            columns[index] = edited;
            return columns;
        });
        var report = Path.Combine(_temp.Path, "report");
        var (code, output, error) = Repro(catalogue, "report", "--artifacts", References, "--report", report);
        Assert.Equal(1, code);
        Assert.Equal("", error);
        Assert.Contains("(0 without an artifact, 1 unreadable)", output);
        var markdown = File.ReadAllText(Path.Combine(report, "README.md"));
        Assert.Contains("unreadable artifact", markdown);
        Assert.Contains("Sideways", markdown);
        Assert.Contains(TunableDraws.Definition.Claims[0].Statement, File.ReadAllText(Path.Combine(report, "index.html")));
        // --allow-missing excuses an absent artifact, never a damaged one.
        Assert.Equal(1, Repro(catalogue, "report", "--artifacts", References, "--report", report, "--allow-missing").Code);
    }

    [Fact]
    public void An_absent_artifact_fails_the_report_unless_allowed()
    {
        IReadOnlyList<ExperimentDefinition> catalogue = [SampleWalk.Definition, TunableDraws.Definition];
        ExperimentHost.Run(TunableDraws.Definition, new RunRequest(Profile.Quick, References));
        var report = Path.Combine(_temp.Path, "report");
        var (code, output, _) = Repro(catalogue, "report", "--artifacts", References, "--report", report);
        Assert.Equal((1, true), (code, output.Contains("(1 without an artifact, 0 unreadable)", StringComparison.Ordinal)));
        Assert.Equal(0, Repro(catalogue, "report", "--artifacts", References, "--report", report, "--allow-missing").Code);
    }

    /// <summary>Measured on main: a line break in a metadata field put raw HTML and an external image into report/README.md.</summary>
    [Fact]
    public void The_markdown_report_escapes_metadata()
    {
        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, References));
        Rewrite(Reference, metadata: kv => kv[RunMetadata.GitCommit] = "abc\n\n<img src=\"https://example.invalid/x.png\">\n![pixel](https://example.invalid/p.png)\n| x |");
        var report = Path.Combine(_temp.Path, "report");
        Repro([SampleWalk.Definition], "report", "--artifacts", References, "--report", report);
        var markdown = File.ReadAllText(Path.Combine(report, "README.md"));
        Assert.DoesNotMatch(@"(?<!\\)<img", markdown);
        Assert.DoesNotContain("![pixel]", markdown);
        Assert.Contains("abc  \\<img src=\"https://example.invalid/x.png\"\\> \\!\\[pixel\\]", markdown);
        var manifestRow = markdown.Split('\n').Single(l => l.StartsWith("| sample-walk | 3 |", StringComparison.Ordinal));
        Assert.Equal(6, manifestRow.Split(" | ").Length); // six cells: the | inside the field is escaped
        Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(report, "index.html")));
    }

    /// <summary>Measured on main: a full disk ended `repro report` with exit 134 and a 9-frame trace.</summary>
    [Fact]
    public void A_full_disk_is_a_one_line_error()
    {
        if (!File.Exists("/dev/full")) return; // Linux only: writes to /dev/full fail with ENOSPC
        var report = Path.Combine(_temp.Path, "report");
        Directory.CreateDirectory(report);
        File.CreateSymbolicLink(Path.Combine(report, "index.html"), "/dev/full");
        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, References));
        AssertOneLineError(Repro([SampleWalk.Definition], "report", "--artifacts", References, "--report", report), "No space left on device");
        Assert.True(File.Exists(Reference));
    }

    /// <summary>Measured on main: a journal chunk that cannot be saved (a full disk) killed the process from a worker thread.</summary>
    [Fact]
    public void A_chunk_that_cannot_be_saved_ends_the_run_with_an_error_not_a_crash()
    {
        // Once the run has opened its journal (its first progress report), the second chunk's name is taken by a folder.
        var partial = Path.Combine(Folder(Runs, SampleWalk.Definition), ArtifactLayout.PartialFolder);
        var blocked = false;
        var progress = new InlineProgress(() =>
        {
            if (blocked) return;
            blocked = true;
            Directory.CreateDirectory(Path.Combine(partial, "chunk-000000001-000000001.parquet"));
        });
        var e = Assert.Throws<ExperimentException>(() =>
            ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, Runs) { Threads = 1, ChunkRows = 1 }, progress));
        Assert.Contains("cannot save completed items", e.Message);
    }

    [Fact]
    public void Malformed_metadata_json_is_a_one_line_error_and_a_chunk_with_a_malformed_index_is_discarded()
    {
        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, References));
        var copy = Path.Combine(_temp.Path, "copy.parquet");
        File.Copy(Reference, copy);
        Rewrite(copy, metadata: kv => kv[RunMetadata.Tolerances] = "{not json");
        AssertOneLineError(Repro([SampleWalk.Definition], "diff", copy, Reference), "repro.tolerances is not valid JSON");

        Assert.Equal(0, Walk("run", "sample-walk", "--shard", "1/2").Code);
        var partial = Path.Combine(Folder(Runs, SampleWalk.Definition), ArtifactLayout.PartialFolder);
        var chunk = Directory.GetFiles(partial, "chunk-*.parquet").Order(StringComparer.Ordinal).First();
        Rewrite(chunk, metadata: kv => kv["repro.items"] = "zero:one");
        // A chunk whose index does not parse is discarded (its items are recomputed), so status reports work missing.
        var status = Repro([SampleWalk.Definition], "status", Folder(Runs, SampleWalk.Definition));
        Assert.Equal(1, status.Code);
        Assert.DoesNotContain("   at ", status.Err + status.Out);
    }

    [Fact]
    public void A_run_resumes_from_saved_progress_of_its_own_configuration_and_refuses_another()
    {
        // Half the work items, their journal saved elsewhere (as paper-profile progress is stored with the code).
        Assert.Equal(0, Walk("run", "sample-walk", "--shard", "1/2").Code);
        var saved = ArtifactLayout.ProgressDirectory(References, SampleWalk.Definition, Profile.Quick);
        Directory.CreateDirectory(Path.Combine(saved, ArtifactLayout.PartialFolder));
        foreach (var file in Directory.GetFiles(Path.Combine(Folder(Runs, SampleWalk.Definition), ArtifactLayout.PartialFolder)))
            File.Copy(file, Path.Combine(saved, ArtifactLayout.PartialFolder, Path.GetFileName(file)));
        // The report of the references, which have no artifact yet, says how much is stored and how to resume.
        var report = Path.Combine(_temp.Path, "report");
        Assert.Equal(0, Repro([SampleWalk.Definition], "report", "--artifacts", References, "--report", report, "--allow-missing").Code);
        Assert.Contains($"work items are stored in {saved}; run `repro run sample-walk --profile quick --resume-from {saved}`",
            File.ReadAllText(Path.Combine(report, "README.md")).Replace("\\", ""));

        var fresh = Path.Combine(_temp.Path, "fresh");
        var resumed = ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, fresh) { ResumeFrom = saved, Threads = 1 });
        Assert.True(resumed.Resumed > 0 && resumed.Resumed + resumed.Executed == resumed.Items, $"resumed {resumed.Resumed}, executed {resumed.Executed} of {resumed.Items}");
        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, References) { Threads = 1 });
        Assert.Equal(0, Repro([SampleWalk.Definition], "diff", Path.Combine(Folder(fresh, SampleWalk.Definition), ArtifactLayout.ResultsFile), Reference).Code);

        AssertOneLineError(Repro([SampleWalk.Definition], "run", "sample-walk", "--seed", "7", "--resume-from", saved, "--runs", Path.Combine(_temp.Path, "other")),
            "holds the progress of another configuration");
        AssertOneLineError(Repro([SampleWalk.Definition], "run", "sample-walk", "--resume-from", Path.Combine(_temp.Path, "absent"), "--runs", fresh), "--resume-from: no folder");
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_an_artifact_error()
    {
        var path = Path.Combine(_temp.Path, ArtifactLayout.ManifestFile);
        File.WriteAllText(path, "{\"experiment\": ");
        Assert.Contains("is not a valid manifest", Assert.Throws<ArtifactException>(() => ArtifactManifest.Read(path)).Message);
    }

    private sealed class InlineProgress(Action report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report();
    }
}
