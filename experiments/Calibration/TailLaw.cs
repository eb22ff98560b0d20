using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
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

    /// <summary>
    /// Snapshots of one-dimensional SGD on fresh Gaussian data (B = 1, λ = 1, label noise σ = 1), the step γ chosen so
    /// that the exact discrete index of h(α) = 1 is the tail index: the law the experiments estimate.
    /// </summary>
    SgdIterates,
}

internal static class TailLaws
{
    public static double[] Sample(this TailLaw law, Rng rng, double index, int n)
    {
        if (law == TailLaw.SgdIterates) return SgdIterates(rng, index, n);
        var sample = new double[n];
        for (var i = 0; i < n; i++)
            sample[i] = law switch
            {
                TailLaw.Pareto => Samplers.Pareto(rng, index),
                TailLaw.StudentT => Samplers.StudentT(rng, index),
                _ => Samplers.SymmetricStable(rng, index),
            };
        return sample;
    }

    private const int SnapshotsPerChain = 50, Thin = 10, BurnIn = 200;

    /// <summary>
    /// n snapshots of 1-D SGD at the γ whose exact index is <paramref name="index"/>, chain after chain, 10 steps apart
    /// (the correlation of x over 10 steps is E(1 − γX)^10 = (1 − γ)^10, below 10⁻² at the steps used, γ ≥ 0.45).
    /// </summary>
    private static double[] SgdIterates(Rng rng, double index, int n)
    {
        var gamma = StepWithIndex(index);
        var chains = (n + SnapshotsPerChain - 1) / SnapshotsPerChain;
        var problem = new LinearRegressionProblem([1.0], [0.0], noiseStd: 1, ridge: 0);
        var samples = StreamingSgd.Run(problem, new ChainSettings(gamma, 1, chains, BurnIn + SnapshotsPerChain * Thin, BurnIn, Thin), rng);
        return samples.Coordinate(0)[..n];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<double, double> Steps = new();

    /// <summary>The γ with h(α) = 1 at α = <paramref name="index"/> for d = 1, B = 1 (α falls with γ): bisection in γ, once per index.</summary>
    private static double StepWithIndex(double index) => Steps.GetOrAdd(index, static index =>
    {
        double lo = 1e-3, hi = 1.9;
        for (var i = 0; i < 60; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (new GszTailIndex(mid, 1, 1).Solve().Index > index) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    });
}
