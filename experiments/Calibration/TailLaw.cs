using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.Calibration;

/// <summary>Laws with a known tail index used to calibrate estimators.</summary>
public enum TailLaw
{
    /// <summary>Pareto with scale 1: an exact power-law tail.</summary>
    Pareto,

    /// <summary>Student-t with ν = the tail index: a power-law tail with a Gaussian-like centre.</summary>
    StudentT,

    /// <summary>Symmetric α-stable with α = the tail index (α ≤ 2).</summary>
    Stable,
}

internal static class TailLaws
{
    public static double Draw(this TailLaw law, Rng rng, double index) => law switch
    {
        TailLaw.Pareto => Samplers.Pareto(rng, index),
        TailLaw.StudentT => Samplers.StudentT(rng, index),
        _ => Samplers.SymmetricStable(rng, index),
    };
}
