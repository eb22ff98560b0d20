using System.CommandLine;
using System.Globalization;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro calibrate &lt;ids&gt; --seeds N`: re-runs each experiment's quick profile at N master seeds in a scratch
/// folder (never the artifact store) and prints every claim's pass rate beside its level, with the spread of
/// its deciding p-value, as a Markdown table. Exits 1 when an agreement claim fails more often than its level allows.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(ReproContext context)
    {
        var (catalogue, output, cancellation) = (context.Catalogue, context.Output, context.Cancellation);
        var ids = ExperimentArgument.Create(catalogue);
        ids.Arity = ArgumentArity.OneOrMore;
        var seeds = new Option<int>("--seeds") { Description = "master seeds to run", DefaultValueFactory = _ => 20 };
        var first = new Option<ulong>("--first-seed") { Description = "the first master seed; the others follow it", DefaultValueFactory = _ => 1 };
        var threads = ReproOptions.Threads();
        var scratch = new Option<string?>("--scratch") { Description = "folder for the runs, kept: calibrating again over it re-checks the claims without re-running (default: a temporary folder, deleted)" };
        var table = new Option<string?>("--table") { Description = "also write the Markdown table to this file" };
        var command = new Command("calibrate", "Re-run experiments' quick profiles at many master seeds and report each claim's pass rate and p-values.")
            { ids, seeds, first, threads, scratch, table };
        command.SetAction(parse =>
        {
            var definitions = parse.GetValue(ids) ?? [];
            var folder = parse.GetValue(scratch) ?? Path.Combine(Path.GetTempPath(), "repro-calibrate-" + Guid.NewGuid().ToString("N")[..8]);
            var count = parse.GetValue(seeds);
            var records = new List<ClaimCalibration.ClaimRecord>();
            try
            {
                foreach (var definition in definitions)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    records.AddRange(ClaimCalibration.Run(definition, count, parse.GetValue(first), folder, Profile.Quick, parse.GetValue(threads) ?? Environment.ProcessorCount,
                        (k, _) => output.WriteLine($"{definition.Id}: seed {k + 1}/{count} done, {clock.Elapsed.TotalSeconds:0}s"),
                        keepRuns: parse.GetValue(scratch) is not null, cancellation));
                }
            }
            finally
            {
                if (parse.GetValue(scratch) is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            var markdown = Markdown(records, count, parse.GetValue(first));
            output.Write(markdown);
            if (parse.GetValue(table) is { } path) File.WriteAllText(path, markdown);
            var defects = records.Where(r => r.FailsTooOften).ToArray();
            foreach (var r in defects)
                output.WriteLine($"{r.Experiment} {r.Claim}: failed {r.Runs - r.Passed} of {r.Runs} runs, more than its level {r.Level} allows");
            return defects.Length == 0 ? ExitCode.Ok : ExitCode.Differs;
        });
        return command;
    }

    /// <summary>One row per claim: pass rate beside the level, and the 10/50/90 % quantiles of the deciding p-value.</summary>
    public static string Markdown(IReadOnlyList<ClaimCalibration.ClaimRecord> records, int seeds, ulong firstSeed)
    {
        static string F(double x) => double.IsNaN(x) ? "—" : x.ToString(x >= 0.001 || x == 0 ? "0.000" : "0.0e0", CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Quick profile at {seeds} master seeds ({firstSeed}–{firstSeed + (ulong)seeds - 1}).\n\n");
        text.Append("| experiment | claim | kind | α | passed | p (10 %, 50 %, 90 %) | procedure |\n|---|---|---|---|---|---|---|\n");
        foreach (var r in records)
        {
            var kind = r.TestsAgreement ? "agreement" : r.Level is 0 ? "exact" : "difference";
            var known = r.KnownToFail ? " (known failure)" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"| {r.Experiment} | {r.Claim}{known} | {kind} | {(r.Level is { } a ? a.ToString(CultureInfo.InvariantCulture) : "—")} | {r.Passed}/{r.Runs} | "
                + $"{F(r.PValueQuantile(0.1))}, {F(r.PValueQuantile(0.5))}, {F(r.PValueQuantile(0.9))} | {(r.Procedure ?? "rule").Replace("|", "\\|")} |\n");
        }
        return text.ToString();
    }
}
