using System.CommandLine;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro slurm`: an sbatch array script per experiment, one task per shard, all into a shared run folder.</summary>
internal static class SlurmCommand
{
    public static Command Create(ReproContext context)
    {
        var ids = ExperimentArgument.Create(context.Catalogue);
        var all = ReproOptions.All();
        var profile = ReproOptions.Profile(Profile.Paper);
        var shards = ReproOptions.AtLeastOne(new Option<int?>("--shards") { Description = "array tasks, one shard each (default: one per work item, at most 32)" });
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (letters, digits, _ . - and commas)" };
        var time = new Option<string?>("--time") { Description = "time limit per task, [days-]hours:minutes:seconds (default: 04:00:00)" };
        var cpus = ReproOptions.AtLeastOne(new Option<int?>("--cpus") { Description = "CPUs per task (default: the shard's items, at most 4)" });
        var seed = ReproOptions.Seed();
        var runs = ReproOptions.Runs();
        var submit = new Option<bool>("--submit") { Description = "submit with sbatch instead of printing the command" };
        var command = new Command("slurm", "Write an sbatch array script per experiment (one task per shard, all into the shared run folder --runs) "
                                           + "and print how to submit, watch and merge it.")
            { ids, all, profile, shards, partition, time, cpus, seed, runs, submit };
        ExperimentArgument.RequireIdsOrAll(command, ids, all);
        command.SetAction(parse =>
        {
            foreach (var definition in ExperimentArgument.Selected(parse, ids, all, context.Catalogue))
            {
                var script = SlurmScript.For(definition, profile.ValueIn(parse), parse.GetValue(seed), parse.GetValue(runs)!, parse.GetValue(shards),
                    parse.GetValue(cpus), parse.GetValue(time), parse.GetValue(partition));
                script.Write();
                context.Output.WriteLine($"{definition.Id}: {script.Shards} array tasks × {script.CpusPerTask} CPUs → {script.ScriptPath}");
                if (parse.GetValue(submit)) context.Output.WriteLine($"  submitted job {SubmitBatch(script.ScriptPath)}");
                else context.Output.WriteLine($"  submit: sbatch {script.ScriptPath}");
                context.Output.WriteLine($"  watch:  repro status {script.RunDirectory} --shards {script.Shards}");
                context.Output.WriteLine($"  merge:  repro merge {script.RunDirectory}");
            }
            return ExitCode.Ok;
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
}
