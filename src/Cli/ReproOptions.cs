using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli;

/// <summary>
/// Every option that more than one command takes, so a name means one thing everywhere: <c>--artifacts</c> is
/// always the stored references (read, never written by a run), <c>--runs</c> the folder fresh runs go to,
/// <c>--report</c> the report folder. Values are parsed and checked here, so commands get typed values.
/// </summary>
internal static class ReproOptions
{
    public const string ArtifactsDefault = "artifacts", RunsDefault = "runs", ReportDefault = "report";

    public static ChoiceOption<Profile> Profile(Profile defaultProfile = Framework.Profile.Quick) =>
        new("--profile", "quick (seconds; tests, CI and the stored references) or paper (published scale)", defaultProfile,
            Enum.GetValues<Profile>().Select(p => (ArtifactLayout.ProfileName(p), p)).ToArray());

    public static Option<string> Artifacts() =>
        new("--artifacts") { Description = "the stored reference artifacts (runs read them; only `repro accept` writes them)", HelpName = "dir", DefaultValueFactory = _ => ArtifactsDefault };

    public static Option<string> Runs() =>
        new("--runs") { Description = "folder for fresh runs: their results, journals and Slurm scripts", HelpName = "dir", DefaultValueFactory = _ => RunsDefault };

    public static Option<string> Report() =>
        new("--report") { Description = "folder the report is written to (index.html, README.md, figures/)", HelpName = "dir", DefaultValueFactory = _ => ReportDefault };

    public static Option<ulong> Seed() =>
        new("--seed") { Description = "master seed; any but the default runs into a folder of its own, never a reference", DefaultValueFactory = _ => RunSettings.DefaultSeed };

    /// <summary>Null means all cores (the host's default), so help shows no machine-dependent number.</summary>
    public static Option<int?> Threads() =>
        AtLeastOne(new Option<int?>("--threads") { Description = "worker threads (default: all cores)" });

    public static Option<bool> All() => new("--all") { Description = "every experiment in the catalogue" };

    /// <summary>Repeatable name=v1,v2,... assignments, as the grid's overrides.</summary>
    public static Option<IReadOnlyDictionary<string, IReadOnlyList<string>>?> Set() => new("--set")
    {
        Description = "override a parameter's values (repeatable); runs into a folder of its own, never a reference",
        HelpName = "name=v1,v2,...",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result =>
        {
            var overrides = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var token in result.Tokens)
            {
                var text = token.Value;
                var eq = text.IndexOf('=');
                if (eq <= 0 || eq == text.Length - 1 || text[(eq + 1)..].Split(',').Any(v => v.Length == 0))
                    result.AddError($"--set '{text}' must look like name=v1,v2,...");
                else if (!overrides.TryAdd(text[..eq].Trim(), text[(eq + 1)..].Split(',')))
                    result.AddError($"--set names '{text[..eq].Trim()}' twice: give all its values in one name=v1,v2,...");
            }
            return overrides;
        },
    };

    public static Option<ShardSpec?> Shard() => new("--shard")
    {
        Description = "run only shard k of N of the work items, e.g. 2/3; `repro merge` assembles the shards",
        HelpName = "k/N",
        CustomParser = result =>
        {
            try { return ShardSpec.Parse(result.Tokens.Single().Value); }
            catch (ExperimentException e) { result.AddError("--shard " + e.Message); return null; }
        },
    };

    public static Option<ItemSelection?> Items() => new("--items")
    {
        Description = "run only these work items (item i is cell ⌊i/R⌋ and replicate i mod R), e.g. 0,5,10-12: a partial artifact in a folder of its own",
        HelpName = "list",
        CustomParser = result =>
        {
            try { return ItemSelection.Parse(result.Tokens.Single().Value); }
            catch (ExperimentException e) { result.AddError("--items " + e.Message); return null; }
        },
    };

    /// <summary>Work items sampled per experiment by `plan` and `spot-check` when --sample is not given.</summary>
    public const int DefaultSample = 3;

    /// <summary>A deterministic sample of each experiment's work items (<see cref="ItemSelection.Sample"/>).</summary>
    public static Option<int?> Sample(string description) => AtLeastOne(new Option<int?>("--sample") { Description = description, HelpName = "N" });

    public static Option<int?> AtLeastOne(Option<int?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var n) result.AddError($"{option.Name} must be at least 1 (got {n}).");
        });
        return option;
    }
}
