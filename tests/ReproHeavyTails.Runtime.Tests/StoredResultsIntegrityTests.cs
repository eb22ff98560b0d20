using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>A re-run compares the stored file itself, not only its manifest: unchanged data keep the bytes, damaged data are rewritten.</summary>
public class StoredResultsIntegrityTests
{
    [Fact]
    public void A_rerun_with_the_same_data_keeps_the_stored_bytes()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var first = ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, temp.Path));
        var bytes = File.ReadAllBytes(first.ResultsFile!);
        var stamp = File.GetLastWriteTimeUtc(first.ResultsFile!);
        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, temp.Path));
        Assert.Equal(bytes, File.ReadAllBytes(first.ResultsFile!));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(first.ResultsFile!));
    }

    [Fact]
    public void A_rerun_that_finds_the_stored_data_damaged_rewrites_them()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var first = ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, temp.Path));
        var good = File.ReadAllBytes(first.ResultsFile!);
        // Damage one byte of the data region (not the footer) such that the file no longer reads; the manifest stays as it was.
        var damaged = Enumerable.Range(8, good.Length / 2).Select(at =>
        {
            var copy = (byte[])good.Clone();
            copy[at] ^= 0x10;
            return copy;
        }).First(copy => !Reads(copy));
        File.WriteAllBytes(first.ResultsFile!, damaged);

        var manifest = ArtifactManifest.Read(Path.Combine(first.Directory, ArtifactLayout.ManifestFile));
        Assert.False(DataHash.Matches(first.ResultsFile!, manifest.Files.Single().DataSha256));

        ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, temp.Path));
        // Rewritten: the data of the first run again (its creation time is the re-run's).
        Assert.True(Reads(File.ReadAllBytes(first.ResultsFile!)));
        Assert.True(DataHash.Matches(first.ResultsFile!, manifest.Files.Single().DataSha256));
    }

    private static bool Reads(byte[] bytes)
    {
        try
        {
            using var reader = ParquetReader.Open(new MemoryStream(bytes), "probe");
            reader.ReadAll();
            return true;
        }
        catch (ParquetFormatException)
        {
            return false;
        }
    }
}
