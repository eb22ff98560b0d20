using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// Checks an experiment's claims against its results file (fresh or stored), refusing other experiments' files.
/// The file's profile decides which recorded known failures apply.
/// </summary>
public static class ClaimCheck
{
    public static IReadOnlyList<ClaimOutcome> Check(ExperimentDefinition definition, string resultsFile)
    {
        var artifact = Read(definition, resultsFile);
        return definition.CheckClaims(artifact.Table, artifact.Profile);
    }

    /// <summary>A results file's table, metadata and profile, once it is known to be this experiment's at its current version and schema.</summary>
    public static (IReadOnlyList<ColumnVector> Table, IReadOnlyDictionary<string, string> Metadata, Profile Profile) Read(ExperimentDefinition definition, string resultsFile)
    {
        using var reader = ParquetReader.Open(resultsFile);
        reader.Metadata.TryGetValue(Artifacts.RunMetadata.Experiment, out var id);
        reader.Metadata.TryGetValue(Artifacts.RunMetadata.Version, out var version);
        reader.Metadata.TryGetValue(Artifacts.RunMetadata.SchemaHash, out var schema);
        if (id != definition.Id) throw new ExperimentException($"{resultsFile} holds experiment '{id}', not '{definition.Id}'.");
        if (version != definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) || schema != definition.Schema.Hash)
            throw new ExperimentException($"{resultsFile} was written by {id} v{version} (schema {schema}); the code is v{definition.Version} (schema {definition.Schema.Hash}). Re-run it.");
        if (Artifacts.PartialItems.Read(reader.Metadata, resultsFile) is { } partial)
            throw new ExperimentException($"{resultsFile} holds {partial.Describe()} (a partial artifact); claims and figures need every item.");
        reader.Metadata.TryGetValue(Artifacts.RunMetadata.Profile, out var profileName);
        var profile = ArtifactLayout.TryParseProfile(profileName ?? "", out var p) ? p : Profile.Quick;
        return (reader.ReadAll(), reader.Metadata, profile);
    }
}
