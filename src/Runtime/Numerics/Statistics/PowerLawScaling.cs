namespace ReproHeavyTails.Statistics;

/// <summary>The exponent of a scaling law y ∝ x^s from points with standard errors: weighted least squares on logarithms.</summary>
public static class PowerLawScaling
{
    /// <summary>
    /// The slope s of ln y on ln x, each point weighted by 1/(SE of ln y)² = (y/SE)², with its standard error.
    /// </summary>
    public static (double Slope, double Error) Fit(IEnumerable<(double X, double Y, double YError)> points)
    {
        var p = points.Select(q => (X: Math.Log(q.X), Y: Math.Log(q.Y), W: Math.Pow(q.Y / q.YError, 2))).ToArray();
        if (p.Length < 2) throw new ArgumentException("A scaling fit needs at least two points.");
        double sw = p.Sum(q => q.W), mx = p.Sum(q => q.W * q.X) / sw, my = p.Sum(q => q.W * q.Y) / sw;
        var sxx = p.Sum(q => q.W * (q.X - mx) * (q.X - mx));
        return (p.Sum(q => q.W * (q.X - mx) * (q.Y - my)) / sxx, 1 / Math.Sqrt(sxx));
    }

    /// <summary>
    /// The leading exponent s of y = a·x^s + b·x^<paramref name="nextPower"/> (positive x, a known next-order power,
    /// the second term of an expansion whose leading power is the one tested): weighted least squares on y itself,
    /// each point weighted by 1/SE². For each s, a and b are linear; s minimises the profile χ² (a scan of
    /// [−1, 3] in steps of 0.01, then golden-section search around the best step), and its standard error is the
    /// Gauss–Newton one, from the inverse of JᵀWJ over (a, b, s). Needs at least three points (with three the fit is
    /// exact and the error comes from the Jacobian alone).
    /// </summary>
    public static (double Slope, double Error) FitWithNextOrder(IEnumerable<(double X, double Y, double YError)> points, double nextPower)
    {
        var raw = points.ToArray();
        if (raw.Length < 3) throw new ArgumentException("A scaling fit with a next-order term needs at least three points.");
        if (raw.Any(q => !(q.X > 0) || !(q.YError > 0))) throw new ArgumentException("A scaling fit needs positive x and positive standard errors.");
        var scale = raw.Max(q => q.X); // x/max x in (0, 1]: the same family of curves, better conditioned
        var p = raw.Select(q => (X: q.X / scale, q.Y, W: 1 / (q.YError * q.YError))).ToArray();

        (double A, double B, double ChiSquare) Profile(double s)
        {
            double faa = 0, fab = 0, fbb = 0, ra = 0, rb = 0;
            foreach (var q in p)
            {
                double u = Math.Pow(q.X, s), v = Math.Pow(q.X, nextPower);
                faa += q.W * u * u; fab += q.W * u * v; fbb += q.W * v * v; ra += q.W * u * q.Y; rb += q.W * v * q.Y;
            }
            var det = faa * fbb - fab * fab;
            if (!(Math.Abs(det) > 1e-12 * faa * fbb)) return (double.NaN, double.NaN, double.PositiveInfinity); // s = next power: one term
            double a = (ra * fbb - rb * fab) / det, b = (rb * faa - ra * fab) / det;
            return (a, b, p.Sum(q => q.W * Math.Pow(q.Y - a * Math.Pow(q.X, s) - b * Math.Pow(q.X, nextPower), 2)));
        }

        var best = Enumerable.Range(-100, 401).Select(i => i / 100.0).MinBy(s => Profile(s).ChiSquare);
        double lo = best - 0.01, hi = best + 0.01;
        for (var i = 0; i < 60; i++)
        {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            if (Profile(m1).ChiSquare < Profile(m2).ChiSquare) hi = m2; else lo = m1;
        }
        var slope = (lo + hi) / 2;
        var (aFit, _, _) = Profile(slope);
        var f = new double[3, 3];
        foreach (var q in p)
        {
            var u = Math.Pow(q.X, slope);
            var j = new[] { u, Math.Pow(q.X, nextPower), aFit * Math.Log(q.X) * u };
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 3; c++) f[r, c] += q.W * j[r] * j[c];
        }
        // (F⁻¹)_ss = cofactor / determinant
        var minor = f[0, 0] * f[1, 1] - f[0, 1] * f[1, 0];
        var determinant = f[0, 0] * (f[1, 1] * f[2, 2] - f[1, 2] * f[2, 1]) - f[0, 1] * (f[1, 0] * f[2, 2] - f[1, 2] * f[2, 0])
            + f[0, 2] * (f[1, 0] * f[2, 1] - f[1, 1] * f[2, 0]);
        return (slope, Math.Sqrt(minor / determinant));
    }
}
