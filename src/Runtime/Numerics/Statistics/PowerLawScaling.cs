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
}
