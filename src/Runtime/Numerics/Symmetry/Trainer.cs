using ReproHeavyTails.Numerics;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Symmetry;

/// <summary>
/// Full-batch gradient descent or minibatch SGD (B samples drawn with replacement), learning rate γ with an
/// optional linear warmup over the first steps, and L2 weight decay (the term wd·θ added to
/// the gradient). <c>observe</c> sees θ after every step (and at step 0), with the gradient (decay excluded) that
/// made the step — zeros at step 0 — so callers need not recompute it.
/// </summary>
public sealed record TrainerSettings(double LearningRate, int Steps, int? BatchSize = null, double WeightDecay = 0, int WarmupSteps = 0)
{
    public bool Stochastic => BatchSize is not null;
}

public static class Trainer
{
    public static void Run(IModel model, Dataset data, double[] theta, TrainerSettings settings, Rng rng, Action<int, double[], double[]> observe,
        CancellationToken cancellation = default)
    {
        var gradient = new double[model.ParameterCount];
        observe(0, theta, gradient);
        for (var step = 1; step <= settings.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            if (settings.BatchSize is { } b)
                for (var k = 0; k < b; k++) model.AccumulateGradient(theta, data, rng.NextInt(data.Count), 1.0 / b, gradient);
            else
                for (var i = 0; i < data.Count; i++) model.AccumulateGradient(theta, data, i, 1.0 / data.Count, gradient);
            var rate = settings.LearningRate * (settings.WarmupSteps > 0 ? Math.Min(1.0, (double)step / settings.WarmupSteps) : 1);
            for (var k = 0; k < theta.Length; k++) theta[k] -= rate * (gradient[k] + settings.WeightDecay * theta[k]);
            if (!LinearAlgebra.Vectors.AllFinite(theta)) throw new DivergedException($"parameters not finite at step {step}");
            observe(step, theta, gradient);
        }
    }

    /// <summary>The full-data mean loss and gradient at θ.</summary>
    public static double FullGradient(IModel model, Dataset data, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        gradient.Clear();
        var loss = 0.0;
        for (var i = 0; i < data.Count; i++) loss += model.AccumulateGradient(theta, data, i, 1.0 / data.Count, gradient) / data.Count;
        return loss;
    }

    /// <summary>
    /// The largest Hessian eigenvalue of the full-data loss (the sharpness), by power iteration on
    /// central-difference Hessian–vector products.
    /// </summary>
    public static double Sharpness(IModel model, Dataset data, ReadOnlySpan<double> theta, Rng rng, int iterations = 100)
    {
        var n = theta.Length;
        var v = new double[n];
        for (var k = 0; k < n; k++) v[k] = rng.NextGaussian();
        var plus = new double[n];
        var minus = new double[n];
        var gPlus = new double[n];
        var gMinus = new double[n];
        var eigenvalue = 0.0;
        for (var it = 0; it < iterations; it++)
        {
            var norm = Math.Sqrt(v.Sum(e => e * e));
            for (var k = 0; k < n; k++) v[k] /= norm;
            const double h = 1e-5;
            for (var k = 0; k < n; k++) { plus[k] = theta[k] + h * v[k]; minus[k] = theta[k] - h * v[k]; }
            FullGradient(model, data, plus, gPlus);
            FullGradient(model, data, minus, gMinus);
            eigenvalue = 0;
            for (var k = 0; k < n; k++)
            {
                var hv = (gPlus[k] - gMinus[k]) / (2 * h);
                eigenvalue += hv * v[k];
                v[k] = hv;
            }
        }
        return eigenvalue;
    }

    /// <summary>The trace of the full-data loss's Hessian, Σ_k e_kᵀHe_k by central differences of the gradient.</summary>
    public static double HessianTrace(IModel model, Dataset data, ReadOnlySpan<double> theta)
    {
        var n = theta.Length;
        var point = theta.ToArray();
        var gPlus = new double[n];
        var gMinus = new double[n];
        var trace = 0.0;
        const double h = 1e-5;
        for (var k = 0; k < n; k++)
        {
            point[k] = theta[k] + h;
            FullGradient(model, data, point, gPlus);
            point[k] = theta[k] - h;
            FullGradient(model, data, point, gMinus);
            point[k] = theta[k];
            trace += (gPlus[k] - gMinus[k]) / (2 * h);
        }
        return trace;
    }
}
