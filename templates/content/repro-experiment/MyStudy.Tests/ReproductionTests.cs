using ReproHeavyTails.Framework;
using ReproHeavyTails.Testing;
using Xunit;

namespace MyStudy.Tests;

/// <summary>
/// `dotnet test` is the reproduction: each experiment's quick profile is re-run and must equal its stored artifact
/// under artifacts/ (a changed value fails with the diff; REPRO_ACCEPT=1 dotnet test, or `repro accept`, stores the
/// new one), and its claims must hold.
/// </summary>
public class ReproductionTests
{
    // The experiment project's catalogue, named in full: the generator also runs here and writes this project's own (empty) one.
    private static IReadOnlyList<ExperimentDefinition> Catalogue => global::MyStudy.ExperimentCatalogue.All;

    public static TheoryData<string> Experiments => new(Catalogue.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Quick_profile_reproduces_the_stored_artifacts_and_the_claims_hold(string id)
    {
        var definition = Catalogue.Single(d => d.Id == id);
        using var temp = RepositoryPaths.CreateTemp();
        var fresh = ArtifactSnapshot.Verify(definition, temp);
        foreach (var outcome in ClaimCheck.Check(definition, fresh))
            Assert.True(outcome.AsExpected, $"{id}: claim '{outcome.Statement}': {outcome.Verdict}: {outcome.Evidence}");
    }
}
