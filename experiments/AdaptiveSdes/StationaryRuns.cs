using ReproHeavyTails.Framework;
using ReproHeavyTails.Numerics;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// Many independent paths of an optimizer on a noisy quadratic, started at the minimum: after a burn-in,
/// each path's loss is averaged over a window, and over twice that window (to see whether the average
/// settles, as it does when the stationary loss is finite).
/// </summary>
internal static class StationaryRuns
{
    public sealed record Measurement(Summary Loss, Summary LogWindowRatio);

    /// <summary>A noisy gradient at x, written into g.</summary>
    public delegate void Oracle(ReadOnlySpan<double> x, Span<double> g, Rng rng);

    /// <summary>The runs with <paramref name="problem"/>'s own gradient noise, or <paramref name="oracle"/>'s when given.</summary>
    public static Measurement Run(NoisyQuadratic problem, Func<IOptimizer> optimizer, int paths, int burnIn, int window, Rng rng,
        CancellationToken cancellation, Oracle? oracle = null)
    {
        oracle ??= problem.NoisyGradient;
        var averages = new double[paths];
        var ratios = new double[paths];
        var x = new double[problem.Dimension];
        var g = new double[problem.Dimension];
        for (var p = 0; p < paths; p++)
        {
            Array.Clear(x);
            var opt = optimizer();
            double first = 0, second = 0;
            for (var k = 0; k < burnIn + 2 * window; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                oracle(x, g, rng);
                opt.Step(x, g);
                if (k < burnIn) continue;
                var loss = problem.Loss(x);
                if (k < burnIn + window) first += loss; else second += loss;
            }
            averages[p] = (first + second) / (2 * window);
            if (!double.IsFinite(averages[p])) throw new DivergedException($"the loss of path {p} became {averages[p]}");
            ratios[p] = Math.Log(averages[p] / (first / window));
        }
        return new Measurement(Summary.Of(averages), Summary.Of(ratios));
    }
}
