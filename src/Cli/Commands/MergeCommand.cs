using System.CommandLine;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro merge`: a sharded run's journal into results.parquet once every shard is done.</summary>
internal static class MergeCommand
{
    public static Command Create(ReproContext context)
    {
        var dir = new Argument<string>("dir") { Description = "a run folder whose shards are done" };
        var command = new Command("merge", "Merge a sharded run's completed work into results.parquet.") { dir };
        command.SetAction(parse =>
        {
            var (file, rows, diverged) = ExperimentHost.Merge(parse.GetValue(dir)!);
            context.Output.WriteLine($"merged {rows} rows ({diverged} diverged) into {file}");
            return ExitCode.Ok;
        });
        return command;
    }
}
