namespace ReproHeavyTails.Framework;

/// <summary>What a run did: where it wrote, how many items it ran or resumed, how many diverged.</summary>
public sealed record RunSummary(string Experiment, string Directory, int Cells, int Items, int Executed, int Resumed,
    int Diverged, long Rows, TimeSpan Elapsed, string? ResultsFile);
