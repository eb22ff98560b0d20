using ReproHeavyTails.Framework;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

internal static class WeakOrder
{
    /// <summary>
    /// Weak order one, per group of (η, weak error, its standard error): the error at the largest η exceeds that
    /// at the smallest by more than two standard errors of the difference, and the fitted log-log slope of error
    /// against η lies within two standard errors (from the errors' own standard errors) of [0.75, 1.25] — the
    /// O(η²) terms bend it at the larger rates.
    /// </summary>
    public static ClaimResult OrderOne(IEnumerable<IGrouping<string, (double Eta, double Error, double ErrorError)>> groups) =>
        ClaimResult.All(groups.Select(g => (g.Key, Points: g.OrderBy(p => p.Eta).ToArray())), g =>
        {
            var (first, last) = (g.Points[0], g.Points[^1]);
            var (slope, se) = PowerLawScaling.Fit(g.Points);
            return last.Error - first.Error > 2 * Math.Sqrt(last.ErrorError * last.ErrorError + first.ErrorError * first.ErrorError)
                   && slope > 0.75 - 2 * se && slope < 1.25 + 2 * se;
        }, g =>
        {
            var (slope, se) = PowerLawScaling.Fit(g.Points);
            return $"{g.Key}: weak error {string.Join(", ", g.Points.Select(p => $"{p.Error:0.0000}±{p.ErrorError:0.0000} (η={p.Eta})"))}; slope {slope:0.00} ± {se:0.00}";
        });
}
