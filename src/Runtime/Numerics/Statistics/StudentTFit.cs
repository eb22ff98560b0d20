using MathNet.Numerics;

namespace ReproHeavyTails.Statistics;

/// <summary>
/// Maximum-likelihood Student-t (location μ, scale s, degrees of freedom ν): for fixed ν the EM iteration
/// (weights (ν+1)/(ν + z²)) maximises over μ and s; ν maximises the resulting profile likelihood by a
/// golden-section search on ln ν ∈ [ln 0.1, ln 1000]. ν is the tail index. Its standard error comes
/// from the curvature of the profile log-likelihood (observed information).
/// </summary>
public readonly record struct StudentTFit(double Location, double Scale, double DegreesOfFreedom, double DegreesOfFreedomStandardError, double LogLikelihood)
{
    private const double MinLogNu = -2.302585092994046; // ln 0.1
    private const double MaxLogNu = 6.907755278982137;  // ln 1000

    public double Cdf(double x) => MathNet.Numerics.Distributions.StudentT.CDF(Location, Scale, DegreesOfFreedom, x);

    public double Quantile(double p) => CdfInversion.Quantile(Cdf, p, Location, Scale);

    public static StudentTFit Fit(ReadOnlySpan<double> sample)
    {
        if (sample.Length < 10) throw new ArgumentException("A Student-t fit needs at least 10 values.");
        var x = sample.ToArray();
        var sorted = x.Order().ToArray();
        var start = (Location: sorted[x.Length / 2], Scale: Math.Max(1e-300, (sorted[3 * x.Length / 4] - sorted[x.Length / 4]) / 1.35));
        double Profile(double logNu)
        {
            start = FitLocationScale(x, Math.Exp(logNu), start);
            return LogLikelihoodOf(x, start.Location, start.Scale, Math.Exp(logNu));
        }

        var nu = Math.Exp(GoldenSection.Maximize(Profile, MinLogNu, MaxLogNu, 1e-5));
        var (location, scale) = FitLocationScale(x, nu, start);
        var best = LogLikelihoodOf(x, location, scale, nu);

        // Observed information of the profile likelihood in ν by a central second difference.
        var h = 1e-3 * nu;
        var curvature = (Profile(Math.Log(nu + h)) - 2 * best + Profile(Math.Log(nu - h))) / (h * h);
        var se = curvature < 0 ? 1 / Math.Sqrt(-curvature) : double.PositiveInfinity;
        return new StudentTFit(location, scale, nu, se, best);
    }

    private static (double Location, double Scale) FitLocationScale(double[] x, double nu, (double Location, double Scale) start)
    {
        var (mu, s) = start;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            // One pass over deviations from the current μ: the weighted sums give the new location and,
            // through Σw(x − μ')² = Σwd² − (Σwd)²/Σw, the new scale.
            double sw = 0, swd = 0, swdd = 0;
            foreach (var v in x)
            {
                var d = v - mu;
                var z = d / s;
                var w = (nu + 1) / (nu + z * z);
                sw += w;
                swd += w * d;
                swdd += w * d * d;
            }
            var newMu = mu + swd / sw;
            var newS = Math.Sqrt(Math.Max(swdd - swd * swd / sw, 1e-300) / x.Length);
            var converged = Math.Abs(newMu - mu) <= 1e-9 * s && Math.Abs(newS - s) <= 1e-9 * s;
            (mu, s) = (newMu, newS);
            if (converged) break;
        }
        return (mu, s);
    }

    private static double LogLikelihoodOf(double[] x, double mu, double s, double nu)
    {
        var constant = SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2) - 0.5 * Math.Log(nu * Math.PI) - Math.Log(s);
        var sum = 0.0;
        foreach (var v in x)
        {
            var z = (v - mu) / s;
            sum += Math.Log(1 + z * z / nu);
        }
        return x.Length * constant - (nu + 1) / 2 * sum;
    }
}
