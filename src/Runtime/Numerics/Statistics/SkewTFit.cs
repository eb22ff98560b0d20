using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ReproHeavyTails.Statistics;

/// <summary>
/// Maximum-likelihood skew-t law of Jones &amp; Faddy (2003), location μ, scale s, shapes a, b &gt; 0: with
/// t = (x − μ)/s and r = √(a + b + t²), the density is
/// s⁻¹·(1 + t/r)^{a+½}(1 − t/r)^{b+½} / (2^{a+b−1}·B(a, b)·√(a + b)) and the CDF I_{(1+t/r)/2}(a, b).
/// Its tails are power laws with separate indices: as t → ∞, 1 − t/r ≈ (a + b)/(2t²), so the density falls like
/// t^{−2b−1} and the right tail has index 2b; the left tail has index 2a. a = b = ν/2 is Student-t with ν degrees of freedom. Chosen over Azzalini's skew-t
/// because its CDF is closed-form (a KS test needs it at every sample point) and its tail indices are parameters.
/// The four parameters maximise the likelihood (Nelder–Mead in μ, ln s, ln a, ln b from the Student-t fit); the
/// standard errors of a and b come from the observed information (the Hessian by central differences).
/// </summary>
public readonly record struct SkewTFit(double Location, double Scale, double A, double B, double AStandardError, double BStandardError, double LogLikelihood)
{
    /// <summary>Tail index of the right tail, P(X &gt; x) ~ x^{−2b}.</summary>
    public double RightTailIndex => 2 * B;

    /// <summary>Tail index of the left tail, P(X &lt; −x) ~ x^{−2a}.</summary>
    public double LeftTailIndex => 2 * A;

    public double RightTailIndexError => 2 * BStandardError;

    public double LeftTailIndexError => 2 * AStandardError;

    public double Cdf(double x)
    {
        var t = (x - Location) / Scale;
        var r = Math.Sqrt(A + B + t * t);
        return SpecialFunctions.BetaRegularized(A, B, 0.5 * (1 + t / r));
    }

    public double Quantile(double p) => CdfInversion.Quantile(Cdf, p, Location, Scale);

    public static SkewTFit Fit(ReadOnlySpan<double> sample)
    {
        var x = sample.ToArray();
        var t = StudentTFit.Fit(x);
        var halfNu = Math.Log(t.DegreesOfFreedom / 2);
        double NegativeLogLikelihood(Vector<double> p) => -LogLikelihoodOf(x, p[0], Math.Exp(p[1]), Math.Exp(p[2]), Math.Exp(p[3]));
        var start = Vector<double>.Build.Dense([t.Location, Math.Log(t.Scale), halfNu, halfNu]);
        var best = new NelderMeadSimplex(1e-10, 5000).FindMinimum(ObjectiveFunction.Value(NegativeLogLikelihood), start).MinimizingPoint;
        var (location, scale, a, b) = (best[0], Math.Exp(best[1]), Math.Exp(best[2]), Math.Exp(best[3]));
        var covariance = ObservedInformation(NegativeLogLikelihood, best).Inverse();
        // The optimisation runs in ln a, ln b: SE(a) = a·SE(ln a).
        return new SkewTFit(location, scale, a, b, a * Math.Sqrt(covariance[2, 2]), b * Math.Sqrt(covariance[3, 3]), LogLikelihoodOf(x, location, scale, a, b));
    }

    /// <summary>The Hessian of <paramref name="f"/> at <paramref name="p"/> by central differences (steps 10⁻³ in each coordinate).</summary>
    private static Matrix<double> ObservedInformation(Func<Vector<double>, double> f, Vector<double> p)
    {
        const double h = 1e-3;
        var n = p.Count;
        double At(int i, double di, int j, double dj)
        {
            var q = p.Clone();
            q[i] += di;
            q[j] += dj;
            return f(q);
        }
        var hessian = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                hessian[i, j] = hessian[j, i] = (At(i, h, j, h) - At(i, h, j, -h) - At(i, -h, j, h) + At(i, -h, j, -h)) / (4 * h * h);
        return hessian;
    }

    private static double LogLikelihoodOf(double[] x, double location, double scale, double a, double b)
    {
        var constant = (a + b - 1) * Math.Log(2) + SpecialFunctions.BetaLn(a, b) + 0.5 * Math.Log(a + b) + Math.Log(scale);
        var sum = 0.0;
        foreach (var v in x)
        {
            var t = (v - location) / scale;
            var r = Math.Sqrt(a + b + t * t);
            // ln(1 ± t/r) without cancellation: (r − |t|)·(r + |t|) = a + b.
            var near = Math.Log((r + Math.Abs(t)) / r);
            var far = Math.Log((a + b) / ((r + Math.Abs(t)) * r));
            sum += t >= 0 ? (a + 0.5) * near + (b + 0.5) * far : (a + 0.5) * far + (b + 0.5) * near;
        }
        return sum - x.Length * constant;
    }
}
