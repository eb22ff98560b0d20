namespace ReproHeavyTails.Framework;

/// <summary>
/// Thrown by a run method when its simulation diverges (NaN, ±∞, unbounded growth). The host records
/// the cell as a diverged row instead of failing the run.
/// </summary>
public sealed class DivergedException(string reason) : Exception(reason);
