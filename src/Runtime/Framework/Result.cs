namespace ReproHeavyTails.Framework;

/// <summary>
/// One row of an experiment's results: the cell (an experiment instance with its parameters set),
/// the replicate, the row's index within the cell, and the row itself (default when the cell diverged).
/// </summary>
public sealed record Result<TExperiment, TRow>(TExperiment Cell, int Replicate, int Row, TRow? Value, bool Diverged, string? DivergedReason);
