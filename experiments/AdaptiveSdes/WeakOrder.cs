using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

internal static class WeakOrder
{
    /// <summary>
    /// The number of steps of size η to the horizon T. A weak error compares laws at one time, so an η that does not
    /// divide T into whole steps would compare the optimizer at a time other than its SDE's: refused.
    /// </summary>
    public static int StepsTo(double horizon, double eta)
    {
        var steps = (int)Math.Round(horizon / eta);
        if (steps < 1 || Math.Abs(steps * eta - horizon) > 1e-9 * horizon)
            throw new ExperimentException($"LearningRate must divide the horizon {horizon} into whole steps (got {eta}).");
        return steps;
    }

    /// <summary>
    /// Weak order one, per group of (η, weak error, its standard error): the log-log slope of the weak error
    /// against η, fitted from the errors' own standard errors, has a 95 % confidence interval that contains 1
    /// (Holm over the groups) and excludes ½, the strong order of a diffusion approximation — the order an SDE
    /// that matched the paths but not the laws would show.
    /// </summary>
    public static ClaimResult OrderOne(IEnumerable<IGrouping<string, (double Eta, double Error, double ErrorError)>> groups) =>
        ScalingExponent.Test(groups.SelectMany(g => g.Select(p => (g.Key, Point: (X: p.Eta, Y: new Estimate(p.Error, p.ErrorError))))).GroupBy(p => p.Key, p => p.Point),
            key => key, _ => 1, _ => 0.5);

    /// <summary>
    /// Weak order one with the next order beside it, per group of (η, weak error, its standard error): the
    /// leading exponent s of error = a·η^s + b·η², fitted on the errors with their standard errors
    /// (<see cref="ScalingExponent.TestWithNextOrder{TKey}"/>), has a 95 % confidence interval that contains 1
    /// (Holm over the groups) and excludes ½. For a first-order method the η² term is the expansion's next one;
    /// where the η range resolves it, the plain log-log slope of <see cref="OrderOne"/> reads below 1.
    /// </summary>
    public static ClaimResult OrderOneWithSecondOrderTerm(IEnumerable<IGrouping<string, (double Eta, double Error, double ErrorError)>> groups) =>
        ScalingExponent.TestWithNextOrder(groups.SelectMany(g => g.Select(p => (g.Key, Point: (X: p.Eta, Y: new Estimate(p.Error, p.ErrorError))))).GroupBy(p => p.Key, p => p.Point),
            key => key, _ => 1, _ => 0.5, nextPower: 2);
}
