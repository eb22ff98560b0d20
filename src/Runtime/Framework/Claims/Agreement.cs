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
        // A cell with no number (NaN) cannot agree: it counts as rejected.
        var p = tested.Select(r => r.Measured.TwoSided(r.Predicted) is var q && double.IsNaN(q) ? 0 : q).ToArray();
        var adjusted = Claims.Holm.Adjust(p);
        var cases = tested.Select((r, i) => new ClaimCase(r.Label, !(adjusted[i] < level), r.Measured.Score(r.Predicted), adjusted[i],
            $"{r.Measured} vs {Estimate.Format(r.Predicted)}, {(double.IsPositiveInfinity(r.Measured.DegreesOfFreedom) ? "z" : $"t({r.Measured.DegreesOfFreedom:0.#})")} = {r.Measured.Score(r.Predicted):0.00}")).ToArray();
        var t = tested.Any(r => !double.IsPositiveInfinity(r.Measured.DegreesOfFreedom)) ? "t" : "z";
        return ClaimResult.Decide($"Holm over {cases.Length} two-sided {t}-tests of measured = predicted", level,
            cases.All(c => c.Holds), $"max |{t}|", cases.Length == 0 ? double.NaN : cases.Max(c => Math.Abs(c.Statistic)),
            cases.Length == 0 ? double.NaN : adjusted.Min(), cases, testsAgreement: true);
    }

    /// <summary>
    /// The opposite claim: the cells do not all agree with the prediction — Holm's procedure rejects at least one
    /// at family-wise level α (a test of the global null at level α).
    /// </summary>
    public static ClaimResult Refuted<T>(IEnumerable<T> cells, Func<T, string> label, Func<T, Estimate> measured, Func<T, double> predicted,
        double level = DefaultLevel)
    {
        var agreement = Holm(cells, label, measured, predicted, level);
        var cases = agreement.Cases.Select(c => c with { Holds = !c.Holds }).ToArray();
        return ClaimResult.Decide($"Holm over {cases.Length} two-sided tests: at least one cell differs from the prediction", level,
            !agreement.Passed && cases.Length > 0, "max |z|", agreement.Statistic ?? double.NaN, agreement.PValue ?? double.NaN, cases) with
        {
            // Passing needs only one differing cell: list those first.
            Evidence = cases.Length == 0 ? "no cases in the results to check" : string.Join("; ", cases.OrderBy(c => !c.Holds).Select(c => (c.Holds ? "≠ " : "") + c.Label + ": " + c.Detail + $" (Holm p = {ClaimCase.Probability(c.PValue)})")),
        };
    }

    /// <summary>
    /// Each cell's true value lies in its exactly known interval [lower, upper]: per cell the one-sided p-values of
    /// lying below the lower and above the upper end (the smaller, doubled for the two sides); the claim fails
    /// when Holm's procedure rejects any cell at family-wise level α.
    /// </summary>
    public static ClaimResult WithinBounds<T>(IEnumerable<T> cells, Func<T, string> label, Func<T, Estimate> measured, Func<T, (double Lower, double Upper)> bounds,
        double level = DefaultLevel)
    {
        var rows = cells.Select(c =>
        {
            var (e, (lo, hi)) = (measured(c), bounds(c));
            (lo, hi) = ClaimPerturbation.Apply(lo, hi, e.StandardError);
            var p = Math.Min(1, 2 * Math.Min(e.UpperTail(-e.Score(lo)), e.UpperTail(e.Score(hi))));
            return (Label: label(c), Estimate: e, Lower: lo, Upper: hi, P: double.IsNaN(p) ? 0 : p);
        }).ToArray();
        var adjusted = Claims.Holm.Adjust(rows.Select(r => r.P).ToArray());
        var cases = rows.Select((r, i) => new ClaimCase(r.Label, !(adjusted[i] < level), Math.Max(-r.Estimate.Score(r.Lower), r.Estimate.Score(r.Upper)), adjusted[i],
            $"{r.Estimate} in [{Estimate.Format(r.Lower)}, {Estimate.Format(r.Upper)}]")).ToArray();
        return ClaimResult.Decide($"Holm over {cases.Length} tests of lying outside the bounds", level, cases.All(c => c.Holds),
            "max SEs outside", cases.Length == 0 ? double.NaN : cases.Max(c => c.Statistic), cases.Length == 0 ? double.NaN : adjusted.Min(), cases, testsAgreement: true);
    }
}
