using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

internal static class WeakOrder
{
    /// <summary>
    /// Weak order one, per group of (η, weak error, its standard error): the log-log slope of the weak error
    /// against η, fitted from the errors' own standard errors, has a 95 % confidence interval that contains 1
    /// (Holm over the groups) and excludes ½, the strong order of a diffusion approximation — the order an SDE
    /// that matched the paths but not the laws would show.
    /// </summary>
    public static ClaimResult OrderOne(IEnumerable<IGrouping<string, (double Eta, double Error, double ErrorError)>> groups) =>
        ScalingExponent.Test(groups.SelectMany(g => g.Select(p => (g.Key, Point: (X: p.Eta, Y: new Estimate(p.Error, p.ErrorError))))).GroupBy(p => p.Key, p => p.Point),
            key => key, _ => 1, _ => 0.5);
}
