namespace ReproHeavyTails.Experiments.Calibration;

/// <summary>Laws with a known tail index used to calibrate estimators.</summary>
public enum TailLaw
{
    /// <summary>Pareto with scale 1: an exact power-law tail.</summary>
    Pareto,

    /// <summary>Student-t with ν = the tail index: a power-law tail with a Gaussian-like centre.</summary>
    StudentT,
}
