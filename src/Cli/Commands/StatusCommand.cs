using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using Spectre.Console;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro status`: how much of a (sharded) run is done.</summary>
internal static class StatusCommand
{
    public static Command Create(ReproContext context)
    {
        var dir = new Argument<string>("dir") { Description = "a run folder" };
        var shards = ReproOptions.AtLeastOne(new Option<int?>("--shards") { Description = "report each of N shards: done, running or missing" });
        var command = new Command("status", "Show how many work items of a (sharded) run are done; exit 0 when all are, 1 when some are missing.") { dir, shards };
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
                context.Console.Write(table);
            }
            context.Output.WriteLine($"{folder}: {done} of {total} work items done, {total - done} missing");
            return done == total ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }
}
