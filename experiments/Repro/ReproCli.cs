using System.CommandLine;
using System.Globalization;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using Spectre.Console;
using Profile = ReproHeavyTails.Framework.Profile;

namespace ReproHeavyTails.Cli;

/// <summary>The `repro` commands. User mistakes end in one line on stderr and a non-zero exit code, never a stack trace.</summary>
public static class ReproCli
{
    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyList<ExperimentDefinition> catalogue,
        CancellationToken cancellation = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 160; // logs and CI: wide tables, no wrapping
        var commands = new Commands(console, output, catalogue, cancellation);
        try
        {
            return commands.Root().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ExperimentException or ArtifactException or ParquetFormatException)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted: completed cells are kept; run the same command again to resume.");
            return 130;
        }
    }

    private sealed class Commands(IAnsiConsole console, TextWriter output, IReadOnlyList<ExperimentDefinition> catalogue, CancellationToken cancellation)
    {
        private readonly Option<string> _profile = new("--profile") { Description = "quick (seconds; tests and CI) or paper (published scale)", DefaultValueFactory = _ => "quick" };
        private readonly Option<string> _out = new("--out") { Description = "artifact root folder", DefaultValueFactory = _ => "artifacts" };
        private readonly Option<string[]> _set = new("--set") { Description = "override a parameter's values: name=v1,v2,...", AllowMultipleArgumentsPerToken = false };
        private readonly Option<ulong> _seed = new("--seed") { Description = "master seed", DefaultValueFactory = _ => RunSettings.DefaultSeed };
        private readonly Option<int> _threads = new("--threads") { Description = "worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        private readonly Option<string?> _shard = new("--shard") { Description = "run shard k of N, e.g. 2/3" };
        private readonly Option<bool> _all = new("--all") { Description = "every experiment in the catalogue" };

        public RootCommand Root()
        {
            var root = new RootCommand("ReproHeavyTails: reproducible experiments on heavy tails and noise in SGD.");
            root.Subcommands.Add(List());
            root.Subcommands.Add(RunCommand());
            root.Subcommands.Add(Reproduce());
            root.Subcommands.Add(Show());
            root.Subcommands.Add(Diff());
            root.Subcommands.Add(Merge());
            root.Subcommands.Add(Status());
            root.Subcommands.Add(Slurm());
            root.Subcommands.Add(Report());
            root.Subcommands.Add(CalibrateCommand.Create(catalogue, output, cancellation));
            return root;
        }

        private Command List()
        {
            var command = new Command("list", "List experiments with their parameters and grid sizes per profile.");
            command.SetAction(_ =>
            {
                var table = new Table().AddColumns("experiment", "version", "parameters", "quick cells × reps", "paper cells × reps", "claims");
                foreach (var d in catalogue)
                {
                    var quick = d.CreateGrid(Profile.Quick);
                    var paper = d.CreateGrid(Profile.Paper);
                    table.AddRow(Markup.Escape(d.Id), d.Version.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(string.Join(", ", d.Parameters.Select(p => p.Name))),
                        $"{quick.Cells.Count} × {d.QuickReplicates}", $"{paper.Cells.Count} × {d.PaperReplicates}",
                        d.Claims.Count.ToString(CultureInfo.InvariantCulture));
                }
                console.Write(table);
                return 0;
            });
            return command;
        }

        private Command RunCommand()
        {
            var ids = new Argument<string[]>("id") { Arity = ArgumentArity.ZeroOrMore, Description = "experiment ids" };
            var command = new Command("run", "Run experiments' grids and write Parquet artifacts.") { ids, _all, _profile, _set, _seed, _threads, _out, _shard };
            command.SetAction(parse =>
            {
                var selected = Select(parse.GetValue(ids) ?? [], parse.GetValue(_all));
                var request = Request(parse);
                var summaries = selected.Select(d => RunOne(d, request)).ToList();
                Summarize(summaries);
                return 0;
            });
            return command;
        }

        private Command Reproduce()
        {
            var report = new Option<string>("--report") { Description = "folder for the report (figures, claims, manifest)", DefaultValueFactory = _ => "report" };
            var command = new Command("reproduce", "Run every experiment, check every paper's claims and write the report.") { _profile, _seed, _threads, _out, report };
            command.SetAction(parse =>
            {
                var request = Request(parse);
                var outcomes = new List<ClaimOutcome>();
                var summaries = new List<RunSummary>();
                foreach (var definition in catalogue)
                {
                    var summary = RunOne(definition, request);
                    summaries.Add(summary);
                    outcomes.AddRange(ClaimCheck.Check(definition, summary.ResultsFile!));
                }
                Summarize(summaries);
                var table = new Table().AddColumns("paper", "experiment", "claim", "evidence", "result");
                foreach (var o in outcomes)
                    table.AddRow(Markup.Escape(o.Paper), Markup.Escape(o.Experiment), Markup.Escape(o.Statement), Markup.Escape(o.Evidence),
                        o.AsExpected ? (o.Passed ? "[green]pass[/]" : "[yellow]known failure[/]") : $"[red]{o.Verdict}[/]");
                console.Write(table);
                var passed = outcomes.Count(o => o.Passed && o.AsExpected);
                var known = outcomes.Count(o => !o.Passed && o.AsExpected);
                var unexpected = outcomes.Count(o => !o.AsExpected);
                output.WriteLine($"{passed} passed, {known} known failures, {unexpected} unexpected");
                var written = ReproductionReport.Write(catalogue, request.OutputRoot, request.Profile, parse.GetValue(report)!);
                output.WriteLine($"report: {Path.Combine(parse.GetValue(report)!, "index.html")} ({written.Figures} figures)");
                return unexpected == 0 ? 0 : 1;
            });
            return command;
        }

        private Command Report()
        {
            var artifacts = new Option<string>("--artifacts") { Description = "artifact root to read", DefaultValueFactory = _ => "artifacts" };
            var folder = new Option<string>("--out") { Description = "report folder", DefaultValueFactory = _ => "report" };
            var command = new Command("report", "Draw every experiment's figures from its stored artifact and write report/index.html and report/README.md with the claims.")
                { _profile, artifacts, folder };
            command.SetAction(parse =>
            {
                var profile = ParseProfile(parse.GetValue(_profile)!);
                var summary = ReproductionReport.Write(catalogue, parse.GetValue(artifacts)!, profile, parse.GetValue(folder)!);
                output.WriteLine($"{Path.Combine(parse.GetValue(folder)!, "index.html")}: {summary.Experiments} experiments ({summary.Missing} without artifacts), "
                                 + $"{summary.Figures} figures; claims: {summary.Passed} passed, {summary.KnownFailures} known failures, {summary.Unexpected} unexpected");
                return summary.Missing == 0 && summary.Unexpected == 0 ? 0 : 1;
            });
            return command;
        }

        private Command Show()
        {
            var path = new Argument<string>("path") { Description = "a .parquet file, or a run folder" };
            var rows = new Option<int>("--rows") { Description = "rows to print", DefaultValueFactory = _ => 10 };
            var text = new Option<bool>("--text") { Description = "the whole file as canonical text (for git diff)" };
            var command = new Command("show", "Print an artifact's schema, metadata and first rows.") { path, rows, text };
            command.SetAction(parse =>
            {
                var file = parse.GetValue(path)!;
                if (Directory.Exists(file)) file = Path.Combine(file, ArtifactLayout.ResultsFile);
                using var reader = ParquetReader.Open(file);
                output.Write(TableText.Render(reader, parse.GetValue(text) ? null : parse.GetValue(rows)));
                return 0;
            });
            return command;
        }

        private Command Diff()
        {
            var a = new Argument<string>("a") { Description = "old artifact file or folder" };
            var b = new Argument<string>("b") { Description = "new artifact file or folder" };
            var format = new Option<string>("--format") { Description = "table, md or json", DefaultValueFactory = _ => "table" };
            var atol = new Option<double?>("--atol") { Description = "absolute tolerance for every numeric column" };
            var rtol = new Option<double?>("--rtol") { Description = "relative tolerance for every numeric column" };
            var command = new Command("diff", "Compare artifacts: exit 0 same within tolerance, 1 different, 2 error.") { a, b, format, atol, rtol };
            command.SetAction(parse =>
            {
                var absolute = parse.GetValue(atol);
                var relative = parse.GetValue(rtol);
                Tolerance? tolerance = absolute is null && relative is null ? null : new Tolerance(absolute ?? 0, relative ?? 0);
                var report = ArtifactDiff.Compare(parse.GetValue(a)!, parse.GetValue(b)!, tolerance);
                output.Write(parse.GetValue(format) switch
                {
                    "md" => report.ToMarkdown(),
                    "json" => report.ToJson() + "\n",
                    "table" => report.ToText(),
                    var f => throw new ArtifactException($"--format must be table, md or json (got '{f}')."),
                });
                return report.Differs ? 1 : 0;
            });
            return command;
        }

        private Command Merge()
        {
            var dir = new Argument<string>("dir") { Description = "a run folder whose shards are done" };
            var command = new Command("merge", "Merge a sharded run's completed work into results.parquet.") { dir };
            command.SetAction(parse =>
            {
                var (file, rows, diverged) = ExperimentHost.Merge(parse.GetValue(dir)!);
                output.WriteLine($"merged {rows} rows ({diverged} diverged) into {file}");
                return 0;
            });
            return command;
        }

        private Command Status()
        {
            var dir = new Argument<string>("dir") { Description = "a run folder" };
            var shards = new Option<int?>("--shards") { Description = "report each of N shards: done, running or missing" };
            var command = new Command("status", "Show how many work items of a (sharded) run are done; exit 0 when all are.") { dir, shards };
            command.SetAction(parse =>
            {
                var folder = parse.GetValue(dir)!;
                var journal = RunJournal.OpenExisting(folder, out var total, out _);
                var done = journal.CompletedItems.Count(i => i < total);
                if (parse.GetValue(shards) is { } n)
                {
                    var table = new Table().AddColumns("shard", "items", "done", "missing", "state");
                    foreach (var s in ShardStatus.Of(folder, n))
                        table.AddRow($"{s.Shard}", $"{s.Items}", $"{s.Done}", $"{s.Missing}", s.State);
                    console.Write(table);
                }
                output.WriteLine($"{folder}: {done} of {total} work items done, {total - done} missing");
                return done == total ? 0 : 1;
            });
            return command;
        }

        private Command Slurm()
        {
            var ids = new Argument<string[]>("ids") { Description = "experiment ids", Arity = ArgumentArity.ZeroOrMore };
            var profile = new Option<string>("--profile") { Description = "quick or paper", DefaultValueFactory = _ => "paper" };
            var shards = new Option<int?>("--shards") { Description = "array tasks, one shard each (default: one per work item, at most 32)" };
            var partition = new Option<string?>("--partition") { Description = "Slurm partition" };
            var time = new Option<string?>("--time") { Description = "time limit per task (default 04:00:00)" };
            var cpus = new Option<int?>("--cpus") { Description = "CPUs per task (default: the shard's items, at most 4)" };
            var submit = new Option<bool>("--submit") { Description = "submit with sbatch instead of printing the command" };
            var command = new Command("slurm", "Write an sbatch array script per experiment (one task per shard) and print how to submit, watch and merge it.")
                { ids, _all, profile, shards, partition, time, cpus, _seed, _out, submit };
            command.SetAction(parse =>
            {
                var chosen = ParseProfile(parse.GetValue(profile)!);
                foreach (var definition in Select(parse.GetValue(ids) ?? [], parse.GetValue(_all)))
                {
                    var script = SlurmScript.For(definition, chosen, parse.GetValue(_seed), parse.GetValue(_out)!, parse.GetValue(shards),
                        parse.GetValue(cpus), parse.GetValue(time), parse.GetValue(partition));
                    script.Write();
                    output.WriteLine($"{definition.Id}: {script.Shards} array tasks × {script.CpusPerTask} CPUs → {script.ScriptPath}");
                    if (parse.GetValue(submit)) output.WriteLine($"  submitted job {SubmitBatch(script.ScriptPath)}");
                    else output.WriteLine($"  submit: sbatch {script.ScriptPath}");
                    output.WriteLine($"  watch:  repro status {script.RunDirectory} --shards {script.Shards}");
                    output.WriteLine($"  merge:  repro merge {script.RunDirectory}");
                }
                return 0;
            });
            return command;
        }

        private static string SubmitBatch(string script)
        {
            var start = new System.Diagnostics.ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("--parsable");
            start.ArgumentList.Add(script);
            try
            {
                using var process = System.Diagnostics.Process.Start(start)!;
                var id = process.StandardOutput.ReadToEnd().Trim();
                var error = process.StandardError.ReadToEnd().Trim();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new ExperimentException($"sbatch failed: {error}");
                return id;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new ExperimentException("sbatch is not on the PATH: run on a Slurm login node, or submit the script there.");
            }
        }

        private RunSummary RunOne(ExperimentDefinition definition, RunRequest request)
        {
            if (!console.Profile.Capabilities.Interactive)
            {
                var last = DateTime.MinValue;
                var report = new Progress<RunProgress>(p =>
                {
                    if (p.Completed < p.Total && DateTime.UtcNow - last < TimeSpan.FromSeconds(10)) return;
                    last = DateTime.UtcNow;
                    output.WriteLine($"{p.Experiment}: {p.Completed}/{p.Total} items, {p.Elapsed.TotalSeconds:0.0}s{Eta(p)}");
                });
                return ExperimentHost.Run(definition, request, report, cancellation);
            }
            RunSummary? summary = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(definition.Id));
                    var report = new SynchronousProgress(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Completed; });
                    summary = ExperimentHost.Run(definition, request, report, cancellation);
                    task.Value = task.MaxValue;
                });
            return summary!;
        }

        private static string Eta(RunProgress p) =>
            p.Completed == 0 || p.Completed == p.Total ? "" : $", ETA {p.Elapsed.TotalSeconds * (p.Total - p.Completed) / p.Completed:0}s";

        private void Summarize(IReadOnlyList<RunSummary> summaries)
        {
            var table = new Table().AddColumns("experiment", "cells", "items", "ran", "resumed", "diverged", "rows", "seconds", "output");
            foreach (var s in summaries)
                table.AddRow(Markup.Escape(s.Experiment), $"{s.Cells}", $"{s.Items}", $"{s.Executed}", $"{s.Resumed}", $"{s.Diverged}", $"{s.Rows}",
                    s.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(s.ResultsFile ?? s.Directory + " (shard: merge when all are done)"));
            console.Write(table);
        }

        private IReadOnlyList<ExperimentDefinition> Select(string[] ids, bool all)
        {
            if (all) return catalogue;
            if (ids.Length == 0) throw new ExperimentException("Name at least one experiment id, or use --all. `repro list` shows them.");
            return ids.Select(id => catalogue.FirstOrDefault(d => d.Id == id)
                ?? throw new ExperimentException($"Unknown experiment '{id}'. Known: {string.Join(", ", catalogue.Select(d => d.Id))}.")).ToList();
        }

        private static Profile ParseProfile(string text) =>
            ArtifactLayout.TryParseProfile(text, out var profile) ? profile : throw new ExperimentException($"--profile must be quick or paper (got '{text}').");

        private RunRequest Request(ParseResult parse)
        {
            var profile = ParseProfile(parse.GetValue(_profile)!);
            var overrides = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var assignment in parse.GetResult(_set) is null ? [] : parse.GetValue(_set) ?? [])
            {
                var eq = assignment.IndexOf('=');
                if (eq <= 0 || eq == assignment.Length - 1)
                    throw new ExperimentException($"--set '{assignment}' must look like name=v1,v2,...");
                overrides[assignment[..eq].Trim()] = assignment[(eq + 1)..].Split(',');
            }
            var shard = parse.GetValue(_shard);
            return new RunRequest(profile, parse.GetResult(_out) is null ? "artifacts" : parse.GetValue(_out)!)
            {
                Overrides = overrides.Count > 0 ? overrides : null,
                Seed = parse.GetValue(_seed),
                Threads = parse.GetValue(_threads),
                Shard = shard is null ? null : ShardSpec.Parse(shard),
            };
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
