using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Experiments.AdaptiveSdes;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>
/// sde-tracking's SGD weak error in closed form (docs/adaptive-sdes.md, "Weak order one"): SGD's iterate and the
/// SDE's Euler–Maruyama iterate (step η/20) are Gaussian per coordinate, so the expectation of what the experiment
/// measures is known. The stored paper artifact matches it, and it has the second-order term that the claim fits.
/// </summary>
public class SdeTrackingClosedFormTests
{
    private const double Horizon = 0.4, Sigma = 1;
    private static readonly double[] Curvatures = NoisyQuadratic.LogSpaced(10, 1, 10);

    /// <summary>E f after k steps of x ← (1 − ηh)x − ησ√(η_s/η)·Z from x₀ = 1, with step η_s = η/substeps (substeps = 1: SGD).</summary>
    private static double ExpectedLoss(double eta, int steps, int substeps)
    {
        var (dt, n) = (eta / substeps, steps * substeps);
        return Curvatures.Sum(h =>
        {
            var r = 1 - h * dt;
            var mean = Math.Pow(r, n);
            var variance = eta * dt * Sigma * Sigma * (1 - Math.Pow(r, 2 * n)) / (1 - r * r);
            return 0.5 * h * (mean * mean + variance);
        });
    }

    private static double WeakError(double eta)
    {
        var steps = (int)Math.Round(Horizon / eta);
        return Math.Abs(ExpectedLoss(eta, steps, 1) - ExpectedLoss(eta, steps, 20));
    }

    private static SdeTracking.Row[] StoredSgdRows(out double[] etas)
    {
        var definition = SdeTracking.Definition;
        var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Paper), ArtifactLayout.ResultsFile);
        var rows = definition.ReadResults(ClaimCheck.Read(definition, file).Table).Completed.Where(r => r.Cell.Optimizer == OptimizerKind.Sgd).OrderByDescending(r => r.Cell.LearningRate).ToArray();
        etas = rows.Select(r => r.Cell.LearningRate).ToArray();
        return rows.Select(r => r.Row).ToArray();
    }

    [Fact]
    public void Stored_paper_weak_errors_of_sgd_match_the_closed_form()
    {
        var rows = StoredSgdRows(out var etas);
        Assert.Equal(5, rows.Length);
        var result = Agreement.Holm(Enumerable.Range(0, rows.Length), i => $"η={etas[i]}", i => new Estimate(rows[i].WeakError, rows[i].WeakErrorError), i => WeakError(etas[i]));
        Assert.True(result.Passed, result.Evidence);
    }

    /// <summary>At the paper profile the claim holds, and stops holding when the predicted order moves by 5 SE either way.</summary>
    [Fact]
    public void Paper_claim_holds_and_fails_when_the_order_moves()
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == "sde-tracking");
        var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Paper), ArtifactLayout.ResultsFile);
        var honest = ClaimCheck.Check(definition, file).Single(o => o.Claim == nameof(SdeTracking.WeakOrderOne));
        Assert.True(honest.Passed, honest.Evidence);
        foreach (var shift in new[] { 5.0, -5.0 })
        {
            using var _ = ClaimPerturbation.Shift(shift);
            var moved = ClaimCheck.Check(definition, file).Single(o => o.Claim == nameof(SdeTracking.WeakOrderOne));
            Assert.False(moved.Passed, moved.Evidence);
        }
    }

    [Fact]
    public void The_closed_form_has_a_second_order_term_that_the_plain_slope_reads_as_a_lower_order()
    {
        var rows = StoredSgdRows(out var etas);
        var exact = etas.Select((eta, i) => (eta, WeakError(eta), rows[i].WeakErrorError)).ToArray();
        var (plain, plainError) = PowerLawScaling.Fit(exact);
        Assert.True(plain + 3 * plainError < 1, $"plain log-log slope {plain} ± {plainError}");
        var (leading, leadingError) = PowerLawScaling.FitWithNextOrder(exact, 2);
        Assert.True(Math.Abs(leading - 1) < 0.5 * leadingError, $"leading exponent {leading} ± {leadingError}");
        // First order: the local slopes between halving η rise towards 1.
        var local = Enumerable.Range(0, 8).Select(j => 0.04 / (1 << j)).Select(eta => Math.Log(WeakError(eta) / WeakError(eta / 2)) / Math.Log(2)).ToArray();
        for (var j = 1; j < local.Length; j++) Assert.True(local[j] > local[j - 1], string.Join(", ", local));
        Assert.InRange(local[^1], 0.99, 1);
    }
}
