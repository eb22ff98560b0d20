using System.CommandLine;
using System.CommandLine.Parsing;
using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Cli;

/// <summary>Experiment ids, resolved against the catalogue while parsing: an unknown id (or a stray option) is a usage error with suggestions.</summary>
internal static class ExperimentArgument
{
    public static Argument<ExperimentDefinition[]> Create(IReadOnlyList<ExperimentDefinition> catalogue)
    {
        var argument = new Argument<ExperimentDefinition[]>("id")
        {
            Description = "experiment ids (`repro list` shows them)",
            HelpName = "id",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result =>
            {
                var chosen = new List<ExperimentDefinition>();
                foreach (var token in result.Tokens)
                {
                    var id = token.Value;
                    if (catalogue.FirstOrDefault(d => d.Id == id) is { } found) chosen.Add(found);
                    else if (id.StartsWith('-'))
                    {
                        var command = (result.Parent as CommandResult)?.Command;
                        var options = command?.Options.SelectMany(o => o.Aliases.Prepend(o.Name)) ?? [];
                        result.AddError($"unknown option '{id}' for `repro {command?.Name}`{Suggestions.DidYouMean(id, options)}.");
                        break; // what follows is likely its value, not an id
                    }
                    else result.AddError($"unknown experiment '{id}'{Suggestions.DidYouMean(id, catalogue.Select(d => d.Id))}; `repro list` shows them.");
                }
                return chosen.ToArray();
            },
        };
        argument.CompletionSources.Add(catalogue.Select(d => d.Id).ToArray());
        return argument;
    }

    /// <summary>Ids or --all, not neither: a command-level check so it is a usage error like the others.</summary>
    public static void RequireIdsOrAll(Command command, Argument<ExperimentDefinition[]> ids, Option<bool> all) =>
        command.Validators.Add(result =>
        {
            var tokens = result.GetResult(ids)?.Tokens ?? [];
            if (tokens.Any(t => t.Value.StartsWith('-'))) return; // a stray option has its own error, which says enough
            var named = tokens.Count > 0;
            if (!named && !result.GetValue(all)) result.AddError("name at least one experiment id, or use --all; `repro list` shows them.");
            if (named && result.GetValue(all)) result.AddError("name experiment ids or use --all, not both.");
        });

    public static IReadOnlyList<ExperimentDefinition> Selected(ParseResult parse, Argument<ExperimentDefinition[]> ids, Option<bool> all,
        IReadOnlyList<ExperimentDefinition> catalogue) =>
        parse.GetValue(all) ? catalogue : (parse.GetValue(ids) ?? []).Distinct().ToArray();
}
