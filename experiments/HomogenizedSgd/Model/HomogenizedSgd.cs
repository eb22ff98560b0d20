using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Homogenized SGD, dX = −γ∇f(X)dt + γ·sqrt((2/B)·f₀(X)·Σ) dW, integrated by Euler–Maruyama with
/// step h (in units of SGD iterations): X ← X − γh∇f(X) + γ·sqrt(h·(2/B)·f₀(X))·Σ^{1/2}ξ.
/// Euler–Maruyama biases the tail index low by O(h) (multiplicative noise), so the default step comes
/// from <see cref="TimeStep"/>, small enough that halving it moves the estimated tail index by less than
/// its standard error (a test shows this).
/// </summary>
public static class HomogenizedSgd
{
    /// <summary>
    /// The largest h = 2^{−k} ≤ ¼ with κh ≤ 0.02, where κ = γ²·λ_max·trΣ/B is the squared relative noise
    /// amplitude per unit time far from the minimum (the quantity the EM bias of the tail index grows with).
    /// </summary>
    public static double TimeStep(LinearRegressionProblem problem, double learningRate, int batchSize)
    {
        var kappa = learningRate * learningRate * problem.Spectrum.Max() * problem.Spectrum.Sum() / batchSize;
        var h = 0.25;
        while (kappa * h > 0.02 && h > 1.0 / 4096) h /= 2;
        return h;
    }

    public static IterateSamples Run(LinearRegressionProblem problem, ChainSettings settings, Rng rng, double? timeStep = null,
        CancellationToken cancellation = default)
    {
        settings.Validate();
        var h = timeStep ?? TimeStep(problem, settings.LearningRate, settings.BatchSize);
        return Run(problem, settings, rng, h, cancellation);
    }

    private static IterateSamples Run(LinearRegressionProblem problem, ChainSettings settings, Rng rng, double timeStep, CancellationToken cancellation)
    {
        var substeps = (int)Math.Round(1 / timeStep);
        if (substeps < 1 || Math.Abs(substeps * timeStep - 1) > 1e-12) throw new ArgumentException("The time step must be 1/n for a whole n.", nameof(timeStep));
        var d = problem.Dimension;
        var samples = new IterateSamples(d);
        var lambda = problem.Spectrum;
        var sqrtLambda = lambda.Select(Math.Sqrt).ToArray();
        var y = new double[d];          // X − x₀
        var deviation = new double[d];
        var offset = problem.Target.Select((t, i) => t - problem.Minimizer[i]).ToArray();
        double gamma = settings.LearningRate, delta = problem.Ridge, noiseVariance = problem.NoiseStd * problem.NoiseStd;
        var noiseScale = gamma * Math.Sqrt(timeStep / settings.BatchSize);
        for (var chain = 0; chain < settings.Chains; chain++)
        {
            samples.StartChain();
            for (var i = 0; i < d; i++) y[i] = problem.Minimizer[i] - problem.Target[i] + settings.InitScale * rng.NextGaussian();
            var diverged = false;
            for (var step = 1; step <= settings.Steps && !diverged; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                for (var sub = 0; sub < substeps; sub++)
                {
                    // 2 f₀(X) = (X − x₀)ᵀΣ(X − x₀) + σ².
                    var twiceLoss = noiseVariance;
                    for (var i = 0; i < d; i++) twiceLoss += lambda[i] * y[i] * y[i];
                    var amplitude = noiseScale * Math.Sqrt(twiceLoss);
                    for (var i = 0; i < d; i++)
                        y[i] += -gamma * timeStep * (lambda[i] * y[i] + delta * (y[i] + problem.Target[i])) + amplitude * sqrtLambda[i] * rng.NextGaussian();
                }
                diverged = StreamingSgd.Record(samples, settings, step, y, offset, deviation);
            }
        }
        return samples;
    }
}
