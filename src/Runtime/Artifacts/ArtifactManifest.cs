using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReproHeavyTails.Artifacts;

/// <summary>manifest.json beside a run's tables: what was written, how many rows, and a hash of the data.</summary>
internal sealed record ArtifactManifest(
    [property: JsonPropertyName("experiment")] string Experiment,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("schema_hash")] string SchemaHash,
    [property: JsonPropertyName("seed")] string Seed,
    [property: JsonPropertyName("files")] IReadOnlyList<ManifestFile> Files)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static ArtifactManifest Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ArtifactManifest>(File.ReadAllText(path)) ?? throw new ArtifactException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new ArtifactException($"{path} is not a valid manifest ({e.Message})");
        }
    }
}

internal sealed record ManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("data_sha256")] string DataSha256);
