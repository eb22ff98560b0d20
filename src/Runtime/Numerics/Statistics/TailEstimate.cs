namespace ReproHeavyTails.Statistics;

/// <summary>A tail-index estimate with its standard error (NaN where none exists) and the number of tail points used.</summary>
public readonly record struct TailEstimate(double Index, double StandardError, int TailCount);
