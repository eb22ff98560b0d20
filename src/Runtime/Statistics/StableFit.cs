namespace ReproHeavyTails.Statistics;

/// <summary>
/// A symmetric α-stable law fitted by McCulloch's (1986) quantile method, β = 0: α from the ratio
/// (q.95 − q.05)/(q.75 − q.25), which falls monotonically from ∞ to 2.44 as α goes from 0 to 2; the
/// scale from the interquartile range; the location from the median. McCulloch's printed tables are
/// replaced by the same ratios computed from <see cref="SymmetricStable.Cdf"/> on a grid of α ∈ [0.5, 2].
/// Ratios beyond the grid are clamped to its ends (α = 2: the sample is no heavier than Gaussian).
/// </summary>
public readonly record struct StableFit(double Alpha, double Scale, double Location)
{
    private static readonly Lazy<(double[] Alpha, double[] Ratio, double[] Iqr)> Table = new(BuildTable);

    public double Cdf(double x) => SymmetricStable.Cdf(x, Alpha, Scale, Location);

    public static StableFit Fit(ReadOnlySpan<double> sample)
    {
        var x = sample.ToArray();
        Array.Sort(x);
        double Q(double p) => x[(int)Math.Round(p * (x.Length - 1))];
        var ratio = (Q(0.95) - Q(0.05)) / (Q(0.75) - Q(0.25));
        var (alphas, ratios, iqrs) = Table.Value;
        double alpha, iqr;
        if (ratio >= ratios[0]) (alpha, iqr) = (alphas[0], iqrs[0]);
        else if (ratio <= ratios[^1]) (alpha, iqr) = (alphas[^1], iqrs[^1]);
        else
        {
            var i = 0;
            while (ratios[i + 1] > ratio) i++;
            var t = (ratios[i] - ratio) / (ratios[i] - ratios[i + 1]);
            alpha = alphas[i] + t * (alphas[i + 1] - alphas[i]);
            iqr = iqrs[i] + t * (iqrs[i + 1] - iqrs[i]);
        }
        return new StableFit(alpha, (Q(0.75) - Q(0.25)) / iqr, Q(0.5));
    }

    private static (double[], double[], double[]) BuildTable()
    {
        var alphas = Enumerable.Range(0, 61).Select(i => 0.5 + 0.025 * i).ToArray();
        var ratios = new double[alphas.Length];
        var iqrs = new double[alphas.Length];
        for (var i = 0; i < alphas.Length; i++)
        {
            var q95 = SymmetricStable.Quantile(0.95, alphas[i]);
            var q75 = SymmetricStable.Quantile(0.75, alphas[i]);
            ratios[i] = q95 / q75;   // symmetric: (q.95 − q.05)/(q.75 − q.25) = q.95/q.75
            iqrs[i] = 2 * q75;
        }
        return (alphas, ratios, iqrs);
    }
}
