using ReproHeavyTails.Cli;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

public class CliTests
{
    /// <summary>The repro command line in process over the shipped catalogue: exit code, standard output, standard error.</summary>
    internal static (int Code, string Out, string Err) Repro(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ReproCli.Run(args, output, error, ExperimentCatalogue.All);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void List_shows_every_experiment_with_grid_sizes()
    {
        var (code, output, _) = Repro("list");
        Assert.Equal(0, code);
        Assert.Contains("estimator-calibration", output);
        Assert.Contains("16 × 40", output);
    }

    /// <summary>Measured on main: parse errors exited 1 (which means "differs"), `run x --bogus` took --bogus for an id.</summary>
    [Theory]
    [InlineData("run", "no-such-experiment")]
    [InlineData("run", "estimator-calibration", "--set", "Nope=1")]
    [InlineData("run", "estimator-calibration", "--set", "SampleSize=abc")]
    [InlineData("run", "estimator-calibration", "--set", "SampleSize")]
    [InlineData("run", "estimator-calibration", "--set", "SampleSize=1", "--set", "SampleSize=2")]
    [InlineData("run", "estimator-calibration", "--shard", "3/2")]
    [InlineData("run", "estimator-calibration", "--profile", "huge")]
    [InlineData("run", "estimator-calibration", "--threads", "0")]
    [InlineData("run", "estimator-calibration", "--bogus")]
    [InlineData("run", "estimator-calibration", "--out", "somewhere")]
    [InlineData("run")]
    [InlineData("rn")]
    [InlineData()]
    [InlineData("diff")]
    [InlineData("diff", "a")]
    [InlineData("diff", "a", "b", "--format", "xml")]
    [InlineData("diff", "no-such-file", "no-such-folder")]
    [InlineData("show", "no-such-file")]
    [InlineData("slurm", "sgd-tail-gsz", "--cpus", "0")]
    [InlineData("run", "estimator-calibration", "--items", "3-1")]
    [InlineData("run", "estimator-calibration", "--items", "1000000")]
    [InlineData("run", "estimator-calibration", "--sample", "0")]
    [InlineData("run", "estimator-calibration", "--items", "1", "--sample", "2")]
    [InlineData("spot-check")]
    [InlineData("plan", "estimator-calibration", "--sample", "0")]
    [InlineData("report", "--out", "x")]
    public void User_mistakes_get_one_line_errors_and_exit_2(params string[] args)
    {
        var (code, _, error) = Repro(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("did you mean run?", "rn")]
    [InlineData("did you mean estimator-calibration?", "run", "estimator-calibraton")]
    [InlineData("unknown option '--sed' for `repro run` (did you mean --seed or --set?)", "run", "--all", "--sed", "7")]
    [InlineData("unknown option '--bogus'", "run", "estimator-calibration", "--bogus")]
    [InlineData("did you mean --profile?", "report", "--profle", "quick")]
    [InlineData("--profile must be quick or paper (got 'papr') (did you mean paper?)", "run", "--all", "--profile", "papr")]
    public void Typos_get_suggestions(string expected, params string[] args)
    {
        var (code, _, error) = Repro(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    /// <summary>Measured on main: "worker threads (default: all cores) [default: 2]".</summary>
    [Fact]
    public void Help_states_each_default_once_as_it_is_typed()
    {
        var (code, help, _) = Repro("run", "--help");
        Assert.Equal(0, code);
        Assert.Contains("worker threads (default: all cores)", help);
        Assert.DoesNotContain("all cores) [default:", help);
        Assert.Contains("[default: quick]", help);
        Assert.Contains("[default: paper]", Repro("slurm", "--help").Out);
    }

    /// <summary>Measured on main: `--out` was the artifact root for `run` and the report folder for `report`.</summary>
    [Fact]
    public void An_option_name_means_one_thing_in_every_command()
    {
        var commands = new[] { "run", "reproduce", "accept", "report", "slurm", "diff", "show", "status", "merge", "list", "spot-check", "plan" };
        var help = commands.ToDictionary(c => c, c => Repro(c, "--help").Out);
        Assert.All(help.Values, h => Assert.DoesNotContain("--out", h));
        foreach (var (option, meaning) in new[] { ("--artifacts", "the stored reference artifacts"), ("--runs", "fresh runs"), ("--report", "the report is written to") })
            foreach (var (command, text) in help)
                if (text.Contains(option + " <dir>", StringComparison.Ordinal))
                    Assert.Matches($@"{option} <dir>\s+[^\n]*{meaning}", text);
        Assert.Contains("--artifacts <dir>", help["run"]);
        Assert.Contains("--runs <dir>", help["run"]);
        Assert.Contains("--report <dir>", help["reproduce"]);
        Assert.Contains("--report <dir>", help["report"]);
    }

    [Fact]
    public void The_run_and_report_folders_are_git_ignored()
    {
        foreach (var path in new[] { "runs/x/v1/quick/results.parquet", "report/index.html" })
        {
            var check = new System.Diagnostics.ProcessStartInfo("git", ["check-ignore", "-q", path]) { WorkingDirectory = RepositoryPaths.Root };
            using var git = System.Diagnostics.Process.Start(check)!;
            git.WaitForExit();
            Assert.True(git.ExitCode == 0, $"{path} is not git-ignored");
        }
    }

    [Fact]
    public void Unwritable_output_is_an_error_not_a_crash()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var file = Path.Combine(temp.Path, "a-file");
        File.WriteAllText(file, "");
        var (code, _, error) = Repro("run", "estimator-calibration", "--runs", file, "--set", "SampleSize=100");
        Assert.Equal(2, code);
        Assert.StartsWith("error: Cannot write to", error);
    }

    [Fact]
    public void Run_show_and_diff_work_together()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        Assert.Equal(0, Repro("run", "estimator-calibration", "--runs", a.Path, "--set", "SampleSize=200", "--threads", "1").Code);
        Assert.Equal(0, Repro("run", "estimator-calibration", "--runs", b.Path, "--set", "SampleSize=200").Code);
        Assert.Equal(0, Repro("diff", a.Path, b.Path).Code);
        var (code, output, _) = Repro("diff", a.Path, b.Path, "--format", "md");
        Assert.Equal(0, code);
        Assert.Contains("0 differ", output);
        Assert.Equal(0, Repro("run", "estimator-calibration", "--runs", b.Path, "--set", "SampleSize=200", "--seed", "7").Code);
        Assert.Equal(1, Repro("diff", a.Path, b.Path).Code);
        Assert.Equal(2, Repro("diff", a.Path, Path.Combine(b.Path, "missing")).Code);
        var shown = Repro("show", Directory.EnumerateDirectories(a.Path, "quick-custom-*", SearchOption.AllDirectories).Single(), "--rows", "2");
        Assert.Equal(0, shown.Code);
        Assert.Contains("# repro.experiment = estimator-calibration", shown.Out);
    }

    [Fact]
    public void Slurm_writes_an_array_script_with_one_task_per_shard()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var (code, output, _) = Repro("slurm", "sgd-tail-gsz", "--profile", "quick", "--shards", "3", "--time", "00:30:00", "--runs", temp.Path);
        Assert.Equal(0, code);
        var script = File.ReadAllText(Path.Combine(temp.Path, "slurm", "sgd-tail-gsz-quick.sbatch"));
        Assert.Contains("#SBATCH --array=1-3", script);
        Assert.Contains("#SBATCH --cpus-per-task=2", script);          // 6 items in 3 shards
        Assert.Contains("#SBATCH --time=00:30:00", script);
        Assert.Contains("#SBATCH --requeue", script);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\"", script);
        Assert.Contains("repro status", output);
        Assert.Contains("repro merge", output);
        Assert.Equal(2, Repro("slurm", "sgd-tail-gsz", "--profile", "quick", "--shards", "7", "--runs", temp.Path).Code);
    }

    /// <summary>
    /// The nodes run the host that wrote the script (repro.dll here, a user's project elsewhere). Measured after the CLI
    /// became a library: the script named ReproHeavyTails.Cli.dll, which cannot start, and every array task failed.
    /// </summary>
    [Fact]
    public void A_slurm_script_runs_the_host_program_not_the_cli_library()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var repro = Path.Combine(AppContext.BaseDirectory, "repro.dll");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
            [repro, "slurm", "sgd-tail-gsz", "--profile", "quick", "--shards", "2", "--runs", temp.Path]) { RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var script = File.ReadAllText(Path.Combine(temp.Path, "slurm", "sgd-tail-gsz-quick.sbatch"));
        Assert.Contains(repro, script);
        Assert.DoesNotContain("ReproHeavyTails.Cli.dll", script);
    }

    /// <summary>Measured on main: `--partition $'cpu\necho x'` wrote `echo x` as a command line of the script.</summary>
    [Theory]
    [InlineData("--partition", "cpu\necho injected")]
    [InlineData("--partition", "cpu gpu")]
    [InlineData("--time", "01:00:00\necho injected")]
    [InlineData("--time", "soon")]
    [InlineData("--cpus", "0")]
    [InlineData("--shards", "0")]
    public void Slurm_refuses_values_that_would_change_the_script(string option, string value)
    {
        using var temp = RepositoryPaths.CreateTemp();
        var (code, _, error) = Repro("slurm", "sgd-tail-gsz", "--profile", "quick", option, value, "--runs", temp.Path);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "slurm")));
    }

    [Fact]
    public void Slurm_refuses_a_run_folder_that_cannot_be_written_into_an_sbatch_line()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var (code, _, error) = Repro("slurm", "sgd-tail-gsz", "--profile", "quick", "--runs", Path.Combine(temp.Path, "a\nb"));
        Assert.Equal(2, code);
        Assert.Contains("cannot go into an sbatch script", error);
    }

    [Fact]
    public void Status_reports_each_shard_and_fails_until_all_are_done()
    {
        using var temp = RepositoryPaths.CreateTemp();
        Assert.Equal(0, Repro("run", "sgd-tail-gsz", "--runs", temp.Path, "--shard", "1/2").Code);
        var run = ArtifactLayout.RunDirectory(temp.Path, ExperimentCatalogue.All.Single(d => d.Id == "sgd-tail-gsz"), Profile.Quick);
        var (code, output, _) = Repro("status", run, "--shards", "2");
        Assert.Equal(1, code);
        Assert.Matches(@"1/2 .*3 .*3 .*0 .*done", output);
        Assert.Matches(@"2/2 .*3 .*0 .*3 .*missing", output);
        Assert.Equal(0, Repro("run", "sgd-tail-gsz", "--runs", temp.Path, "--shard", "2/2").Code);
        Assert.Equal(0, Repro("status", run, "--shards", "2").Code);
    }
}

