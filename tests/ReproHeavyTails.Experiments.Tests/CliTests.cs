using ReproHeavyTails.Cli;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

public class CliTests
{
    private static (int Code, string Out, string Err) Repro(params string[] args)
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
        Assert.Contains("12 × 40", output);
    }

    [Theory]
    [InlineData("run", "no-such-experiment")]
    [InlineData("run", "estimator-calibration", "--set", "Nope=1")]
    [InlineData("run", "estimator-calibration", "--set", "SampleSize=abc")]
    [InlineData("run", "estimator-calibration", "--set", "SampleSize")]
    [InlineData("run", "estimator-calibration", "--shard", "3/2")]
    [InlineData("run", "estimator-calibration", "--profile", "huge")]
    [InlineData("run")]
    public void User_mistakes_get_one_line_errors_and_a_nonzero_exit(params string[] args)
    {
        var (code, _, error) = Repro(args);
        Assert.NotEqual(0, code);
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Unwritable_output_is_an_error_not_a_crash()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var file = Path.Combine(temp.Path, "a-file");
        File.WriteAllText(file, "");
        var (code, _, error) = Repro("run", "estimator-calibration", "--out", file, "--set", "SampleSize=100");
        Assert.Equal(2, code);
        Assert.StartsWith("error: Cannot write to", error);
    }

    [Fact]
    public void Run_show_and_diff_work_together()
    {
        using var a = RepositoryPaths.CreateTemp();
        using var b = RepositoryPaths.CreateTemp();
        Assert.Equal(0, Repro("run", "estimator-calibration", "--out", a.Path, "--set", "SampleSize=200", "--threads", "1").Code);
        Assert.Equal(0, Repro("run", "estimator-calibration", "--out", b.Path, "--set", "SampleSize=200").Code);
        Assert.Equal(0, Repro("diff", a.Path, b.Path).Code);
        var (code, output, _) = Repro("diff", a.Path, b.Path, "--format", "md");
        Assert.Equal(0, code);
        Assert.Contains("0 differ", output);
        Assert.Equal(0, Repro("run", "estimator-calibration", "--out", b.Path, "--set", "SampleSize=200", "--seed", "7").Code);
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
        var (code, output, _) = Repro("slurm", "sgd-tail-gsz", "--profile", "quick", "--shards", "3", "--time", "00:30:00", "--out", temp.Path);
        Assert.Equal(0, code);
        var script = File.ReadAllText(Path.Combine(temp.Path, "slurm", "sgd-tail-gsz-quick.sbatch"));
        Assert.Contains("#SBATCH --array=1-3", script);
        Assert.Contains("#SBATCH --cpus-per-task=2", script);          // 6 items in 3 shards
        Assert.Contains("#SBATCH --time=00:30:00", script);
        Assert.Contains("#SBATCH --requeue", script);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\"", script);
        Assert.Contains("repro status", output);
        Assert.Contains("repro merge", output);
        Assert.Equal(2, Repro("slurm", "sgd-tail-gsz", "--profile", "quick", "--shards", "7", "--out", temp.Path).Code);
    }

    [Fact]
    public void Status_reports_each_shard_and_fails_until_all_are_done()
    {
        using var temp = RepositoryPaths.CreateTemp();
        Assert.Equal(0, Repro("run", "sgd-tail-gsz", "--out", temp.Path, "--shard", "1/2").Code);
        var run = ArtifactLayout.RunDirectory(temp.Path, ExperimentCatalogue.All.Single(d => d.Id == "sgd-tail-gsz"), Profile.Quick);
        var (code, output, _) = Repro("status", run, "--shards", "2");
        Assert.Equal(1, code);
        Assert.Matches(@"1/2 .*3 .*3 .*0 .*done", output);
        Assert.Matches(@"2/2 .*3 .*0 .*3 .*missing", output);
        Assert.Equal(0, Repro("run", "sgd-tail-gsz", "--out", temp.Path, "--shard", "2/2").Code);
        Assert.Equal(0, Repro("status", run, "--shards", "2").Code);
    }
}

