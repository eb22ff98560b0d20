using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Regression;

/// <summary>
/// The tail index α of discrete SGD on isotropic Gaussian linear regression (δ = 0), after Gurbuzbalaban,
/// Simsekli &amp; Zhu (2021): α solves h(α) = 1, h(s) = E[Z^{s/2}], Z = (1 − cX)² + c²XY, c = γ/B,
/// X ~ λχ²_B, Y ~ λχ²_{d−1}. A stationary law exists only where the top Lyapunov exponent ½E[ln Z] is
/// negative. Expectations use deterministic quadrature (Monte Carlo is biased for large α, where Z &gt; 1
/// is rare): X = λt², Y = λu² turn the χ² densities into smooth Gaussian-like weights in t and u, and the
/// integrand is summed in logarithms so that s in the hundreds does not overflow.
/// </summary>
public sealed class GszTailIndex
{
    private readonly double _c, _lambda;
    private readonly int _b, _d;

    public GszTailIndex(double learningRate, int batchSize, int dimension, double lambda = 1)
    {
        _c = learningRate / batchSize;
        _b = batchSize;
        _d = dimension;
        _lambda = lambda;
    }

    /// <summary>h(s) with the default resolution.</summary>
    public double H(double s) => H(s, Resolution);

    /// <summary>½E[ln Z]: negative when SGD has a stationary law.</summary>
    public double LyapunovExponent()
    {
        var (tNodes, tWeights, uNodes, uWeights) = Grid(0, Resolution);
        double sum = 0, norm = 0;
        for (var i = 0; i < tNodes.Length; i++)
            for (var j = 0; j < uNodes.Length; j++)
            {
                var w = tWeights[i] * uWeights[j];
                sum += w * Math.Log(Z(tNodes[i], uNodes[j]));
                norm += w;
            }
        return 0.5 * sum / norm;
    }

    /// <summary>
    /// α with an error estimate (the change when the quadrature resolution is halved). NaN when the Lyapunov
    /// exponent is non-negative (no stationary law); +∞ when h stays below 1 up to s = <paramref name="maxIndex"/>.
    /// </summary>
    public (double Index, double Error) Solve(double maxIndex = 2000)
    {
        if (LyapunovExponent() >= 0) return (double.NaN, double.NaN);
        var fine = Root(Resolution, maxIndex);
        var coarse = Root(Resolution / 2, maxIndex);
        return (fine, double.IsInfinity(fine) ? double.NaN : Math.Abs(fine - coarse));
    }

    private const int Resolution = 64;

    private double Root(int panels, double maxIndex)
    {
        double lo = 1e-3, hi = maxIndex;
        if (H(hi, panels) < 1) return double.PositiveInfinity;
        // h is log-convex with h(0) = 1 and h'(0) < 0: exactly one crossing of 1 for s > 0.
        for (var i = 0; i < 60 && hi - lo > 1e-9 * hi; i++)
        {
            var mid = Math.Sqrt(lo * hi);
            if (H(mid, panels) < 1) lo = mid; else hi = mid;
        }
        return Math.Sqrt(lo * hi);
    }

    private double H(double s, int panels)
    {
        var (tNodes, tWeights, uNodes, uWeights) = Grid(s, panels);
        // log-sum-exp of log w + (s/2) ln Z, normalised by the same rule at s = 0.
        var logTerms = new double[tNodes.Length * uNodes.Length];
        double norm = 0, max = double.NegativeInfinity;
        var k = 0;
        for (var i = 0; i < tNodes.Length; i++)
            for (var j = 0; j < uNodes.Length; j++, k++)
            {
                var w = tWeights[i] * uWeights[j];
                norm += w;
                logTerms[k] = w > 0 ? Math.Log(w) + 0.5 * s * Math.Log(Z(tNodes[i], uNodes[j])) : double.NegativeInfinity;
                max = Math.Max(max, logTerms[k]);
            }
        var sum = 0.0;
        foreach (var l in logTerms) sum += Math.Exp(l - max);
        return Math.Exp(max + Math.Log(sum) - Math.Log(norm));
    }

    private double Z(double t, double u)
    {
        var x = _lambda * t * t;
        var y = _lambda * u * u;
        var a = 1 - _c * x;
        return a * a + _c * _c * x * y;
    }

    /// <summary>
    /// Nodes and unnormalised χ weights: t^{B−1}e^{−t²/2} on [0, T] and u^{d−2}e^{−u²/2} on [0, U], the ranges
    /// wide enough to hold the peak of the integrand for moment order s. For d = 1, Y = 0 (a single node).
    /// </summary>
    private (double[], double[], double[], double[]) Grid(double s, int panels)
    {
        var tMax = Math.Sqrt(_b + 2 * s) + 14;
        var (t, tw) = GaussLegendre.Panels(0, tMax, panels, 8);
        ChiWeights(t, tw, _b - 1);
        if (_d == 1) return (t, tw, [0.0], [1.0]);
        var uMax = Math.Sqrt(_d + s) + 14;
        var (u, uw) = GaussLegendre.Panels(0, uMax, panels, 8);
        ChiWeights(u, uw, _d - 2);
        return (t, tw, u, uw);
    }

    /// <summary>Multiplies the rule's weights by v^power·e^{−v²/2}, scaled by its peak so that large d cannot overflow.</summary>
    private static void ChiWeights(double[] nodes, double[] weights, int power)
    {
        var logDensity = nodes.Select(v => (power == 0 ? 0 : power * Math.Log(v)) - 0.5 * v * v).ToArray();
        var peak = logDensity.Max();
        for (var i = 0; i < nodes.Length; i++) weights[i] *= Math.Exp(logDensity[i] - peak);
    }
}
