using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro spot-check`: evidence that stored artifacts come from this code without re-running all of them. A deterministic
/// sample of each stored artifact's work items is re-run (a partial artifact in the run folder) and compared with the
/// stored rows of those items by the diff, exactly or within the columns' stated tolerances. An experiment with a horizon
/// (<see cref="HorizonAttribute"/>) runs its sampled items only to the horizon's spot-check value and compares those rows.
/// </summary>
internal static class SpotCheckCommand
{
    public static Command Create(ReproContext context)
    {
        var ids = ExperimentArgument.Create(context.Catalogue);
        var all = ReproOptions.All();
        var profile = ReproOptions.Profile(Profile.Paper);
        var sample = ReproOptions.Sample($"work items re-run per experiment, chosen by their keys alone (default: {ReproOptions.DefaultSample})");
        var threads = ReproOptions.Threads();
        var runs = ReproOptions.Runs();
        var artifacts = ReproOptions.Artifacts();
        var whole = new Option<bool>("--whole-items")
            { Description = "run each sampled item whole, also where the experiment declares a horizon (by default its items run only to the horizon's spot-check value)" };
        var command = new Command("spot-check", "Re-run a deterministic sample of each stored artifact's work items and compare them with the stored rows; "
                                                + "exit 1 if any differs beyond its columns' tolerances. With --all, experiments without a stored artifact are skipped.")
            { ids, all, profile, sample, whole, threads, runs, artifacts };
        ExperimentArgument.RequireIdsOrAll(command, ids, all);
        command.SetAction(parse =>
        {
            var (chosenProfile, references) = (profile.ValueIn(parse), parse.GetValue(artifacts)!);
            var items = ItemSelection.Sample(parse.GetValue(sample) ?? ReproOptions.DefaultSample);
            var request = new RunRequest(chosenProfile, parse.GetValue(runs)!) { Items = parse.GetValue(whole) ? items : items.UpToHorizon() };
            if (parse.GetValue(threads) is { } n) request = request with { Threads = n };
            var profileName = ArtifactLayout.ProfileName(chosenProfile);
            var stored = new List<ExperimentDefinition>();
            var absent = new List<string>();
            foreach (var definition in ExperimentArgument.Selected(parse, ids, all, context.Catalogue))
            {
                var reference = ArtifactLayout.RunDirectory(references, definition, chosenProfile);
                if (File.Exists(Path.Combine(reference, ArtifactLayout.ResultsFile))) stored.Add(definition);
                else if (parse.GetValue(all)) absent.Add(definition.Id);
                else throw new ArtifactException($"{definition.Id} v{definition.Version} has no stored {profileName}-profile artifact in {reference}: nothing to spot-check.");
            }
            if (stored.Count == 0)
            {
                context.Output.WriteLine($"no stored {profileName}-profile artifacts in {references}: nothing to spot-check");
                return ExitCode.Ok;
            }
            if (absent.Count > 0) context.Output.WriteLine($"no stored {profileName}-profile artifact, nothing to spot-check: {string.Join(", ", absent)}");
            var done = stored.Select(d => (d, context.Run(d, request))).ToList();
            context.WriteRuns(done.Select(r => r.Item2).ToList());
            return context.CompareWithReferences(done, request, references) == 0 ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }
}
