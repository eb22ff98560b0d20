namespace ReproHeavyTails.Artifacts;

/// <summary>The files of one run's folder that every reader of artifacts must know: the table, its manifest, and the journal folder that is not an artifact.</summary>
internal static class RunFolder
{
    public const string ResultsFile = "results.parquet";
    public const string ManifestFile = "manifest.json";

    /// <summary>Work in progress of an unfinished run (see the framework's RunJournal); never an artifact.</summary>
    public const string PartialFolder = ".partial";

    /// <summary>A run of chosen work items lives beside the whole run's folder, as "&lt;folder&gt;-items-&lt;hash&gt;" (a partial artifact).</summary>
    internal const string ItemsInfix = "-items-";
}
