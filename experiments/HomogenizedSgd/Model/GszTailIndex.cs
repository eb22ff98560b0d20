using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// The tail index α of discrete SGD on isotropic Gaussian linear regression, after Gurbuzbalaban,
/// Simsekli &amp; Zhu (2021): α solves h(α) = 1, h(s) = E[Z^{s/2}], Z = (ρ − cX)² + c²XY, c = γ/B,
/// X ~ λχ²_B, Y ~ λχ²_{d−1}, and ρ = 1 − γδ with a ridge δ (GSZ have δ = 0; the ridge only scales the
/// deterministic part of the step, so the same rotation argument gives this Z — the project's extension). A stationary law exists only where the top Lyapunov exponent ½E[ln Z] is
/// negative. Expectations use deterministic quadrature (Monte Carlo is biased for large α, where Z &gt; 1
/// is rare): X = λt², Y = λu² turn the χ² densities into smooth Gaussian-like weights in t and u, and the
/// weights and the integrand are kept as logarithms so that s in the thousands neither underflows nor overflows.
/// </summary>
public sealed class GszTailIndex
{
    private readonly double _c, _lambda, _rho;
    private readonly int _b, _d;

    public GszTailIndex(double learningRate, int batchSize, int dimension, double lambda = 1, double ridge = 0)
    {
        _c = learningRate / batchSize;
        _rho = 1 - learningRate * ridge;
        _b = batchSize;
        _d = dimension;
        _lambda = lambda;
    }

    /// <summary>
    /// κ* = lim α·γ/B as γ → 0 at fixed B and d (the project's derivation, docs/hsgd-tail-index.md): with s = κ/c the
    /// moment h(s) is dominated by rare steps whose batch curvature cX is large, and the large-deviation exponent
    /// max over x of κ ln(x − 1) − x/2, attained at x = 1 + 2κ, vanishes: κ ln 2κ − κ − ½ = 0, κ* ≈ 1.796. The hSGD index
    /// has η·γ/B → 2, so α/η → κ*/2 ≈ 0.90 rather than 1.
    /// </summary>
    public static double SmallStepLimit()
    {
        // f(κ) = κ ln 2κ − κ − ½ is increasing for κ > ½ (f' = ln 2κ), negative at 1 and positive at 3.
        double lo = 1, hi = 3;
        for (var i = 0; i < 100; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid * Math.Log(2 * mid) - mid - 0.5 < 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>h(s) with the default resolution (+∞ where it exceeds the double range).</summary>
    public double H(double s) => Math.Exp(LogH(s, Resolution));

    /// <summary>½E[ln Z]: negative when SGD has a stationary law.</summary>
    public double LyapunovExponent()
    {
        var (t, logWt, u, logWu) = Grid(0, Resolution);
        double sum = 0, norm = 0;
        var peak = logWt.Max() + logWu.Max();
        for (var i = 0; i < t.Length; i++)
            for (var j = 0; j < u.Length; j++)
            {
                var w = Math.Exp(logWt[i] + logWu[j] - peak);
                sum += w * Math.Log(Z(t[i], u[j]));
                norm += w;
            }
        return 0.5 * sum / norm;
    }

    /// <summary>
    /// α with an error estimate (the change when the quadrature resolution is halved). NaN when the Lyapunov
    /// exponent is non-negative (no stationary law); +∞ when h stays below 1 up to s = <paramref name="maxIndex"/>.
    /// </summary>
    public (double Index, double Error) Solve(double maxIndex = 10000)
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
        if (LogH(hi, panels) < 0) return double.PositiveInfinity;
        // h is log-convex with h(0) = 1 and h'(0) < 0: exactly one crossing of 1 for s > 0.
        for (var i = 0; i < 80 && hi - lo > 1e-9 * hi; i++)
        {
            var mid = Math.Sqrt(lo * hi);
            if (LogH(mid, panels) < 0) lo = mid; else hi = mid;
        }
        return Math.Sqrt(lo * hi);
    }

    /// <summary>
    /// ln h(s) = ln Σ w·Z^{s/2} − ln Σ w, every term kept as a logarithm: at s in the thousands the weights where the
    /// integrand peaks are e^{−t²/2} ≈ e^{−2000}, far below the smallest double, and Z^{s/2} far above the largest.
    /// </summary>
    private double LogH(double s, int panels)
    {
        var (t, logWt, u, logWu) = Grid(s, panels);
        var logTerms = new double[t.Length * u.Length];
        var k = 0;
        for (var i = 0; i < t.Length; i++)
            for (var j = 0; j < u.Length; j++, k++)
                logTerms[k] = logWt[i] + logWu[j] + 0.5 * s * Math.Log(Z(t[i], u[j]));
        return LogSumExp(logTerms) - LogSumExp(logWt) - LogSumExp(logWu);
    }

    private static double LogSumExp(double[] logs)
    {
        var max = logs.Max();
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var l in logs) sum += Math.Exp(l - max);
        return max + Math.Log(sum);
    }

    private double Z(double t, double u)
    {
        var x = _lambda * t * t;
        var y = _lambda * u * u;
        var a = _rho - _c * x;
        return a * a + _c * _c * x * y;
    }

    /// <summary>
    /// Nodes and log-weights: the rule's weights times t^{B−1}e^{−t²/2} on [0, T] and u^{d−2}e^{−u²/2} on [0, U], the
    /// ranges wide enough to hold the peak of the integrand for moment order s. For d = 1, Y = 0 (a single node).
    /// </summary>
    private (double[], double[], double[], double[]) Grid(double s, int panels)
    {
        var tMax = Math.Sqrt(_b + 2 * s) + 14;
        var (t, tw) = GaussLegendre.Panels(0, tMax, panels, 8);
        var logWt = LogChiWeights(t, tw, _b - 1);
        if (_d == 1) return (t, logWt, [0.0], [0.0]);
        var uMax = Math.Sqrt(_d + s) + 14;
        var (u, uw) = GaussLegendre.Panels(0, uMax, panels, 8);
        return (t, logWt, u, LogChiWeights(u, uw, _d - 2));
    }

    private static double[] LogChiWeights(double[] nodes, double[] weights, int power) =>
        nodes.Select((v, i) => Math.Log(weights[i]) + (power == 0 ? 0 : power * Math.Log(v)) - 0.5 * v * v).ToArray();
}
