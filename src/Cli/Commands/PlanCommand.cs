using System.CommandLine;
using System.Globalization;
using ReproHeavyTails.Framework;
using Spectre.Console;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro plan`: before a long run, what it will cost. Times a deterministic sample of each experiment's work items
/// (<see cref="CostEstimate"/>), extrapolates to every item, and prints the CPU time, the wall time on this machine and
/// on a Slurm allocation, the memory, and where to run. Nothing is written.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(ReproContext context)
    {
        var ids = ExperimentArgument.Create(context.Catalogue);
        var all = ReproOptions.All();
        var profile = ReproOptions.Profile(Framework.Profile.Paper);
        var sample = ReproOptions.Sample($"work items timed per experiment, one at a time, chosen by their keys alone (default: {ReproOptions.DefaultSample})");
        var nodes = ReproOptions.AtLeastOne(new Option<int?>("--slurm-nodes") { Description = "nodes of a Slurm allocation to estimate the wall time on", HelpName = "K" });
        var cores = ReproOptions.AtLeastOne(new Option<int?>("--slurm-cores") { Description = "cores per node of that allocation", HelpName = "C" });
        var command = new Command("plan", "Estimate each experiment's cost at a profile from timing a sample of its work items: CPU time, wall time here and on "
                                          + "a Slurm allocation, memory, and whether to run locally or on the cluster. Writes nothing.")
            { ids, all, profile, sample, nodes, cores };
        ExperimentArgument.RequireIdsOrAll(command, ids, all);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(nodes) is null) != (result.GetResult(cores) is null)) result.AddError("give --slurm-nodes and --slurm-cores together.");
        });
        command.SetAction(parse =>
        {
            var chosenProfile = profile.ValueIn(parse);
            var (k, c) = (parse.GetValue(nodes), parse.GetValue(cores));
            int? clusterCores = k * c;
            var here = Environment.ProcessorCount;
            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            var estimates = new List<CostEstimate>();
            foreach (var definition in ExperimentArgument.Selected(parse, ids, all, context.Catalogue))
            {
                var grid = definition.CreateGrid(chosenProfile);
                var n = parse.GetValue(sample) ?? ReproOptions.DefaultSample;
                context.Output.WriteLine($"{definition.Id}: timing {Math.Min(n, grid.Cells.Count * definition.Replicates(chosenProfile))} of "
                                         + $"{grid.Cells.Count} cells × {definition.Replicates(chosenProfile)} replicates");
                estimates.Add(CostEstimate.Measure(definition, chosenProfile, n,
                    t => context.Output.WriteLine($"  item {t.Item}: {Duration(t.CpuSeconds)} CPU, {Duration(t.WallSeconds)} wall"), context.Cancellation));
            }
            var slurm = clusterCores is null ? "Slurm (not given)" : $"Slurm ({k}×{c} cores)";
            var table = new Table().AddColumns("experiment", "items", "timed", "CPU time", "± (1 SE)", $"wall here ({here} cores)", slurm,
                "memory (1 item; all cores)", "recommendation");
            foreach (var e in estimates)
                table.AddRow(Markup.Escape(e.Experiment), $"{e.Items}", $"{e.Timed.Count}", Duration(e.CpuSeconds),
                    double.IsNaN(e.RelativeError) ? "unknown" : e.RelativeError.ToString("0%", CultureInfo.InvariantCulture),
                    Duration(e.WallSeconds(here)), clusterCores is { } w ? Duration(e.WallSeconds(w)) : "—",
                    $"{Bytes(e.PeakBytesAt(1))}; {Bytes(e.PeakBytesAt(here))}", Markup.Escape(e.Recommend(here, available, clusterCores)));
            context.Console.Write(table);
            context.Output.WriteLine($"Extrapolated from the items timed, one at a time on this machine (its CPU time: a busy machine inflates it less than wall time; "
                                     + "the first item of a process includes JIT compilation). ± is the standard error of the total from the timed items' spread "
                                     + "(unknown when one item was timed). Wall time is ⌈items / cores⌉ × the mean item, at least the longest one timed. "
                                     + $"Memory is the working set with one item, and with one per core; {Bytes(available)} are available here. "
                                     + $"Local means under {CostEstimate.LocalLimit.TotalHours:0} h here.");
            return ExitCode.Ok;
        });
        return command;
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0.0# s", CultureInfo.InvariantCulture),
        < 3600 => (seconds / 60).ToString("0.0 min", CultureInfo.InvariantCulture),
        < 86400 => (seconds / 3600).ToString("0.0 h", CultureInfo.InvariantCulture),
        _ => (seconds / 86400).ToString("0.0 d", CultureInfo.InvariantCulture),
    };

    private static string Bytes(long bytes) => bytes < 1L << 30
        ? (bytes / (double)(1 << 20)).ToString("0 MB", CultureInfo.InvariantCulture)
        : (bytes / (double)(1L << 30)).ToString("0.0 GB", CultureInfo.InvariantCulture);
}
