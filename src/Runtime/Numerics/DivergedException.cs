namespace ReproHeavyTails.Numerics;

/// <summary>
/// Thrown by a simulation or a run method when its simulation diverges (NaN, ±∞, unbounded growth). The host records
/// the cell as a diverged row instead of failing the run.
/// </summary>
public sealed class DivergedException(string reason) : Exception(reason);
