using System.CommandLine;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>`repro diff`: two artifact files or folders compared value by value, matched by row key.</summary>
internal static class DiffCommand
{
    public static Command Create(ReproContext context)
    {
        var a = new Argument<string>("a") { Description = "old artifact file or folder" };
        var b = new Argument<string>("b") { Description = "new artifact file or folder" };
        var format = new ChoiceOption<DiffFormat>("--format", "how to print the differences", DiffFormat.Table,
            [("table", DiffFormat.Table), ("md", DiffFormat.Markdown), ("json", DiffFormat.Json)]);
        var atol = new Option<double?>("--atol") { Description = "absolute tolerance for every numeric column (instead of each column's own)" };
        var rtol = new Option<double?>("--rtol") { Description = "relative tolerance for every numeric column (instead of each column's own)" };
        var command = new Command("diff", "Compare artifacts: exit 0 same within tolerance, 1 different, 2 usage or input error.") { a, b, format, atol, rtol };
        command.SetAction(parse =>
        {
            var (absolute, relative) = (parse.GetValue(atol), parse.GetValue(rtol));
            if (absolute < 0 || relative < 0) throw new ArtifactException("--atol and --rtol must not be negative.");
            Tolerance? tolerance = absolute is null && relative is null ? null : new Tolerance(absolute ?? 0, relative ?? 0);
            var report = ArtifactDiff.Compare(parse.GetValue(a)!, parse.GetValue(b)!, tolerance);
            context.Output.Write(format.ValueIn(parse) switch
            {
                DiffFormat.Markdown => report.ToMarkdown(),
                DiffFormat.Json => report.ToJson() + "\n",
                _ => report.ToText(),
            });
            return report.Differs ? ExitCode.Differs : ExitCode.Ok;
        });
        return command;
    }
}
