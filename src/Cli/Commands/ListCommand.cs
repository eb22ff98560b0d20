using System.CommandLine;
using System.Globalization;
using ReproHeavyTails.Framework;
using Spectre.Console;
using Profile = ReproHeavyTails.Framework.Profile;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro list`: the catalogue with parameters, grid sizes per profile and claims.</summary>
internal static class ListCommand
{
    public static Command Create(ReproContext context)
    {
        var command = new Command("list", "List experiments with their parameters and grid sizes per profile.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("experiment", "version", "parameters", "quick cells × reps", "paper cells × reps", "claims");
            foreach (var d in context.Catalogue)
            {
                var quick = d.CreateGrid(Profile.Quick);
                var paper = d.CreateGrid(Profile.Paper);
                table.AddRow(Markup.Escape(d.Id), d.Version.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", d.Parameters.Select(p => p.Name))),
                    $"{quick.Cells.Count} × {d.QuickReplicates}", $"{paper.Cells.Count} × {d.PaperReplicates}",
                    d.Claims.Count.ToString(CultureInfo.InvariantCulture));
            }
            context.Console.Write(table);
            return ExitCode.Ok;
        });
        return command;
    }
}
