using ReproHeavyTails.Framework;
using Xunit;
using static ReproHeavyTails.Framework.ReproductionReport;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>The per-paper status of an experiment follows from its claims' outcomes alone.</summary>
public class ReportStatusTests
{
    private static ClaimOutcome Claim(bool passed, bool knownToFail = false) => new("x", "paper", "c", "a statement", passed, "evidence", knownToFail);

    public static TheoryData<string, ClaimOutcome[]> Cases => new()
    {
        { "reproduced", [Claim(true)] },
        { "reproduced", [Claim(true), Claim(true)] },
        // A recorded failure that now holds is unexpected, but the claim holds: the paper's result is reproduced.
        { "reproduced", [Claim(true), Claim(true, knownToFail: true)] },
        { "partial", [Claim(true), Claim(false, knownToFail: true)] },
        { "fails", [Claim(true), Claim(false)] },
        { "fails", [Claim(false, knownToFail: true), Claim(false)] },
        { "fails as recorded", [Claim(false, knownToFail: true)] },
        { "not claimed", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_is_derived_from_the_claims(string expected, ClaimOutcome[] claims) =>
        Assert.Equal(expected, StatusText(StatusOf(claims, hasArtifact: true)));

    [Fact]
    public void Without_an_artifact_there_is_nothing_to_check() =>
        Assert.Equal(Status.NoArtifact, StatusOf([Claim(true)], hasArtifact: false));

    [Fact]
    public void Every_status_has_its_own_text() =>
        Assert.Equal(Enum.GetValues<Status>().Length, Enum.GetValues<Status>().Select(StatusText).Distinct().Count());
}
