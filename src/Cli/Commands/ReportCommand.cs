using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro report`: figures, claims and manifest drawn from stored artifacts (or a run folder), nothing re-run.</summary>
internal static class ReportCommand
{
    public static Command Create(ReproContext context)
    {
        var profile = ReproOptions.Profile();
        var artifacts = ReproOptions.Artifacts();
        var runs = new Option<string?>("--runs")
        {
            Description = "draw the report from the fresh runs in this folder instead of the stored references",
            HelpName = "dir",
        };
        var report = ReproOptions.Report();
        var allowMissing = new Option<bool>("--allow-missing")
        {
            Description = "experiments without an artifact are listed in the report, not an error (the paper profile's artifacts are stored one experiment at a time)",
        };
        var command = new Command("report", "Draw every experiment's figures from its artifact and write index.html and README.md with the claims; "
                                            + "exit 1 if an artifact is missing (unless --allow-missing) or unreadable or a claim fails unexpectedly.")
            { profile, artifacts, runs, report, allowMissing };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(runs) ?? parse.GetValue(artifacts)!;
            var folder = parse.GetValue(report)!;
            var summary = ReproductionReport.Write(context.Catalogue, source, profile.ValueIn(parse), folder, quickRoot: parse.GetValue(artifacts));
            context.Output.WriteLine($"{Path.Combine(folder, "index.html")}: {summary.Experiments} experiments ({summary.Missing} without an artifact, {summary.Unreadable} unreadable), "
                                     + $"{summary.Figures} figures; claims: {summary.Passed} passed, {summary.KnownFailures} known failures, {summary.Unexpected} unexpected");
            return (summary.Missing == 0 || parse.GetValue(allowMissing)) && summary.Unreadable == 0 && summary.Unexpected == 0 ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }
}
