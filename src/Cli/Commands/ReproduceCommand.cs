using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using Spectre.Console;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro reproduce`, the main job: every experiment at the profile's own grid and seed into the run folder, each
/// compared with its stored reference, every claim checked on the fresh results, and their report.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(ReproContext context)
    {
        var profile = ReproOptions.Profile();
        var threads = ReproOptions.Threads();
        var runs = ReproOptions.Runs();
        var artifacts = ReproOptions.Artifacts();
        var report = ReproOptions.Report();
        var command = new Command("reproduce", "Run every experiment into the run folder, compare each with its stored reference, check every paper's claims "
                                               + "and write the report; exit 1 if a result differs or a claim fails unexpectedly.")
            { profile, threads, runs, artifacts, report };
        command.SetAction(parse =>
        {
            var request = new RunRequest(profile.ValueIn(parse), parse.GetValue(runs)!);
            if (parse.GetValue(threads) is { } n) request = request with { Threads = n };
            var done = context.Catalogue.Select(d => (d, context.Run(d, request))).ToList();
            context.WriteRuns(done.Select(r => r.Item2).ToList());
            var outcomes = done.SelectMany(r => ClaimCheck.Check(r.d, r.Item2.ResultsFile!)).ToList();
            var table = new Table().AddColumns("paper", "experiment", "claim", "evidence", "result");
            foreach (var o in outcomes)
                table.AddRow(Markup.Escape(o.Paper), Markup.Escape(o.Experiment), Markup.Escape(o.Statement), Markup.Escape(o.Evidence),
                    o.AsExpected ? (o.Passed ? "[green]pass[/]" : "[yellow]known failure[/]") : $"[red]{Markup.Escape(o.Verdict)}[/]");
            context.Console.Write(table);
            var unexpected = outcomes.Count(o => !o.AsExpected);
            context.Output.WriteLine($"claims: {outcomes.Count(o => o.Passed && o.AsExpected)} passed, {outcomes.Count(o => !o.Passed && o.AsExpected)} known failures, {unexpected} unexpected");
            var differ = context.CompareWithReferences(done, request, parse.GetValue(artifacts)!);
            var folder = parse.GetValue(report)!;
            var written = ReproductionReport.Write(context.Catalogue, request.OutputRoot, request.Profile, folder, quickRoot: parse.GetValue(artifacts));
            context.Output.WriteLine($"report of this run: {Path.Combine(folder, "index.html")} ({written.Figures} figures)");
            return unexpected == 0 && differ == 0 ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }
}
