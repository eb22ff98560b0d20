using System.CommandLine;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro run`: runs experiments into the run folder and compares them with the stored references, which it never writes.</summary>
internal static class RunCommand
{
    public static Command Create(ReproContext context)
    {
        var ids = ExperimentArgument.Create(context.Catalogue);
        var all = ReproOptions.All();
        var profile = ReproOptions.Profile();
        var set = ReproOptions.Set();
        var seed = ReproOptions.Seed();
        var threads = ReproOptions.Threads();
        var runs = ReproOptions.Runs();
        var artifacts = ReproOptions.Artifacts();
        var shard = ReproOptions.Shard();
        var items = ReproOptions.Items();
        var resumeFrom = new Option<string?>("--resume-from")
        {
            Description = "resume from the journal of another run folder or a saved copy of one (such as artifacts/<id>/v<k>/paper-progress): its completed items are not re-run",
            HelpName = "dir",
        };
        var sample = ReproOptions.Sample("run only N work items of each experiment, chosen by their keys alone (the same on every machine): a partial artifact");
        var command = new Command("run", "Run experiments into the run folder (--runs) and compare the results with the stored references (--artifacts); "
                                         + "exit 1 if any differs. `repro accept` makes a run the reference.")
            { ids, all, profile, set, seed, threads, shard, items, sample, resumeFrom, runs, artifacts };
        ExperimentArgument.RequireIdsOrAll(command, ids, all);
        command.Validators.Add(result =>
        {
            if (result.GetResult(items) is not null && result.GetResult(sample) is not null) result.AddError("choose --items or --sample, not both.");
            if (result.GetValue(resumeFrom) is { } saved && !Directory.Exists(saved)) result.AddError($"--resume-from: no folder {saved}.");
        });
        command.SetAction(parse =>
        {
            var request = new RunRequest(profile.ValueIn(parse), parse.GetValue(runs)!)
            {
                Overrides = parse.GetValue(set) is { Count: > 0 } overrides ? overrides : null,
                Seed = parse.GetValue(seed),
                Shard = parse.GetValue(shard),
                Items = parse.GetValue(sample) is { } n ? ItemSelection.Sample(n) : parse.GetValue(items),
                ResumeFrom = parse.GetValue(resumeFrom),
            };
            if (parse.GetValue(threads) is { } t) request = request with { Threads = t };
            var done = ExperimentArgument.Selected(parse, ids, all, context.Catalogue).Select(d => (d, context.Run(d, request))).ToList();
            context.WriteRuns(done.Select(r => r.Item2).ToList());
            return context.CompareWithReferences(done, request, parse.GetValue(artifacts)!) == 0 ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }
}
