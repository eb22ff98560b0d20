using ReproHeavyTails.Optimization;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>The optimizers compared (RMSpropW and AdamW with decay 0 are RMSprop and Adam).</summary>
public enum OptimizerKind
{
    Sgd,
    SignSgd,
    RmsPropW,
    AdamW,
}

internal static class Optimizers
{
    /// <summary>
    /// Adam's averaging rates in SDE time (β_i = 1 − ρ_iη), fixed as η varies so the optimizers converge to one
    /// SDE; PyTorch's defaults β = (0.9, 0.999) at η = 0.01.
    /// </summary>
    public const double AdamRho1 = 10, AdamRho2 = 0.1;

    /// <summary>Adam with β_i = 1 − ρ_iη (<see cref="AdamRho1"/>, <see cref="AdamRho2"/>).</summary>
    public static Adam AdamInSdeScaling(int d, double eta) => new(d, eta, 1 - AdamRho1 * eta, 1 - AdamRho2 * eta);

    public static IOptimizer Create(this OptimizerKind kind, int d, double eta, double decay) => kind switch
    {
        OptimizerKind.Sgd => new Sgd(d, eta),
        OptimizerKind.SignSgd => new SignSgd(eta),
        OptimizerKind.RmsPropW => new RmsProp(d, eta, weightDecay: decay, decoupled: true),
        _ => new Adam(d, eta, weightDecay: decay, decoupled: true),
    };

    /// <summary>The project's stationary-loss formula for the optimizer, where one exists (RMSpropW and AdamW: Gaussian noise).</summary>
    public static double? Predicted(this OptimizerKind kind, NoisyQuadratic problem, double eta, double decay) => kind switch
    {
        OptimizerKind.Sgd => StationaryLoss.Sgd(eta, problem.Curvature, problem.NoiseScale, problem.DegreesOfFreedom),
        OptimizerKind.SignSgd => StationaryLoss.SignSgd(eta, problem.NoiseScale, problem.DegreesOfFreedom),
        OptimizerKind.RmsPropW when double.IsPositiveInfinity(problem.DegreesOfFreedom) => StationaryLoss.RmsPropW(eta, problem.Curvature, problem.NoiseScale, decay),
        OptimizerKind.AdamW when double.IsPositiveInfinity(problem.DegreesOfFreedom) => StationaryLoss.AdamW(eta, problem.Curvature, problem.NoiseScale, decay),
        _ => null,
    };

    /// <summary>
    /// ηh_max/σ_min: the first-order (small-step, low signal-to-noise) forms of SignSGD and RMSpropW hold when
    /// it is small; at 0.1 they are already off by a few per cent, at 1 by tens of per cent (measured).
    /// </summary>
    public static double StepToNoise(NoisyQuadratic problem, double eta) => eta * problem.Curvature.Max() / problem.NoiseScale.Min();
}
