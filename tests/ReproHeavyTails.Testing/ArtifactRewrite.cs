using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Testing;

/// <summary>
/// Reads each stored artifact and writes its schema, values and key-value metadata anew through today's
/// Parquet writer: shows that a change of the layer under the artifacts keeps their data (compare the
/// folders with `repro diff`), and gives the fuzz test real files in today's format.
/// </summary>
public static class ArtifactRewrite
{
    /// <summary>The file's bytes as the writer writes them today.</summary>
    public static byte[] Rewrite(string parquetFile)
    {
        using var reader = ParquetReader.Open(parquetFile);
        var output = new MemoryStream();
        using (var writer = new ParquetWriter(output, reader.Schema, reader.Metadata, new ParquetWriterOptions()))
            for (var g = 0; g < reader.RowGroupCount; g++) writer.Append(reader.ReadRowGroup(g));
        return output.ToArray();
    }

    /// <summary>Rewrites every artifact under <paramref name="sourceRoot"/> into the same layout under <paramref name="targetRoot"/>, manifests copied.</summary>
    public static IReadOnlyList<string> RewriteAll(string sourceRoot, string targetRoot)
    {
        var files = ArtifactDiff.ArtifactFiles(sourceRoot).Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            var target = Path.Combine(targetRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, Rewrite(Path.Combine(sourceRoot, file)));
            var manifest = Path.Combine(Path.GetDirectoryName(Path.Combine(sourceRoot, file))!, ArtifactLayout.ManifestFile);
            if (File.Exists(manifest)) File.Copy(manifest, Path.Combine(Path.GetDirectoryName(target)!, ArtifactLayout.ManifestFile), overwrite: true);
        }
        return files;
    }
}
