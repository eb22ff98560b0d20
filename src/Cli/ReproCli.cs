using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Cli.Commands;
using ReproHeavyTails.Framework;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Cli;

/// <summary>
/// The `repro` command line: one file per command under Commands/. Usage mistakes and unusable inputs end in one
/// line on stderr and exit 2, never a stack trace; see <see cref="ExitCode"/>.
/// </summary>
public static class ReproCli
{
    /// <summary>
    /// The host's entry point: a project's Main returns this with its generated catalogue. Process-wide start-up that every
    /// host needs (Ctrl+C, and anything that must be pinned before the first computation) belongs here, not in each Main.
    /// </summary>
    public static int Main(string[] args, IReadOnlyList<ExperimentDefinition> catalogue)
    {
        // Before any computation: restart with libm's baseline variants unless already running with them (docs/determinism.md).
        LibmPin.EnsureForThisProcess(Console.Error);
        // Ctrl+C stops a run after the cells in flight; completed cells are kept and the next run resumes.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return Run(args, Console.Out, Console.Error, catalogue, cancellation.Token);
    }

    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyList<ExperimentDefinition> catalogue,
        CancellationToken cancellation = default)
    {
        var context = new ReproContext(output, error, catalogue, cancellation);
        var parse = Root(context).Parse(args);
        if (parse.Action is not HelpAction && UsageError(parse) is { } usage)
        {
            error.WriteLine("error: " + usage);
            return ExitCode.InputError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted: completed cells are kept; run the same command again to resume.");
            return ExitCode.Interrupted;
        }
        catch (Exception e) when (IsInputError(e))
        {
            error.WriteLine("error: " + OneLine(e));
            return ExitCode.InputError;
        }
    }

    /// <summary>The commands, in the order help lists them. A new command is a file under Commands/ with a static Create(ReproContext), listed here.</summary>
    private static RootCommand Root(ReproContext context)
    {
        var root = new RootCommand("ReproHeavyTails: reproducible experiments on heavy tails and noise in SGD.");
        Command[] commands =
        [
            ListCommand.Create(context), ReproduceCommand.Create(context), RunCommand.Create(context), AcceptCommand.Create(context),
            ReportCommand.Create(context), ShowCommand.Create(context), DiffCommand.Create(context), MergeCommand.Create(context),
            StatusCommand.Create(context), SlurmCommand.Create(context), SpotCheckCommand.Create(context), PlanCommand.Create(context),
            EnvCommand.Create(context), CalibrateCommand.Create(context),
        ];
        foreach (var command in commands) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>The parse's first problem as one line: an unknown command or option with suggestions, else the parser's messages.</summary>
    private static string? UsageError(ParseResult parse)
    {
        if (parse.Errors.Count == 0) return null;
        var command = parse.CommandResult.Command;
        var path = command is RootCommand ? "repro" : $"repro {command.Name}";
        if (parse.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            var option = token.StartsWith('-');
            var known = option ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)) : command.Subcommands.Select(c => c.Name);
            var kind = option ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
            return $"unknown {kind} '{token}' for `{path}`{Suggestions.DidYouMean(token, known)}; see `{path} --help`.";
        }
        var messages = parse.Errors.Select(e => e.Message.Trim()).Distinct().ToList();
        if (command is RootCommand && parse.Tokens.Count == 0) messages = ["name a command"];
        return string.Join(" ", messages.Select(m => m.EndsWith('.') ? m : m + ".")) + $" See `{path} --help`.";
    }

    /// <summary>Failures caused by the user's inputs or the machine's state, not by a bug: they get one line, not a trace.</summary>
    private static bool IsInputError(Exception e) =>
        e is ExperimentException or ArtifactException or ParquetFormatException or IOException or UnauthorizedAccessException
            or JsonException or FormatException or InvalidDataException;

    private static string OneLine(Exception e) =>
        (e is ExperimentException or ArtifactException or ParquetFormatException ? e.Message : $"{e.Message} ({e.GetType().Name})")
        .ReplaceLineEndings(" ");
}
