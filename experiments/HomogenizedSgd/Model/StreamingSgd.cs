using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Minibatch SGD on fresh data every step: x ← x − γ[(1/B) Σ a_i(a_i·x − b_i) + δx], a_i ~ N(0, Σ).
/// Chains run one after another on the caller's stream, each in preallocated buffers (no allocation per step).
/// </summary>
public static class StreamingSgd
{
    public static IterateSamples Run(LinearRegressionProblem problem, ChainSettings settings, Rng rng, CancellationToken cancellation = default)
    {
        settings.Validate();
        var d = problem.Dimension;
        var samples = new IterateSamples(d);
        var sqrtLambda = problem.Spectrum.Select(Math.Sqrt).ToArray();
        var y = new double[d];          // x − x₀
        var a = new double[d];
        var gradient = new double[d];
        var deviation = new double[d];  // x − x*
        var offset = problem.Target.Select((t, i) => t - problem.Minimizer[i]).ToArray(); // x₀ − x*
        double gamma = settings.LearningRate, delta = problem.Ridge, sigma = problem.NoiseStd;
        for (var chain = 0; chain < settings.Chains; chain++)
        {
            samples.StartChain();
            for (var i = 0; i < d; i++) y[i] = problem.Minimizer[i] - problem.Target[i] + settings.InitScale * rng.NextGaussian();
            var diverged = false;
            for (var step = 1; step <= settings.Steps && !diverged; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                Array.Clear(gradient);
                for (var b = 0; b < settings.BatchSize; b++)
                {
                    var residual = -sigma * rng.NextGaussian();
                    for (var i = 0; i < d; i++)
                    {
                        a[i] = sqrtLambda[i] * rng.NextGaussian();
                        residual += a[i] * y[i];
                    }
                    for (var i = 0; i < d; i++) gradient[i] += a[i] * residual;
                }
                var scale = gamma / settings.BatchSize;
                for (var i = 0; i < d; i++) y[i] -= scale * gradient[i] + gamma * delta * (y[i] + problem.Target[i]);
                diverged = Record(samples, settings, step, y, offset, deviation);
            }
        }
        return samples;
    }

    /// <summary>Stores a snapshot when due; stops the chain (and counts it) when it has diverged.</summary>
    internal static bool Record(IterateSamples samples, ChainSettings settings, int step, double[] y, double[] offset, double[] deviation)
    {
        if (Vectors.Diverged(y))
        {
            samples.DivergedChains++;
            return true;
        }
        if (step > settings.BurnIn && (step - settings.BurnIn) % settings.Thin == 0)
        {
            for (var i = 0; i < y.Length; i++) deviation[i] = y[i] + offset[i];
            samples.Add(deviation);
        }
        return false;
    }
}
