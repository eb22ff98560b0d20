using ReproHeavyTails.Cli;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>A claim recorded as a known failure is reported as such, and flagged when it starts to hold.</summary>
[Collection(nameof(TunableDraws))]
public sealed class KnownFailureTests : IDisposable
{
    public void Dispose() => TunableDraws.Shift = 0;

    private static (int Code, string Out) Reproduce()
    {
        using var temp = new TempFolder();
        var output = new StringWriter();
        var code = ReproCli.Run(["reproduce", "--runs", temp.Path, "--artifacts", Path.Combine(temp.Path, "no-references"), "--report", Path.Combine(temp.Path, "report")],
            output, new StringWriter(), [TunableDraws.Definition]);
        return (code, output.ToString());
    }

    [Fact]
    public void A_known_failure_is_reported_and_does_not_fail_the_run()
    {
        Assert.True(TunableDraws.Definition.Claims.Single().KnownToFail);
        var (code, output) = Reproduce();
        Assert.Equal(0, code);
        Assert.Contains("known failure", output);
        Assert.Contains("0 passed, 1 known failures, 0 unexpected", output);
    }

    [Fact]
    public void A_known_failure_can_be_recorded_for_one_profile()
    {
        var claim = new Framework.ClaimInfo("C", "statement", KnownToFailIn: "paper");
        Assert.True(claim.KnownToFailAt(Framework.Profile.Paper));
        Assert.False(claim.KnownToFailAt(Framework.Profile.Quick));
        Assert.True(new Framework.ClaimInfo("C", "statement", KnownToFail: true).KnownToFailAt(Framework.Profile.Quick));
    }

    [Fact]
    public void A_known_failure_that_starts_to_hold_is_an_unexpected_pass()
    {
        TunableDraws.Shift = 100;
        var (code, output) = Reproduce();
        Assert.Equal(1, code);
        Assert.Contains("UNEXPECTED PASS", output);
    }
}
