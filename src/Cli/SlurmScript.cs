using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli;

/// <summary>
/// An sbatch array script for one experiment: one array task per shard, each running
/// <c>repro run … --shard $SLURM_ARRAY_TASK_ID/N</c> into the shared output folder. Tasks own disjoint work
/// items and keep completed ones in the run's journal, so a requeued (preempted or failed) task resumes.
/// Every user value is checked before it reaches the script: #SBATCH lines cannot be quoted, so a value with a line
/// break, a space or a quote is refused rather than written (it would be a command of its own).
/// </summary>
internal sealed partial record SlurmScript(ExperimentDefinition Experiment, Profile Profile, ulong Seed, string RunsRoot, int Shards, int CpusPerTask, string Time, string? Partition)
{
    /// <summary>
    /// Requests derived from the grid: at most 32 shards (one per work item when there are fewer), and as many
    /// CPUs per task as a shard has items, up to 4 (the host runs a shard's items in parallel).
    /// </summary>
    public static SlurmScript For(ExperimentDefinition experiment, Profile profile, ulong seed, string runsRoot, int? shards, int? cpus, string? time, string? partition)
    {
        if (partition is not null && !PartitionName().IsMatch(partition))
            throw new ExperimentException($"--partition '{Printable(partition)}' is not a Slurm partition name (letters, digits, _ . - and commas).");
        if (time is not null && !TimeLimit().IsMatch(time))
            throw new ExperimentException($"--time '{Printable(time)}' is not a Slurm time limit: write [days-]hours:minutes:seconds, e.g. 08:00:00 or 1-12:00:00.");
        if (cpus is < 1) throw new ExperimentException($"--cpus must be at least 1 (got {cpus}).");
        var root = Path.GetFullPath(runsRoot);
        if (root.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '\\'))
            throw new ExperimentException($"--runs '{Printable(root)}' cannot go into an sbatch script: choose a folder without spaces, quotes or control characters.");
        var items = experiment.CreateGrid(profile).Cells.Count * experiment.Replicates(profile);
        var n = shards ?? Math.Min(items, 32);
        if (n < 1 || n > items) throw new ExperimentException($"--shards must lie in [1, {items}] ({experiment.Id} has {items} work items at the {profile.ToString().ToLowerInvariant()} profile).");
        var perShard = (items + n - 1) / n;
        return new SlurmScript(experiment, profile, seed, root, n, cpus ?? Math.Min(perShard, 4), time ?? "04:00:00", partition);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex PartitionName();

    /// <summary>Slurm's forms: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]].</summary>
    [GeneratedRegex(@"^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$")]
    private static partial Regex TimeLimit();

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    public string ProfileName => Profile.ToString().ToLowerInvariant();

    public string Folder => Path.Combine(RunsRoot, "slurm");

    public string ScriptPath => Path.Combine(Folder, $"{Experiment.Id}-{ProfileName}.sbatch");

    public string RunDirectory => ExperimentHost.RunDirectory(Experiment, new RunRequest(Profile, RunsRoot) { Seed = Seed });

    public string Render()
    {
        // The same repro build runs on the nodes: dotnet and the host's entry assembly (repro.dll, or a user project's
        // own) by absolute path, from this folder — not this library, which cannot start by itself.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var repro = System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry ? entry : typeof(SlurmScript).Assembly.Location;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"#SBATCH --job-name=repro-{Experiment.Id}"); // ids are [a-z0-9-] (the generator's RHT rules)
        s.AppendLine($"#SBATCH --array=1-{Shards}");
        s.AppendLine($"#SBATCH --cpus-per-task={CpusPerTask}");
        s.AppendLine($"#SBATCH --time={Time}");
        if (Partition is not null) s.AppendLine($"#SBATCH --partition={Partition}");
        s.AppendLine($"#SBATCH --output={Path.Combine(Folder, "logs", Experiment.Id + "-%A_%a.log")}");
        s.AppendLine("#SBATCH --requeue");
        s.AppendLine($"# {Experiment.Id} v{Experiment.Version}, {ProfileName} profile: {Experiment.CreateGrid(Profile).Cells.Count} cells × {Experiment.Replicates(Profile)} replicates in {Shards} shards.");
        s.AppendLine("set -euo pipefail");
        s.AppendLine($"cd {Quote(Environment.CurrentDirectory)}");
        s.AppendLine($"exec {Quote(dotnet)} {Quote(repro)} run {Quote(Experiment.Id)} --profile {ProfileName} --seed {Seed.ToString(CultureInfo.InvariantCulture)} " +
                     $"--runs {Quote(RunsRoot)} --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --shard \"${{SLURM_ARRAY_TASK_ID}}/{Shards}\"");
        return s.ToString();
    }

    public void Write()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "logs"));
        File.WriteAllText(ScriptPath, Render());
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
