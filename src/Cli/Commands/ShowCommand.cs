using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro show`: an artifact's schema, metadata and rows as text.</summary>
internal static class ShowCommand
{
    public static Command Create(ReproContext context)
    {
        var path = new Argument<string>("path") { Description = "a .parquet file, or a run folder" };
        var rows = new Option<int>("--rows") { Description = "rows to print", DefaultValueFactory = _ => 10 };
        var text = new Option<bool>("--text") { Description = "the whole file as canonical text (for git diff)" };
        var command = new Command("show", "Print an artifact's schema, metadata and first rows.") { path, rows, text };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(path)!;
            if (Directory.Exists(file)) file = Path.Combine(file, ArtifactLayout.ResultsFile);
            if (!File.Exists(file)) throw new ArtifactException($"{file} does not exist.");
            using var reader = ParquetReader.Open(file);
            context.Output.Write(TableText.Render(reader, parse.GetValue(text) ? null : parse.GetValue(rows)));
            return ExitCode.Ok;
        });
        return command;
    }
}
