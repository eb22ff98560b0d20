using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// Every stored artifact, read and written anew through today's writer, keeps its schema, rows, values
/// (bit for bit) and key-value metadata, and DuckDB reads the new file with no options. Set
/// REPRO_REWRITE_TO=DIR to keep the rewritten tree for `repro diff artifacts DIR`.
/// </summary>
public class StoredArtifactRewriteTests
{
    [Fact]
    public void Rewriting_every_stored_artifact_changes_no_value_row_schema_or_metadata()
    {
        var keep = Environment.GetEnvironmentVariable("REPRO_REWRITE_TO");
        using var temp = RepositoryPaths.CreateTemp();
        var target = string.IsNullOrEmpty(keep) ? temp.Path : keep;
        var files = ArtifactRewrite.RewriteAll(RepositoryPaths.Artifacts, target);
        Assert.True(files.Count >= 10, $"only {files.Count} stored artifacts found");

        var report = ArtifactDiff.Compare(RepositoryPaths.Artifacts, target);
        Assert.False(report.Differs, report.ToText());
        Assert.All(report.Files, f => Assert.Empty(f.Metadata));

        foreach (var file in files)
        {
            using var stored = ParquetReader.Open(Path.Combine(RepositoryPaths.Artifacts, file));
            using var rewritten = ParquetReader.Open(Path.Combine(target, file));
            Assert.True(rewritten.CarriesDataHash);
            Assert.Equal(stored.Schema.ToString(), rewritten.Schema.ToString());
            Assert.Equal(stored.Metadata, rewritten.Metadata);
            ParquetTestTables.AssertSame(stored.ReadAll(), rewritten.ReadAll());
            var count = DuckDb.Query($"SELECT CAST(count(*) AS VARCHAR) FROM {DuckDb.Quote(Path.Combine(target, file))}").Rows.Single()[0];
            Assert.Equal(stored.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
        }
    }
}
