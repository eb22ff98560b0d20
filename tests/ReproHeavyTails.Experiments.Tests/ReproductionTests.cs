using ReproHeavyTails.Experiments;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>`dotnet test` is the reproduction: each experiment's quick profile is re-run, compared with artifacts/, and its claims checked.</summary>
[Trait("Category", "Reproduction")]
public class ReproductionTests
{
    public static TheoryData<string> Experiments => new(ExperimentCatalogue.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Quick_profile_reproduces_the_stored_artifacts_and_the_claims_hold(string id)
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == id);
        using var temp = RepositoryPaths.CreateTemp();
        var fresh = ArtifactSnapshot.Verify(definition, temp);
        Assert.NotEmpty(definition.Claims);
        foreach (var outcome in ClaimCheck.Check(definition, fresh))
            Assert.True(outcome.AsExpected, $"{id}: claim '{outcome.Statement}': {outcome.Verdict}: {outcome.Evidence}");
    }

    [Fact]
    public void Every_experiment_in_the_catalogue_has_stored_artifacts_of_its_current_schema()
    {
        foreach (var definition in ExperimentCatalogue.All)
        {
            var stored = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
            Assert.True(File.Exists(stored), $"{definition.Id} has no stored artifact at {stored}; create it with REPRO_ACCEPT=1 dotnet test.");
            using var reader = Parquet.ParquetReader.Open(stored);
            Assert.True(reader.Metadata[Artifacts.RunMetadata.SchemaHash] == definition.Schema.Hash,
                $"{definition.Id}: the columns changed (schema {definition.Schema.Hash}) but the stored artifact has schema " +
                $"{reader.Metadata[Artifacts.RunMetadata.SchemaHash]} under the same version {definition.Version}: bump Version and accept new artifacts.");
        }
    }
}
