using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro accept`: the one step that replaces stored references. Copies finished runs of the profile's own grid and
/// seed from the run folder into artifacts/, only where the data changed (an unchanged reference keeps its bytes).
/// </summary>
internal static class AcceptCommand
{
    public static Command Create(ReproContext context)
    {
        var ids = ExperimentArgument.Create(context.Catalogue);
        var profile = ReproOptions.Profile();
        var runs = ReproOptions.Runs();
        var artifacts = ReproOptions.Artifacts();
        var command = new Command("accept", "Make the finished runs in the run folder (--runs) the stored references (--artifacts): every experiment "
                                            + "that has one, or the ids named. Only runs at the profile's own grid and seed qualify.")
            { ids, profile, runs, artifacts };
        command.SetAction(parse =>
        {
            var named = parse.GetValue(ids) is { Length: > 0 } chosen ? chosen.Distinct().ToArray() : null;
            var (root, references, chosenProfile) = (parse.GetValue(runs)!, parse.GetValue(artifacts)!, profile.ValueIn(parse));
            var accepted = 0;
            foreach (var definition in named ?? context.Catalogue)
            {
                var run = ArtifactLayout.RunDirectory(root, definition, chosenProfile);
                if (!File.Exists(Path.Combine(run, ArtifactLayout.ResultsFile)))
                {
                    if (named is not null) throw new ArtifactException($"{definition.Id} has no finished run at {run}: `repro run {definition.Id}` first.");
                    continue;
                }
                var reference = ArtifactLayout.RunDirectory(references, definition, chosenProfile);
                var changed = ReferenceArtifacts.Accept(run, reference);
                context.Output.WriteLine(changed ? $"{definition.Id}: accepted {run} as the reference in {reference}" : $"{definition.Id}: unchanged ({reference} already holds these data)");
                accepted++;
            }
            if (accepted == 0) throw new ArtifactException($"no finished runs in {root} to accept: `repro run` or `repro reproduce` first.");
            return ExitCode.Ok;
        });
        return command;
    }
}
