using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.AdaptiveSdes;

/// <summary>
/// SignSGD's phases by the signal-to-noise ratio Y = h·x/(√2σ) of each coordinate (docs/adaptive-sdes.md):
/// |Y| &gt; 3/2, where E[sign g] = erf(|Y|) &gt; 0.966 and SignSGD moves like sign descent, |x| falling by
/// η·erf(|Y|) per step; |Y| &lt; 1/2, where erf is within 8 % of its linear part and the noise dominates (the
/// project's choice of the lower threshold; the paper's text was not available); and the transition between.
/// One coordinate per curvature h ∈ {1, 3, 10}, σ = 1, from x₀ = 10: the fraction of steps in each phase, and in
/// the sign phase the measured fall of |x| per step beside η·E[erf(|Y|)] and the predicted duration.
/// </summary>
[Experiment("signsgd-phases", Version = 1,
    Title = "SignSGD's three phases by signal-to-noise ratio",
    Paper = "compagnoni-2024")]
public sealed partial class SignSgdPhases
{
    private const double Start = 10, Noise = 1;

    [Values(1.0, 3.0, 10.0)]
    public double Curvature { get; init; }

    [Quick(0.01)]
    [Paper(0.01, 0.001)]
    public double LearningRate { get; init; }

    [Quick(200)]
    [Paper(2000)]
    public int Paths { get; init; }

    public sealed record Row(
        double SignPhaseFraction,
        double TransitionFraction,
        double NoisePhaseFraction,
        double SignPhaseSteps,
        double SignPhaseStepsError,
        double PredictedSignPhaseSteps,
        double FallPerStep,
        double FallPerStepError,
        double PredictedFallPerStep);

    [Run]
    public Row Run(RunContext context)
    {
        Require.Positive(Curvature);
        Require.Positive(LearningRate);
        Require.AtMost(LearningRate, 2 * Start); // at least one step
        Require.AtLeast(Paths, 2);
        var problem = new NoisyQuadratic([Curvature], [Noise]);
        var optimizer = new SignSgd(LearningRate);
        var boundary = 1.5 * Math.Sqrt(2) * Noise / Curvature;            // |x| where |Y| = 3/2
        var steps = (int)(2 * Start / LearningRate);                       // twice the sign-descent time to 0
        var counts = new long[3];
        var signSteps = new Summary.Accumulator();
        var falls = new Summary.Accumulator();
        var predictedFall = new Summary.Accumulator();
        var g = new double[1];
        for (var p = 0; p < Paths; p++)
        {
            var x = new[] { Start };
            var inSignPhase = 0;
            for (var k = 0; k < steps; k++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var y = Math.Abs(Curvature * x[0] / (Math.Sqrt(2) * Noise));
                var phase = y > 1.5 ? 0 : y > 0.5 ? 1 : 2;
                counts[phase]++;
                var before = Math.Abs(x[0]);
                problem.NoisyGradient(x, g, context.Random);
                optimizer.Step(x, g);
                if (phase != 0) continue;
                inSignPhase++;
                falls.Add(before - Math.Abs(x[0]));
                predictedFall.Add(LearningRate * MathNet.Numerics.SpecialFunctions.Erf(y));
            }
            signSteps.Add(inSignPhase);
        }
        double total = counts.Sum();
        var fall = falls.Result;
        return new Row(counts[0] / total, counts[1] / total, counts[2] / total,
            signSteps.Result.Mean, signSteps.Result.StandardError, (Start - boundary) / LearningRate,
            fall.Mean, fall.StandardError, predictedFall.Result.Mean);
    }

    /// <summary>Holm over the curvatures' two-sided z-tests of the measured fall per step against η·E[erf(|Y|)], family-wise 5 %.</summary>
    [Claim("In the high signal-to-noise phase (|Y| > 3/2) SignSGD moves like sign descent: |x| falls by η·erf(|Y|) per step")]
    public static ClaimResult SignPhaseIsSignDescent(ResultTable<SignSgdPhases, Row> results) =>
        Agreement.Holm(results.Completed, r => $"h={r.Cell.Curvature}: fall per step", r => new Estimate(r.Row.FallPerStep, r.Row.FallPerStepError), r => r.Row.PredictedFallPerStep);

    /// <summary>
    /// The sign phase lasts (x₀ − x_b)/η steps to first order (x_b the phase boundary): Holm over the curvatures'
    /// two-sided z-tests, family-wise 5 %. Known failure: with 200 paths the mean duration is resolved to 0.04–0.11
    /// steps, and it exceeds the first-order value by 1.4, 1.05 and 0.37 steps (h = 1, 3, 10; z = 13, 17, 10) —
    /// the erf(|Y|) &lt; 1 slowdown near the boundary (∫dx/(η·erf), 1.24, 0.41 and 0.12 steps), the discreteness of
    /// the last step and the walk's returns across the boundary. The first-order law holds to 0.2 %, which the
    /// old 1 % band passed; it is not exact.
    /// </summary>
    [Claim("The sign phase lasts (x₀ − x_b)/η steps, as sign descent from x₀ to the phase boundary x_b", KnownToFail = true)]
    public static ClaimResult PhaseDurations(ResultTable<SignSgdPhases, Row> results) =>
        Agreement.Holm(results.Completed, r => $"h={r.Cell.Curvature}: sign-phase steps", r => new Estimate(r.Row.SignPhaseSteps, r.Row.SignPhaseStepsError), r => r.Row.PredictedSignPhaseSteps);

    [Figure("phases")]
    public static Figure Phases(ResultTable<SignSgdPhases, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Compagnoni et al.: SignSGD's phases by signal-to-noise ratio");
        figure.Panel("Fraction of time in each phase", "curvature h", "fraction of steps", Scale.Log)
            .LinesBy(rows, _ => "sign phase |Y| > 3/2", k => k, r => r.Cell.Curvature, r => r.Row.SignPhaseFraction)
            .LinesBy(rows, _ => "transition", k => k, r => r.Cell.Curvature, r => r.Row.TransitionFraction)
            .LinesBy(rows, _ => "noise phase |Y| < 1/2", k => k, r => r.Cell.Curvature, r => r.Row.NoisePhaseFraction);
        figure.Panel("Sign-phase duration", "curvature h", "steps", Scale.Log, Scale.Log)
            .PointsBy(rows, _ => "measured", k => k, r => r.Cell.Curvature, r => r.Row.SignPhaseSteps, r => r.Row.SignPhaseStepsError)
            .LinesBy(rows, _ => "predicted (x₀ − x_b)/η", k => k, r => r.Cell.Curvature, r => r.Row.PredictedSignPhaseSteps);
        return figure;
    }
}
