using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// SignSGD beside its SDE beyond diagonal Gaussian noise (docs/adaptive-sdes.md), η = 0.01, checkpoints every
/// 0.5 in time t = kη up to 4, Euler–Maruyama with step η/5. Student-t noise, ν = 1 (Cauchy), 2, 3: f = ½xᵀHx with
/// H = diag(logspace(1, 10)), d = 4, σ = 1, from x₀ = 1 — the SDE's drift is 2F_ν(∇f/σ) − 1, and SGD has no such
/// SDE at ν ≤ 2. Correlated Gaussian noise: d = 2, H with eigenvalues 1 and 10 along the diagonals (so that the
/// coordinates couple), noise correlation ρ = 0.8, from x₀ = (1, 0.5). The SDE's diffusion is then √η·C^{1/2} with
/// C the covariance of sign g, whose off-diagonal entry needs the bivariate normal orthant probability (the
/// project's derivation); beside it the diagonal SDE, which drops that entry. Measured: the loss, and for the
/// correlated case the cross moment E[x₁x₂], mean over paths.
/// </summary>
[Experiment("sde-tracking-noise-laws", Version = 1,
    Title = "SignSGD beside its SDE under Student-t and correlated noise",
    Paper = "compagnoni-2024")]
public sealed partial class SdeTrackingNoiseLaws
{
    private const double Eta = 0.01, Horizon = 4, Spacing = 0.5, Correlation = 0.8;
    private const int Substeps = 5;

    public enum NoiseCase
    {
        Cauchy,
        StudentT2,
        StudentT3,
        CorrelatedGaussian,
    }

    [Values(NoiseCase.Cauchy, NoiseCase.StudentT2, NoiseCase.StudentT3, NoiseCase.CorrelatedGaussian)]
    public NoiseCase Noise { get; init; }

    [Quick(2000)]
    [Paper(20000)]
    public int Paths { get; init; }

    /// <summary>At each checkpoint: the loss and the cross moment x₁x₂ of the optimizer, its SDE, and (correlated case) the diagonal-noise SDE.</summary>
    public sealed record Row(int Checkpoint, double Time,
        double OptimizerLoss, double OptimizerLossError, double SdeLoss, double SdeLossError, double? DiagonalSdeLoss, double? DiagonalSdeLossError,
        double OptimizerCross, double OptimizerCrossError, double SdeCross, double SdeCrossError, double? DiagonalSdeCross, double? DiagonalSdeCrossError);

    private double Nu => Noise switch { NoiseCase.Cauchy => 1, NoiseCase.StudentT2 => 2, NoiseCase.StudentT3 => 3, _ => double.PositiveInfinity };

    [Run]
    public IEnumerable<Row> Execute(RunContext context)
    {
        Require.AtLeast(Paths, 2);
        var checkpoints = (int)Math.Round(Horizon / Spacing);
        var stepsPerCheckpoint = (int)Math.Round(Spacing / Eta);
        var correlated = Noise == NoiseCase.CorrelatedGaussian;
        double[,] h = correlated ? new[,] { { 5.5, 4.5 }, { 4.5, 5.5 } } : Diagonal(NoisyQuadratic.LogSpaced(4, 1, 10));
        var d = h.GetLength(0);
        double[] x0 = correlated ? [1, 0.5] : [.. Enumerable.Repeat(1.0, d)];
        var quadratic = new NoisyQuadratic(NoisyQuadratic.LogSpaced(d, 1, 10), [.. Enumerable.Repeat(1.0, d)], Nu); // the diagonal cases' problem

        var optimizer = Simulate(context.Stream("optimizer"), (x, rng) =>
        {
            var signSgd = new SignSgd(Eta);
            var g = new double[d];
            for (var k = 0; k < stepsPerCheckpoint; k++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (correlated)
                {
                    Gradient(h, x, g);
                    var z = rng.NextGaussian();
                    g[0] += z;
                    g[1] += Correlation * z + Math.Sqrt(1 - Correlation * Correlation) * rng.NextGaussian();
                }
                else quadratic.NoisyGradient(x, g, rng);
                signSgd.Step(x, g);
            }
        });
        var sde = Simulate(context.Stream("sde"), (x, rng) =>
        {
            if (correlated) IntegrateCorrelated(h, x, fullCovariance: true, stepsPerCheckpoint * Substeps, rng, context.Cancellation);
            else new SignSgdSde(quadratic, Eta).Integrate(x, Eta / Substeps, stepsPerCheckpoint * Substeps, rng, context.Cancellation);
        });
        (Summary[] Loss, Summary[] Cross)? diagonal = correlated
            ? Simulate(context.Stream("diagonal-sde"), (x, rng) => IntegrateCorrelated(h, x, fullCovariance: false, stepsPerCheckpoint * Substeps, rng, context.Cancellation))
            : null;

        (Summary[] Loss, Summary[] Cross) Simulate(Rng rng, Action<double[], Rng> advance)
        {
            var loss = new Summary.Accumulator[checkpoints + 1];
            var cross = new Summary.Accumulator[checkpoints + 1];
            for (var p = 0; p < Paths; p++)
            {
                var x = (double[])x0.Clone();
                for (var c = 0; c <= checkpoints; c++)
                {
                    if (c > 0) advance(x, rng);
                    loss[c].Add(Loss(h, x));
                    cross[c].Add(x[0] * x[1]);
                }
            }
            return (loss.Select(a => a.Result).ToArray(), cross.Select(a => a.Result).ToArray());
        }

        return Enumerable.Range(0, checkpoints + 1).Select(c => new Row(c, c * Spacing,
            optimizer.Loss[c].Mean, optimizer.Loss[c].StandardError, sde.Loss[c].Mean, sde.Loss[c].StandardError,
            diagonal?.Loss[c].Mean, diagonal?.Loss[c].StandardError,
            optimizer.Cross[c].Mean, optimizer.Cross[c].StandardError, sde.Cross[c].Mean, sde.Cross[c].StandardError,
            diagonal?.Cross[c].Mean, diagonal?.Cross[c].StandardError));
    }

    private static (string Label, Estimate Gap) Gap(string label, double a, double aError, double b, double bError) =>
        (label, new Estimate(a, aError).Minus(new Estimate(b, bError)));

    /// <summary>
    /// Student-t noise, ν = 1, 2, 3: optimizer minus SDE loss at every checkpoint after the start; Holm over ν × checkpoints, family-wise 5 %.
    /// Known failure at the paper profile (20,000 paths, ten times the quick ones): there the first-order SDE's own
    /// O(η) weak error is resolved. Measured (docs/paper-scale.md): at t = 1 the optimizer's loss lies below the
    /// SDE's by 0.0029 ± 0.0007 (ν = 2) and 0.0027 ± 0.0006 (ν = 3), z ≈ −4.2 and −4.5; a scratch run at η/2 (not stored) shrinks the gaps to 0.0015 and 0.0017 (ratios 0.53 and 0.63), as an O(η) error does.
    /// </summary>
    [Claim("Under Student-t noise (ν = 1, 2, 3; SGD has no SDE at ν ≤ 2) SignSGD's SDE follows its loss curve", KnownToFailIn = "paper")]
    public static ClaimResult TracksUnderStudentTNoise(ResultTable<SdeTrackingNoiseLaws, Row> results) =>
        Agreement.Holm(results.Completed.Where(r => r.Cell.Noise != NoiseCase.CorrelatedGaussian && r.Row.Checkpoint > 0)
                .Select(r => Gap($"{r.Cell.Noise} t={r.Row.Time}: optimizer − SDE loss", r.Row.OptimizerLoss, r.Row.OptimizerLossError, r.Row.SdeLoss, r.Row.SdeLossError)),
            g => g.Label, g => g.Gap, _ => 0);

    /// <summary>
    /// Correlated noise: optimizer minus SDE (with the sign covariance's off-diagonal entry) for the loss and the
    /// cross moment x₁x₂ at every checkpoint after the start agree (Holm, family-wise 5 %); the diagonal SDE's cross
    /// moment differs (Holm rejects at least one checkpoint at 5 %).
    /// Known failure at the paper profile, for the same reason: the loss gap at t = 3.5 reads 0.00024 ± 0.00007
    /// (z = 3.2) at 20,000 paths, and at η/2 every loss and cross-moment gap is within 2 SE of 0 (scratch run, not
    /// stored). The diagonal SDE's miss of the cross moment holds at both profiles (z up to 53 at the paper's).
    /// </summary>
    [Claim("Under correlated noise SignSGD's SDE with the sign covariance (project's derivation) follows its loss and cross moment; the diagonal-noise SDE misses the cross moment", KnownToFailIn = "paper")]
    public static ClaimResult TracksUnderCorrelatedNoise(ResultTable<SdeTrackingNoiseLaws, Row> results)
    {
        var rows = results.Completed.Where(r => r.Cell.Noise == NoiseCase.CorrelatedGaussian && r.Row.Checkpoint > 0).ToArray();
        return ClaimResult.AllOf(
            Agreement.Holm(rows.SelectMany(r => new[]
                {
                    Gap($"t={r.Row.Time}: optimizer − SDE loss", r.Row.OptimizerLoss, r.Row.OptimizerLossError, r.Row.SdeLoss, r.Row.SdeLossError),
                    Gap($"t={r.Row.Time}: optimizer − SDE x₁x₂", r.Row.OptimizerCross, r.Row.OptimizerCrossError, r.Row.SdeCross, r.Row.SdeCrossError),
                }), g => g.Label, g => g.Gap, _ => 0),
            Agreement.Refuted(rows.Select(r => Gap($"t={r.Row.Time}: optimizer − diagonal SDE x₁x₂", r.Row.OptimizerCross, r.Row.OptimizerCrossError, r.Row.DiagonalSdeCross!.Value, r.Row.DiagonalSdeCrossError!.Value)),
                g => g.Label, g => g.Gap, _ => 0));
    }

    [Figure("tracking")]
    public static Figure Tracking(ResultTable<SdeTrackingNoiseLaws, Row> results)
    {
        var rows = results.Completed.ToArray();
        var heavy = rows.Where(r => r.Cell.Noise != NoiseCase.CorrelatedGaussian).ToArray();
        var correlated = rows.Where(r => r.Cell.Noise == NoiseCase.CorrelatedGaussian).ToArray();
        var figure = new Figure("Compagnoni et al.: SignSGD beside its SDE, Student-t and correlated noise (sign covariance: project's derivation; mean ± SE)");
        figure.Panel("Student-t noise: loss", "time t = kη", "loss", y: Scale.Log)
            .PointsBy(heavy, r => r.Cell.Noise, n => $"{n}: SignSGD", r => r.Row.Time, r => r.Row.OptimizerLoss, r => r.Row.OptimizerLossError)
            .LinesBy(heavy, r => r.Cell.Noise, n => $"{n}: SDE", r => r.Row.Time, r => r.Row.SdeLoss, r => r.Row.SdeLossError);
        figure.Panel("Correlated noise (ρ = 0.8): cross moment E[x₁x₂]", "time t = kη", "E[x₁x₂]")
            .PointsBy(correlated, _ => 0, _ => "SignSGD", r => r.Row.Time, r => r.Row.OptimizerCross, r => r.Row.OptimizerCrossError)
            .LinesBy(correlated, _ => 0, _ => "SDE with the sign covariance", r => r.Row.Time, r => r.Row.SdeCross, r => r.Row.SdeCrossError)
            .LinesBy(correlated, _ => 0, _ => "diagonal-noise SDE", r => r.Row.Time, r => r.Row.DiagonalSdeCross!.Value, r => r.Row.DiagonalSdeCrossError!.Value);
        return figure;
    }

    private static double[,] Diagonal(double[] h)
    {
        var m = new double[h.Length, h.Length];
        for (var i = 0; i < h.Length; i++) m[i, i] = h[i];
        return m;
    }

    private static void Gradient(double[,] h, ReadOnlySpan<double> x, Span<double> g)
    {
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = 0;
            for (var j = 0; j < g.Length; j++) g[i] += h[i, j] * x[j];
        }
    }

    private static double Loss(double[,] h, ReadOnlySpan<double> x)
    {
        Span<double> g = stackalloc double[x.Length];
        Gradient(h, x, g);
        var f = 0.0;
        for (var i = 0; i < x.Length; i++) f += 0.5 * x[i] * g[i];
        return f;
    }

    /// <summary>
    /// Euler–Maruyama for SignSGD's SDE in two dimensions with unit noise of correlation ρ: drift −m, m_i = erf(a_i/√2)
    /// with a = Hx; diffusion √η·L, LLᵀ = C, C_ii = 1 − m_i², C₁₂ = E[s₁s₂] − m₁m₂ (0 for the diagonal SDE), where
    /// E[s₁s₂] = 2(Φ₂(a₁, a₂; ρ) + Φ₂(−a₁, −a₂; ρ)) − 1, the signs agreeing with the orthant probabilities Φ₂.
    /// </summary>
    private static void IntegrateCorrelated(double[,] h, double[] x, bool fullCovariance, int steps, Rng rng, CancellationToken cancellation)
    {
        var dt = Eta / Substeps;
        var a = new double[2];
        for (var k = 0; k < steps; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            Gradient(h, x, a);
            double m1 = 2 * Normal.CDF(0, 1, a[0]) - 1, m2 = 2 * Normal.CDF(0, 1, a[1]) - 1;
            double c11 = Math.Max(0, 1 - m1 * m1), c22 = Math.Max(0, 1 - m2 * m2);
            var c12 = fullCovariance ? 2 * (BivariateNormalCdf(a[0], a[1]) + BivariateNormalCdf(-a[0], -a[1])) - 1 - m1 * m2 : 0;
            var l11 = Math.Sqrt(c11);
            var l21 = l11 > 0 ? c12 / l11 : 0;
            var l22 = Math.Sqrt(Math.Max(0, c22 - l21 * l21));
            double z1 = rng.NextGaussian(), z2 = rng.NextGaussian(), root = Math.Sqrt(Eta * dt);
            x[0] += -m1 * dt + root * l11 * z1;
            x[1] += -m2 * dt + root * (l21 * z1 + l22 * z2);
        }
    }

    /// <summary>P(Z₁ ≤ a, Z₂ ≤ b) for standard normals of correlation ρ: Φ(a)Φ(b) + (1/2π)∫₀^ρ exp(−(a² − 2abr + b²)/(2(1 − r²)))/√(1 − r²) dr.</summary>
    private static double BivariateNormalCdf(double a, double b) =>
        Normal.CDF(0, 1, a) * Normal.CDF(0, 1, b)
        + GaussLegendreRule.Integrate(r => Math.Exp(-(a * a - 2 * a * b * r + b * b) / (2 * (1 - r * r))) / Math.Sqrt(1 - r * r), 0, Correlation, 20) / (2 * Math.PI);
}
