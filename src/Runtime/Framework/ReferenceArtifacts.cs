using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The stored reference artifacts (artifacts/) against fresh runs: runs never write there; they are compared
/// with it, and <see cref="Accept"/> is the one way a fresh result replaces a reference.
/// </summary>
public static class ReferenceArtifacts
{
    /// <summary>Compares a fresh results file with the reference stored in <paramref name="referenceDirectory"/>.</summary>
    public static ReferenceComparison Compare(string freshResults, string referenceDirectory)
    {
        var reference = Path.Combine(referenceDirectory, ArtifactLayout.ResultsFile);
        if (!File.Exists(reference)) return new ReferenceComparison(ReferenceMatch.New, reference, null);
        var diff = ArtifactDiff.Compare(reference, freshResults);
        var match = diff.Differs ? ReferenceMatch.Differs : diff.LargestAcceptedDeviation == 0 ? ReferenceMatch.Exact : ReferenceMatch.WithinTolerance;
        return new ReferenceComparison(match, reference, diff);
    }

    /// <summary>
    /// Makes a finished run's results the reference: copies results.parquet and manifest.json into
    /// <paramref name="referenceDirectory"/> when their data differ from the stored ones (an unchanged reference
    /// keeps its bytes). Only a run of the profile's own grid at the default seed can become a reference.
    /// Returns whether the reference changed.
    /// </summary>
    public static bool Accept(string runDirectory, string referenceDirectory)
    {
        var fresh = Path.Combine(runDirectory, ArtifactLayout.ResultsFile);
        var freshManifest = Path.Combine(runDirectory, ArtifactLayout.ManifestFile);
        if (!File.Exists(fresh) || !File.Exists(freshManifest))
            throw new ArtifactException($"{runDirectory} holds no finished run ({ArtifactLayout.ResultsFile} and {ArtifactLayout.ManifestFile}).");
        using (var reader = ParquetReader.Open(fresh))
        {
            reader.Metadata.TryGetValue(RunMetadata.Seed, out var seed);
            var reference = RunSettings.DefaultSeed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (seed != reference)
                throw new ArtifactException($"{fresh} was run with seed {seed ?? "(none)"}; only a run at the default seed {reference} can become a reference.");
            if (PartialItems.Read(reader.Metadata, fresh) is { } partial)
                throw new ArtifactException($"{fresh} holds {partial.Describe()} (a partial artifact); only a run of every item can become a reference.");
        }
        var stored = Path.Combine(referenceDirectory, ArtifactLayout.ResultsFile);
        if (File.Exists(stored) && StillHolds(stored, fresh)) return false;
        Directory.CreateDirectory(referenceDirectory);
        AtomicFile.Write(stored, output => { using var input = File.OpenRead(fresh); input.CopyTo(output); });
        AtomicFile.Write(Path.Combine(referenceDirectory, ArtifactLayout.ManifestFile), output => { using var input = File.OpenRead(freshManifest); input.CopyTo(output); });
        return true;
    }

    /// <summary>Whether the stored reference holds the fresh data exactly. A damaged one holds nothing: accepting replaces it.</summary>
    private static bool StillHolds(string stored, string fresh)
    {
        try
        {
            return !ArtifactDiff.Compare(stored, fresh, Tolerance.Exact).Differs;
        }
        catch (ParquetFormatException)
        {
            return false;
        }
    }
}
