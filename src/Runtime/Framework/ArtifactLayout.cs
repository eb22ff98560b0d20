using ReproHeavyTails.Artifacts;

namespace ReproHeavyTails.Framework;

/// <summary>Where a run's artifacts live: &lt;root&gt;/&lt;experiment-id&gt;/v&lt;version&gt;/&lt;profile&gt;/results.parquet.</summary>
public static class ArtifactLayout
{
    public const string ResultsFile = RunFolder.ResultsFile, ManifestFile = RunFolder.ManifestFile, PartialFolder = RunFolder.PartialFolder;

    public static string ProfileName(Profile profile) => profile == Profile.Quick ? ArtifactConventions.QuickProfile : ArtifactConventions.PaperProfile;

    internal static bool TryParseProfile(string text, out Profile profile)
    {
        profile = text switch { ArtifactConventions.QuickProfile => Profile.Quick, ArtifactConventions.PaperProfile => Profile.Paper, _ => (Profile)(-1) };
        return (int)profile >= 0;
    }

    /// <summary>
    /// The run's folder. A grid changed with --set or a non-default seed gets its own folder, named by the
    /// run's hash, so it never lands where the profile's reference artifacts live.
    /// </summary>
    public static string RunDirectory(string root, ExperimentDefinition definition, Profile profile, string? customGridHash = null) =>
        Path.Combine(root, definition.Id, $"v{definition.Version}",
            ProfileName(profile) + (customGridHash is null ? "" : "-custom-" + customGridHash[..8]));

    /// <summary>The folder of a run of chosen work items only (a partial artifact), named by the run's hash: never a reference's place.</summary>
    public static string ItemsDirectory(string root, ExperimentDefinition definition, Profile profile, string runHash) =>
        Path.Combine(root, definition.Id, $"v{definition.Version}", ProfileName(profile) + RunFolder.ItemsInfix + runHash[..8]);

    /// <summary>
    /// Where a long run's saved progress is stored beside the references until the run is complete: a copy of the run
    /// folder's journal (its .partial folder), which <c>repro run --resume-from</c> resumes from (docs/paper-scale.md,
    /// "Runs longer than a sitting"). Artifact listings skip journals, so progress is never taken for a table.
    /// </summary>
    public static string ProgressDirectory(string root, ExperimentDefinition definition, Profile profile) =>
        Path.Combine(root, definition.Id, $"v{definition.Version}", ProfileName(profile) + "-progress");
}
