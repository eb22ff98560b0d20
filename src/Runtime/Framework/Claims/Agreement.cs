namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// Many cells agree with a prediction: per cell the score z = (measured − predicted)/SE and its two-sided
/// p-value (normal, or Student's t for a mean over few replicates); the claim fails when Holm's step-down
/// procedure rejects any cell at family-wise level α. Under the claim's own assumptions it fails by chance at
/// most α of the time, however many cells there are ("every cell within two SE" over 12 cells fails 43 %).
/// </summary>
public static class Agreement
{
    public const double DefaultLevel = 0.05;

    public static ClaimResult Holm<T>(IEnumerable<T> cells, Func<T, string> label, Func<T, Estimate> measured, Func<T, double> predicted,
        double level = DefaultLevel)
    {
        var rows = cells.Select(c => (Label: label(c), Measured: measured(c), Predicted: predicted(c))).ToArray();
        var tested = rows.Select(r => (r.Label, r.Measured, Predicted: ClaimPerturbation.Apply(r.Predicted, r.Measured.StandardError))).ToArray();
        var p = tested.Select(r => r.Measured.TwoSided(r.Predicted)).ToArray();
        var adjusted = Claims.Holm.Adjust(p);
        var cases = tested.Select((r, i) => new ClaimCase(r.Label, !(adjusted[i] < level), r.Measured.Score(r.Predicted), adjusted[i],
            $"{r.Measured} vs {Estimate.Format(r.Predicted)}, z = {r.Measured.Score(r.Predicted):0.00}")).ToArray();
        var t = tested.Any(r => !double.IsPositiveInfinity(r.Measured.DegreesOfFreedom)) ? "t" : "z";
        return ClaimResult.Decide($"Holm over {cases.Length} two-sided {t}-tests of measured = predicted", level,
            cases.All(c => c.Holds), "max |z|", cases.Length == 0 ? double.NaN : cases.Max(c => Math.Abs(c.Statistic)),
            cases.Length == 0 ? double.NaN : adjusted.Min(), cases, testsAgreement: true);
    }
}
