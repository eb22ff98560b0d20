using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>
/// Every claim on the stored quick artifacts is decided by a named statistical procedure, and every claim of
/// agreement that holds stops holding when its predictions are moved by a few standard errors: a claim that
/// passes whatever the prediction has no power.
/// </summary>
public class ClaimPerturbationTests
{
    /// <summary>Five standard errors: past Holm's threshold for the largest families here (16 cells, t on 5 degrees of freedom).</summary>
    private const double Shift = 5;

    public static TheoryData<string> Experiments => new(ExperimentCatalogue.All.Select(d => d.Id));

    private static IReadOnlyList<ClaimOutcome> Stored(string id, double shift)
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == id);
        var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
        using var _ = ClaimPerturbation.Shift(shift);
        return ClaimCheck.Check(definition, file);
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Every_claim_is_a_named_procedure_with_a_level(string id)
    {
        foreach (var outcome in Stored(id, 0))
        {
            Assert.True(outcome.Result?.Procedure is not null && outcome.Result.Level is not null,
                $"{id}: claim '{outcome.Claim}' is decided by a bare rule: {outcome.Evidence}");
            // A claim with nothing to test can only be a recorded known failure (a grid without the case it is about).
            Assert.True(outcome.Result!.Cases.Count > 0 || outcome.KnownToFail, $"{id}: claim '{outcome.Claim}' has no cases");
        }
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Agreement_claims_fail_when_their_predictions_move_by_a_few_standard_errors(string id)
    {
        var honest = Stored(id, 0);
        foreach (var shift in new[] { Shift, -Shift })
        {
            var moved = Stored(id, shift);
            for (var i = 0; i < honest.Count; i++)
            {
                if (honest[i].Result is not { TestsAgreement: true, Passed: true }) continue;
                Assert.False(moved[i].Passed, $"{id}: claim '{honest[i].Claim}' still holds with its predictions moved by {shift} SE: {moved[i].Evidence}");
            }
        }
    }

    [Fact]
    public void Some_claims_test_agreement()
    {
        var agreement = ExperimentCatalogue.All.SelectMany(d => Stored(d.Id, 0)).Count(o => o.Result is { TestsAgreement: true, Passed: true });
        Assert.True(agreement >= 10, $"only {agreement} passing agreement claims");
    }
}
