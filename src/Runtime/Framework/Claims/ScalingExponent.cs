using MathNet.Numerics.Distributions;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// A scaling law y ∝ x^s: per group the exponent fitted by weighted least squares on logarithms
/// (<see cref="PowerLawScaling"/>) with its standard error. The (1 − α) confidence interval must contain the
/// prediction and exclude the alternative the paper argues against: the prediction's two-sided p-values are
/// Holm-adjusted over groups (the claim fails when any is rejected), and every group must reject the
/// alternative at α (intersection–union).
/// </summary>
public static class ScalingExponent
{
    public const double DefaultLevel = 0.05;

    public static ClaimResult Test<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> groups, Func<TKey, string> label,
        Func<TKey, double> predicted, Func<TKey, double> alternative, double level = DefaultLevel) =>
        Decide(groups, label, predicted, alternative, level, PowerLawScaling.Fit, "fitted exponent");

    /// <summary>
    /// As <see cref="Test{TKey}"/>, with the exponent s of y = a·x^s + b·x^<paramref name="nextPower"/> fitted on y
    /// (<see cref="PowerLawScaling.FitWithNextOrder"/>): for a law whose next-order term the range of x resolves, so
    /// that a plain log-log slope would mix the two orders.
    /// </summary>
    public static ClaimResult TestWithNextOrder<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> groups, Func<TKey, string> label,
        Func<TKey, double> predicted, Func<TKey, double> alternative, double nextPower, double level = DefaultLevel) =>
        Decide(groups, label, predicted, alternative, level, points => PowerLawScaling.FitWithNextOrder(points, nextPower),
            $"fitted leading exponent s of y = a·x^s + b·x^{nextPower.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static ClaimResult Decide<TKey>(IEnumerable<IGrouping<TKey, (double X, Estimate Y)>> groups, Func<TKey, string> label,
        Func<TKey, double> predicted, Func<TKey, double> alternative, double level,
        Func<IEnumerable<(double X, double Y, double YError)>, (double Slope, double Error)> fit, string procedure)
    {
        var fits = groups.Select(g =>
        {
            var points = g.OrderBy(p => p.X).ToArray();
            var (slope, error) = fit(points.Select(p => (p.X, p.Y.Value, p.Y.StandardError)));
            var fitted = new Estimate(slope, error);
            var prediction = ClaimPerturbation.Apply(predicted(g.Key), error);
            return (Label: label(g.Key), Fitted: fitted, Predicted: prediction, Alternative: alternative(g.Key),
                PPredicted: fitted.TwoSided(prediction), PAlternative: fitted.TwoSided(alternative(g.Key)));
        }).ToArray();
        var adjusted = Holm.Adjust(fits.Select(f => double.IsNaN(f.PPredicted) ? 0 : f.PPredicted).ToArray());
        var half = Normal.InvCDF(0, 1, 1 - level / 2);
        var cases = fits.Select((f, i) =>
        {
            var holds = !(adjusted[i] < level) && f.PAlternative < level;
            var (lo, hi) = (f.Fitted.Value - half * f.Fitted.StandardError, f.Fitted.Value + half * f.Fitted.StandardError);
            return new ClaimCase(f.Label, holds, Math.Abs(f.Fitted.Score(f.Predicted)), f.PAlternative,
                $"exponent {f.Fitted}, {100 * (1 - level):0}% CI [{lo:0.000}, {hi:0.000}]; predicted {Estimate.Format(f.Predicted)} (Holm p = {ClaimCase.Probability(adjusted[i])}), "
                + $"alternative {Estimate.Format(f.Alternative)}");
        }).ToArray();
        return ClaimResult.Decide($"{procedure}: CI contains the prediction (Holm over {cases.Length} groups) and excludes the alternative (each group)", level,
            cases.All(c => c.Holds), "max |exponent − predicted|/SE", cases.Length == 0 ? double.NaN : cases.Max(c => c.Statistic),
            cases.Length == 0 ? double.NaN : cases.Max(c => c.PValue), cases, testsAgreement: true);
    }
}
