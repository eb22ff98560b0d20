namespace ReproHeavyTails.Cli;

/// <summary>How `repro diff` prints: a terminal table, Markdown (for CI summaries) or JSON.</summary>
internal enum DiffFormat
{
    Table,
    Markdown,
    Json,
}
