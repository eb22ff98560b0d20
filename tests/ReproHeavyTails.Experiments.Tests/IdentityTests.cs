using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Experiments.AdaptiveSdes;
using ReproHeavyTails.Experiments.Calibration;
using ReproHeavyTails.Experiments.HomogenizedSgd;
using ReproHeavyTails.Experiments.NoiseEquilibrium;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>
/// Identity checks: numbers the code makes exact (or makes hold by construction), formerly presented as claims of
/// the papers. They test the code — on the stored quick artifacts, which the reproduction tests show the code
/// regenerates byte for byte — and are kept apart from the claims in the report.
/// </summary>
public class IdentityTests
{
    private static ResultTable<TExperiment, TRow> Stored<TExperiment, TRow>(ExperimentDefinition<TExperiment, TRow> definition)
    {
        var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
        return definition.ReadResults(ClaimCheck.Read(definition, file).Table);
    }

    [Fact]
    public void Gd_keeps_the_balance_quantity_up_to_its_exact_second_order_drift()
    {
        var rows = Stored(BalanceRescaling.Definition).Completed.Where(r => r.Row.PredictedConserved is not null).ToArray();
        Assert.NotEmpty(rows);
        foreach (var r in rows)
            Assert.True(Math.Abs(r.Row.Conserved - r.Row.PredictedConserved!.Value) <= 1e-9 * Math.Max(1, Math.Abs(r.Row.Conserved)),
                $"d={r.Cell.Dimension} γ={r.Cell.LearningRate}: C {r.Row.Conserved} vs predicted {r.Row.PredictedConserved}");
    }

    /// <summary>
    /// relu-balance-mnist: GD's C moves by exactly γ²Σ_k(‖∇_W L‖² − ‖∇_A L‖²) (the rescaling symmetry of each ReLU
    /// neuron), the "predicted change" it records; SGD's agrees only in expectation (a claim).
    /// </summary>
    [Fact]
    public void Gd_keeps_each_relu_imbalance_up_to_its_exact_second_order_drift()
    {
        var runs = Stored(ReluBalanceMnist.Definition).CompletedWithReplicates.Where(r => r.Cell.Method == Method.Gd)
            .GroupBy(r => (r.Cell.InitialScale, r.Replicate)).ToArray();
        Assert.NotEmpty(runs);
        foreach (var run in runs)
        {
            var c0 = run.Single(r => r.Row.Step == 0).Row.Conserved;
            foreach (var (_, _, row) in run)
                Assert.True(Math.Abs(row.Conserved - c0 - row.PredictedChange) <= 1e-9 * Math.Max(1, Math.Abs(c0)),
                    $"s={run.Key.InitialScale} replicate {run.Key.Replicate} step {row.Step}: ΔC {row.Conserved - c0} vs predicted {row.PredictedChange}");
        }
    }

    [Fact]
    public void Every_step_of_a_scale_invariant_model_is_orthogonal_to_the_parameters()
    {
        var rows = Stored(ScaleInvarianceGrowth.Definition).Completed.Where(r => r.Row.Step == r.Cell.Steps).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Row.MaxOrthogonality < 1e-12, $"{r.Cell.Method} γ={r.Cell.LearningRate}: {r.Row.MaxOrthogonality}"));
    }

    [Fact]
    public void One_dimensional_hsgd_iterates_fit_the_student_t_law_they_have_by_construction()
    {
        var rows = Stored(StudentTVersusStable.Definition).Completed.Where(r => r.Cell.Source == IterateSource.HomogenizedSgd && r.Cell.Dimension == 1).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Row.StudentTKsPValue > 0.01, $"KS p = {r.Row.StudentTKsPValue}"));
    }

    [Fact]
    public void Signsgd_phase_steps_cover_every_step()
    {
        Assert.All(Stored(SignSgdPhases.Definition).Completed,
            r => Assert.Equal(r.Row.Horizon, r.Row.SignPhaseSteps + r.Row.TransitionSteps + r.Row.NoisePhaseSteps, 9));
    }

    /// <summary>The hSGD bounds are algebraic in (γ, B): they fall as the learning rate grows and rise with the batch.</summary>
    [Theory]
    [InlineData(CovarianceSpectrum.Isotropic)]
    [InlineData(CovarianceSpectrum.Spread)]
    public void Hsgd_bounds_fall_with_the_learning_rate_and_rise_with_the_batch(CovarianceSpectrum spectrum)
    {
        var eigenvalues = LinearRegressionProblem.GeometricSpectrum(10, 1, spectrum == CovarianceSpectrum.Isotropic ? 1 : 4); // as the experiment builds it
        var byRate = new[] { 0.25, 0.3, 0.33 }.Select(g => HsgdTailIndex.Bounds(eigenvalues, g, 2, 0)).ToArray();
        for (var i = 1; i < byRate.Length; i++)
            Assert.True(byRate[i].Lower < byRate[i - 1].Lower && byRate[i].Upper < byRate[i - 1].Upper, $"{spectrum}: {byRate[i - 1]} → {byRate[i]}");
        var (b2, b3) = (HsgdTailIndex.Bounds(eigenvalues, 0.33, 2, 0), HsgdTailIndex.Bounds(eigenvalues, 0.33, 3, 0));
        Assert.True(b3.Lower > b2.Lower && b3.Upper > b2.Upper, $"{spectrum}: {b2} → {b3}");
    }

    /// <summary>Each estimator and the law its standard error is derived for.</summary>
    private static readonly (string Name, Func<EstimatorCalibration.Row, (double Estimate, double Error)> Read, TailLaw Law)[] Estimators =
    [
        ("Hill", r => (r.Hill, r.HillError), TailLaw.Pareto),
        ("Hill, KS-chosen k", r => (r.HillKs, r.HillKsError), TailLaw.Pareto),
        ("Pickands", r => (r.Pickands, r.PickandsError), TailLaw.Pareto),
        ("moment", r => (r.Moment, r.MomentError), TailLaw.Pareto),
        ("power law (KS xmin)", r => (r.PowerLaw, r.PowerLawError), TailLaw.Pareto),
        ("block sum", r => (r.BlockSum, r.BlockSumError), TailLaw.Stable),
        ("Student-t ML", r => (r.StudentTNu, r.StudentTNuError), TailLaw.StudentT),
    ];

    /// <summary>
    /// On the law it was derived for and at n ≥ 10⁴, each estimator's ± 2·SE interval covers the true index in at
    /// least 0.95 − 3·√(0.95·0.05/R) of the R replicates (the binomial lower limit for nominal 95 % coverage).
    /// </summary>
    [Fact]
    public void Each_estimator_covers_the_true_index_on_its_own_law()
    {
        var results = Stored(EstimatorCalibration.Definition);
        var checkedCases = 0;
        foreach (var (name, read, law) in Estimators)
            foreach (var g in results.Completed.Where(r => r.Cell.Law == law && r.Cell.SampleSize >= 10_000).GroupBy(r => (r.Cell.TrueIndex, r.Cell.SampleSize)))
            {
                var estimates = g.Select(r => read(r.Row)).ToArray();
                var covered = estimates.Count(e => Math.Abs(e.Estimate - g.Key.TrueIndex) <= 2 * e.Error) / (double)estimates.Length;
                var required = 0.95 - 3 * Math.Sqrt(0.95 * 0.05 / estimates.Length);
                Assert.True(covered >= required, $"{name} on {law} α={g.Key.TrueIndex} n={g.Key.SampleSize}: coverage {covered:0.00} < {required:0.00}");
                checkedCases++;
            }
        Assert.True(checkedCases >= 6);
    }

    /// <summary>
    /// sgd-tail-regime's headline (a recorded known failure) is a TOST within ±10 % of η, which the few-SE perturbation
    /// leaves alone: here the prediction (the estimator's reading on hSGD's law) is moved so that SGD's estimate lies
    /// 3 SE outside the margin on either side, and the test must then fail in every cell.
    /// The regime it tests is chosen by the exact solvers only, and holds the cells named in the claim's doc.
    /// </summary>
    [Fact]
    public void Sgd_tail_regime_headline_fails_when_the_prediction_lies_three_SE_beyond_the_margin()
    {
        var table = Stored(SgdTailRegime.Definition);
        var regime = table.Completed.Where(r => SgdTailRegime.InAgreementRegime(r.Row)).Select(r => (r.Cell.Dimension, r.Cell.Regime, r.Cell.Ridge)).ToArray();
        Assert.Equal(new[] { (10, 1.3, 0.0), (10, 1.4, 0.0), (20, 1.75, 0.0) }, regime.Order().ToArray());
        // The theory side of the headline holds in every regime cell by construction of the rule (α within 10 % of η);
        // the recorded failure is the readings' (docs/hsgd-tail-index.md).
        Assert.All(table.Completed.Where(r => SgdTailRegime.InAgreementRegime(r.Row)), r => Assert.NotNull(r.Row.HsgdLawTailIndex));
        foreach (var side in new[] { -1.0, 1.0 })
        {
            var moved = SgdTailRegime.CloseToPrediction(table, r =>
            {
                var reading = SgdTailRegime.HsgdLawReading(r);
                var se = SgdTailRegime.SgdBlocks(r).Minus(reading).StandardError;
                return reading with { Value = r.SgdBlockTailIndex - side * (SgdTailRegime.Margin * r.HsgdLower + 3 * se) };
            });
            Assert.False(moved.Passed, $"still holds with η moved to 3 SE past the margin ({side}): {moved.Evidence}");
            Assert.Equal(3, moved.Cases.Count);
            Assert.All(moved.Cases, c => Assert.False(c.Holds, $"{c.Label} still holds with its prediction moved ({side})"));
        }
    }

    /// <summary>Defects the former rules let through: on the stored artifacts the honest tests no longer pass them.</summary>
    [Theory]
    [InlineData("sde-tracking", "WeakOrderOne")]         // SignSGD's exponent 2.3 ± 2.0 does not exclude ½ (the old window took 0.02–1.98)
    [InlineData("adaptive-sde-tracking", "WeakOrderOne")] // Adam's exponent 1.30 ± 0.11 excludes 1
    public void Former_loose_rules_now_fail_honestly(string id, string claim)
    {
        var definition = ExperimentCatalogue.All.Single(d => d.Id == id);
        var file = Path.Combine(ArtifactLayout.RunDirectory(RepositoryPaths.Artifacts, definition, Profile.Quick), ArtifactLayout.ResultsFile);
        var outcome = ClaimCheck.Check(definition, file).Single(o => o.Claim == claim);
        Assert.False(outcome.Passed, outcome.Evidence);
        Assert.True(outcome.KnownToFail, $"{id} {claim} fails but is not recorded as a known failure");
    }
}
