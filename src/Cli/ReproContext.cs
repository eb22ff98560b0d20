using System.Globalization;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using Spectre.Console;

namespace ReproHeavyTails.Cli;

/// <summary>What every command shares: the writers, the catalogue, cancellation, and running experiments with progress.</summary>
internal sealed class ReproContext
{
    public ReproContext(TextWriter output, TextWriter error, IReadOnlyList<ExperimentDefinition> catalogue, CancellationToken cancellation)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!terminal) Console.Profile.Width = 160; // logs and CI: wide tables, no wrapping
        Output = output;
        Error = error;
        Catalogue = catalogue;
        Cancellation = cancellation;
    }

    public IAnsiConsole Console { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IReadOnlyList<ExperimentDefinition> Catalogue { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Runs one experiment, with a progress bar on a terminal and a line every ten seconds in a log.</summary>
    public RunSummary Run(ExperimentDefinition definition, RunRequest request)
    {
        if (!Console.Profile.Capabilities.Interactive)
        {
            var last = DateTime.MinValue;
            var report = new Progress<RunProgress>(p =>
            {
                if (p.Completed < p.Total && DateTime.UtcNow - last < TimeSpan.FromSeconds(10)) return;
                last = DateTime.UtcNow;
                Output.WriteLine($"{p.Experiment}: {p.Completed}/{p.Total} items, {p.Elapsed.TotalSeconds:0.0}s{Eta(p)}");
            });
            return ExperimentHost.Run(definition, request, report, Cancellation);
        }
        RunSummary? summary = null;
        Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(definition.Id));
                var report = new SynchronousProgress(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Completed; });
                summary = ExperimentHost.Run(definition, request, report, Cancellation);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private static string Eta(RunProgress p) =>
        p.Completed == 0 || p.Completed == p.Total ? "" : $", ETA {p.Elapsed.TotalSeconds * (p.Total - p.Completed) / p.Completed:0}s";

    public void WriteRuns(IReadOnlyList<RunSummary> summaries)
    {
        var table = new Table().AddColumns("experiment", "cells", "items", "ran", "resumed", "diverged", "rows", "seconds", "output");
        foreach (var s in summaries)
            table.AddRow(Markup.Escape(s.Experiment), $"{s.Cells}", $"{s.Items}", $"{s.Executed}", $"{s.Resumed}", $"{s.Diverged}", $"{s.Rows}",
                s.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(s.ResultsFile ?? s.Directory + " (shard: merge when all are done)"));
        Console.Write(table);
    }

    /// <summary>
    /// Compares each finished reference-configuration run with its stored reference and prints one verdict per
    /// experiment (the diff when it differs). Returns how many differ.
    /// </summary>
    public int CompareWithReferences(IReadOnlyList<(ExperimentDefinition Definition, RunSummary Summary)> runs, RunRequest request, string artifactsRoot)
    {
        var counts = new Dictionary<ReferenceMatch, int>();
        foreach (var (definition, summary) in runs)
        {
            if (summary.ResultsFile is null) continue; // a shard: nothing to compare until merged
            if (!request.ComparableWithReference)
            {
                Output.WriteLine($"{definition.Id}: custom seed or grid, not compared with the references ({summary.Directory})");
                continue;
            }
            var comparison = ReferenceArtifacts.Compare(summary.ResultsFile, ArtifactLayout.RunDirectory(artifactsRoot, definition, request.Profile));
            counts[comparison.Match] = counts.GetValueOrDefault(comparison.Match) + 1;
            Output.WriteLine($"{definition.Id}: {comparison.Describe()}" + comparison.Match switch
            {
                ReferenceMatch.New when request.Items is not null => " (a partial artifact: only a run of every item can become the reference)",
                ReferenceMatch.New => $"; `repro accept {definition.Id}` stores this run as its reference",
                ReferenceMatch.Differs => ":",
                _ => "",
            });
            if (comparison.Match == ReferenceMatch.Differs) Output.Write(Indent(comparison.Diff!.ToText()));
        }
        if (counts.Count > 0)
            Output.WriteLine($"references: {counts.GetValueOrDefault(ReferenceMatch.Exact)} reproduced exactly, {counts.GetValueOrDefault(ReferenceMatch.WithinTolerance)} within tolerance, "
                             + $"{counts.GetValueOrDefault(ReferenceMatch.Differs)} differ, {counts.GetValueOrDefault(ReferenceMatch.New)} new");
        var differ = counts.GetValueOrDefault(ReferenceMatch.Differs);
        if (differ > 0)
            Output.WriteLine($"the fresh results are in {request.OutputRoot}; if the change is intended, `repro accept` makes them the references");
        return differ;
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Select(l => l.Length == 0 ? "\n" : "  " + l + "\n")).TrimEnd('\n') + "\n";

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
