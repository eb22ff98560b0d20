using ReproHeavyTails.Cli;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>The calibration routine and the `calibrate` command: pass rates over master seeds, runs kept out of the artifact store.</summary>
public class ClaimCalibrationTests
{
    [Fact]
    public void A_true_claim_passes_at_its_level_over_many_seeds_and_the_scratch_runs_are_removed()
    {
        using var temp = new TempFolder();
        var records = ClaimCalibration.Run(CalibratedDraws.Definition, seeds: 60, firstSeed: 1, temp.Path, threads: 1);
        var record = Assert.Single(records);
        Assert.Equal((60, 0.05, true), (record.Runs, record.Level!.Value, record.TestsAgreement));
        // Holm over three exact cells fails at most 5 % of the time: 60 seeds allow at most about 3 + 3·1.7 failures.
        Assert.True(record.Passed >= 60 - 8, $"passed {record.Passed}/60");
        Assert.Equal(60, record.PValues.Count);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        Assert.False(record.FailsTooOften);
        Assert.True((record with { Passed = 50 }).FailsTooOften);   // 10 of 60 at α = 0.05: P ≈ 0.07 %
        Assert.False((record with { Passed = 54 }).FailsTooOften);  // 6 of 60: P ≈ 8 %
    }

    [Fact]
    public void Kept_runs_are_read_again_instead_of_re_run()
    {
        using var temp = new TempFolder();
        var first = ClaimCalibration.Run(CalibratedDraws.Definition, 3, 7, temp.Path, threads: 1, keepRuns: true);
        var stamp = Directory.GetFiles(temp.Path, "results.parquet", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).Max();
        var again = ClaimCalibration.Run(CalibratedDraws.Definition, 3, 7, temp.Path, threads: 1, keepRuns: true);
        Assert.Equal(first.Single().PValues, again.Single().PValues);
        Assert.Equal(stamp, Directory.GetFiles(temp.Path, "results.parquet", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).Max());
    }

    [Fact]
    public void The_command_prints_each_claims_pass_rate_and_refuses_unknown_experiments()
    {
        var output = new StringWriter();
        Assert.Equal(0, ReproCli.Run(["calibrate", "calibrated-draws", "--seeds", "4", "--threads", "1"], output, new StringWriter(), [CalibratedDraws.Definition]));
        Assert.Contains("| calibrated-draws | Centred | agreement | 0.05 |", output.ToString());
        var error = new StringWriter();
        Assert.Equal(2, ReproCli.Run(["calibrate", "no-such-experiment"], new StringWriter(), error, [CalibratedDraws.Definition]));
        Assert.StartsWith("error: unknown experiment 'no-such-experiment'", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
    }
}
