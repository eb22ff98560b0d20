namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// How chains are run and sampled: <see cref="Steps"/> SGD iterations (or the same span of diffusion
/// time, one iteration = one time unit), the first <see cref="BurnIn"/> discarded, then a snapshot every
/// <see cref="Thin"/> iterations. Chains start at x* + <see cref="InitScale"/>·N(0, I).
/// </summary>
public readonly record struct ChainSettings(double LearningRate, int BatchSize, int Chains, int Steps, int BurnIn, int Thin, double InitScale = 1)
{
    public void Validate()
    {
        if (LearningRate <= 0 || BatchSize < 1 || Chains < 1 || Steps < 1 || BurnIn < 0 || BurnIn >= Steps || Thin < 1)
            throw new ArgumentException($"Invalid chain settings: {this}.");
    }
}
