using System.Globalization;
using System.Text;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli;

/// <summary>
/// An sbatch array script for one experiment: one array task per shard, each running
/// <c>repro run … --shard $SLURM_ARRAY_TASK_ID/N</c> into the shared output folder. Tasks own disjoint work
/// items and keep completed ones in the run's journal, so a requeued (preempted or failed) task resumes.
/// </summary>
internal sealed record SlurmScript(ExperimentDefinition Experiment, Profile Profile, ulong Seed, string OutputRoot, int Shards, int CpusPerTask, string Time, string? Partition)
{
    /// <summary>
    /// Requests derived from the grid: at most 32 shards (one per work item when there are fewer), and as many
    /// CPUs per task as a shard has items, up to 4 (the host runs a shard's items in parallel).
    /// </summary>
    public static SlurmScript For(ExperimentDefinition experiment, Profile profile, ulong seed, string outputRoot, int? shards, int? cpus, string? time, string? partition)
    {
        var items = experiment.CreateGrid(profile).Cells.Count * experiment.Replicates(profile);
        var n = shards ?? Math.Min(items, 32);
        if (n < 1 || n > items) throw new ExperimentException($"--shards must lie in [1, {items}] ({experiment.Id} has {items} work items at the {profile.ToString().ToLowerInvariant()} profile).");
        var perShard = (items + n - 1) / n;
        return new SlurmScript(experiment, profile, seed, Path.GetFullPath(outputRoot), n, cpus ?? Math.Min(perShard, 4), time ?? "04:00:00", partition);
    }

    public string ProfileName => Profile.ToString().ToLowerInvariant();

    public string Folder => Path.Combine(OutputRoot, "slurm");

    public string ScriptPath => Path.Combine(Folder, $"{Experiment.Id}-{ProfileName}.sbatch");

    public string RunDirectory => Artifacts.ArtifactLayout.RunDirectory(OutputRoot, Experiment, Profile);

    public string Render()
    {
        // The same repro build runs on the nodes: dotnet and this assembly by absolute path, from this folder.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var repro = typeof(SlurmScript).Assembly.Location;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"#SBATCH --job-name=repro-{Experiment.Id}");
        s.AppendLine($"#SBATCH --array=1-{Shards}");
        s.AppendLine($"#SBATCH --cpus-per-task={CpusPerTask}");
        s.AppendLine($"#SBATCH --time={Time}");
        if (Partition is not null) s.AppendLine($"#SBATCH --partition={Partition}");
        s.AppendLine($"#SBATCH --output={Path.Combine(Folder, "logs", Experiment.Id + "-%A_%a.log")}");
        s.AppendLine("#SBATCH --requeue");
        s.AppendLine($"# {Experiment.Id} v{Experiment.Version}, {ProfileName} profile: {Experiment.CreateGrid(Profile).Cells.Count} cells × {Experiment.Replicates(Profile)} replicates in {Shards} shards.");
        s.AppendLine("set -euo pipefail");
        s.AppendLine($"cd {Quote(Environment.CurrentDirectory)}");
        s.AppendLine($"exec {Quote(dotnet)} {Quote(repro)} run {Experiment.Id} --profile {ProfileName} --seed {Seed.ToString(CultureInfo.InvariantCulture)} " +
                     $"--out {Quote(OutputRoot)} --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --shard \"${{SLURM_ARRAY_TASK_ID}}/{Shards}\"");
        return s.ToString();
    }

    public void Write()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "logs"));
        File.WriteAllText(ScriptPath, Render());
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
