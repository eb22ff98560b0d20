using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>The published one-at-a-time sweeps around Adam at η = 1 for ten steps.</summary>
public enum Sweep
{
    /// <summary>Training (and probe) set size n ∈ {0.5, 2, 4, 8}·d.</summary>
    Samples,

    /// <summary>Label noise ∈ {0.1, 0.3, 0.5, 0.7}.</summary>
    LabelNoise,

    /// <summary>Readout ridge λ ∈ {0.1, 0.01, 0.001, 0.0001}.</summary>
    Ridge,

    /// <summary>StepLR decay γ ∈ {0.2, 0.4, 0.6, 0.8} per step (with n = 8d, as published).</summary>
    StepDecay,

    /// <summary>The schedule (project's extension): constant, StepLR γ = 0.6 (the official main_lr_schedule.yml), cosine and linear annealing to zero.</summary>
    Schedule,

    /// <summary>The official code's weight normalisation W ← W·√(hd)/‖W‖_F before every step, at η ∈ {0.1, 0.3, 1, 3}.</summary>
    WeightNormalization,
}

/// <summary>
/// Kothapalli et al.'s dataset-size, label-noise, ridge and step-decay sweeps: Adam at η = 1 for ten full-batch
/// steps, everything else at its default (n = 2d, noise 0.3, λ = 0.01, no decay), W measured at steps 0 and 10;
/// and two of the official code's other knobs: learning-rate schedules beyond step decay and weight normalisation
/// (defaults otherwise, so they share the default cells' teacher, data and student: paired).
/// </summary>
[Experiment("esd-sweeps", Version = 4,
    Title = "Weight spectra and readout losses across dataset size, label noise, ridge and step decay",
    Paper = "kothapalli-2024")]
[Replicates(3, 5)]
public sealed partial class EsdSweeps
{
    private static readonly double[] SampleRatios = [0.5, 2, 4, 8];
    private static readonly double[] LabelNoises = [0.1, 0.3, 0.5, 0.7];
    private static readonly double[] Ridges = [0.1, 0.01, 0.001, 0.0001];
    private static readonly double[] Decays = [0.2, 0.4, 0.6, 0.8];
    private static readonly double[] NormalizedRates = [0.1, 0.3, 1, 3];
    private static readonly (Annealing Annealing, double Decay)[] Schedules = [(Annealing.None, 1), (Annealing.None, 0.6), (Annealing.Cosine, 1), (Annealing.Linear, 1)];

    [Values(Sweep.Samples, Sweep.LabelNoise, Sweep.Ridge, Sweep.StepDecay, Sweep.Schedule, Sweep.WeightNormalization)]
    public Sweep Sweep { get; init; }

    [Values(0, 1, 2, 3)]
    public int Level { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    /// <summary>The swept quantity's value at this level (for a schedule, its total learning rate Σηₜ over the ten steps).</summary>
    public double Value => Sweep switch
    {
        Sweep.Samples => SampleRatios[Level] * Dimension,
        Sweep.LabelNoise => LabelNoises[Level],
        Sweep.Ridge => Ridges[Level],
        Sweep.StepDecay => Decays[Level],
        Sweep.Schedule => Enumerable.Range(1, Steps).Sum(Training.RateAt),
        _ => NormalizedRates[Level],
    };

    public const int Steps = 10;

    private StudentTraining Training => Sweep switch
    {
        Sweep.StepDecay => new StudentTraining(Adam: true, LearningRate: 1, Steps, StepDecay: Decays[Level]),
        Sweep.Schedule => new StudentTraining(Adam: true, LearningRate: 1, Steps, StepDecay: Schedules[Level].Decay, Annealing: Schedules[Level].Annealing),
        Sweep.WeightNormalization => new StudentTraining(Adam: true, NormalizedRates[Level], Steps, NormalizeWeights: true),
        _ => new StudentTraining(Adam: true, LearningRate: 1, Steps),
    };

    [Run]
    public IEnumerable<SpectrumRow> Run(RunContext context)
    {
        Require.AtLeast(Dimension, 1);
        var samples = Sweep switch
        {
            Sweep.Samples => (int)Value,
            Sweep.StepDecay => 8 * Dimension,
            _ => (int?)null,
        };
        var setting = new SingleIndexSetting(context, Dimension, Sweep == Sweep.LabelNoise ? Value : 0.3, samples);
        return setting.TrainAndMeasure(Training, new HashSet<int> { Steps }, context, Sweep == Sweep.Ridge ? Value : SingleIndexSetting.ReadoutRidge);
    }

    /// <summary>
    /// The step-decay sweep changes only the total learning rate Σγᵏ: per replicate (same teacher, data, student)
    /// the Hill alpha after ten steps at γ = 0.8 minus that at γ = 0.2 is negative by more than three standard
    /// errors — more total step, heavier tail. The evidence lists alpha and spikes for every γ.
    /// </summary>
    [Claim("A slower step decay (more total learning rate) leaves a heavier-tailed spectrum")]
    public static ClaimResult DecayLightensTheTail(ResultTable<EsdSweeps, SpectrumRow> results)
    {
        var final = results.CompletedWithReplicates.Where(r => r.Cell.Sweep == Sweep.StepDecay && r.Row.Step == 10).ToArray();
        double AlphaAt(int level, int replicate) => final.Single(r => r.Cell.Level == level && r.Replicate == replicate).Row.AlphaHill;
        var replicates = final.Select(r => r.Replicate).Distinct().ToArray();
        var change = Estimate.Of(replicates.Select(k => AlphaAt(3, k) - AlphaAt(0, k)));
        var table = final.GroupBy(r => r.Cell.Value).OrderBy(g => g.Key)
            .Select(g => $"γ={g.Key}: alpha {g.Average(r => r.Row.AlphaHill):0.00}, spikes {g.Average(r => r.Row.Spikes):0.0}");
        var result = Comparison.Below([change], _ => "alpha(γ=0.8) − alpha(γ=0.2), paired by replicate", c => c, _ => 0);
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", table) };
    }

    /// <summary>
    /// Beyond step decay (the project's extension of the paper's step-decay finding, with the schedules of PyTorch):
    /// annealing to zero leaves less total learning rate than a constant rate, so by the same reading the tail is
    /// lighter — per replicate the Hill alpha after ten steps under cosine and under linear annealing minus that at
    /// a constant η = 1 is positive (one-sided paired t-tests, both schedules). The evidence lists alpha, spikes and
    /// Σηₜ for the four schedules.
    /// Known failure at the quick size (3 seeds): the annealed schedules keep the large first steps, where the spike
    /// and most of the tail form, so they lighten the tail only by 0.055 ± 0.023 (cosine) and 0.062 ± 0.022 (linear),
    /// t = 2.4 and 2.8 on 2 degrees of freedom (p = 0.068, 0.053); StepLR γ = 0.6, with a quarter of the total rate,
    /// lightens it by 0.23. A power problem, not a reversed effect: it passes at 7 of 10 master seeds (docs/claims.md),
    /// and at the published size (5 seeds, measured once with --set Sweep=Schedule) it holds: 0.082 ± 0.002 (cosine),
    /// 0.085 ± 0.002 (linear).
    /// </summary>
    [Claim("Annealing the learning rate to zero (cosine or linear) leaves a lighter tail than a constant rate (project's extension)", KnownToFailIn = "quick")]
    public static ClaimResult AnnealingLightensTheTail(ResultTable<EsdSweeps, SpectrumRow> results)
    {
        var final = results.CompletedWithReplicates.Where(r => r.Cell.Sweep == Sweep.Schedule && r.Row.Step == Steps).ToArray();
        double AlphaAt(int level, int replicate) => final.Single(r => r.Cell.Level == level && r.Replicate == replicate).Row.AlphaHill;
        var replicates = final.Select(r => r.Replicate).Distinct().ToArray();
        var changes = new[] { (Label: "cosine", Level: 2), (Label: "linear", Level: 3) }
            .Select(s => (s.Label, Change: Estimate.Of(replicates.Select(k => AlphaAt(s.Level, k) - AlphaAt(0, k))))).ToArray();
        var table = final.GroupBy(r => r.Cell.Level).OrderBy(g => g.Key)
            .Select(g => $"{ScheduleName(g.Key)} (Σηₜ = {g.First().Cell.Value:0.00}): alpha {g.Average(r => r.Row.AlphaHill):0.00}, spikes {g.Average(r => r.Row.Spikes):0.0}");
        var result = Comparison.Exceeds(changes, c => $"alpha({c.Label}) − alpha(constant), paired by replicate", c => c.Change, _ => 0);
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", table) };
    }

    private static string ScheduleName(int level) => Schedules[level] switch
    {
        (Annealing.Cosine, _) => "cosine",
        (Annealing.Linear, _) => "linear",
        (_, 1.0) => "constant",
        var (_, decay) => $"StepLR γ={decay}",
    };

    /// <summary>
    /// The heavy tail is not a growth of the weights' norm (the project's reading of the official code's weight
    /// normalisation): with W rescaled to ‖W‖_F = √(hd) before every step, ten Adam steps at η = 1 still lower the
    /// Hill alpha below its value at initialisation (one-sided paired t-test over replicates). The evidence lists
    /// the change at every normalised rate.
    /// </summary>
    [Claim("With weight normalisation ten large Adam steps still turn the spectrum heavy-tailed (project's extension)")]
    public static ClaimResult NormalizedWeightsStillHeavyTailed(ResultTable<EsdSweeps, SpectrumRow> results)
    {
        var rows = results.CompletedWithReplicates.Where(r => r.Cell.Sweep == Sweep.WeightNormalization).ToArray();
        Estimate Change(int level) => Estimate.Of(rows.Where(r => r.Cell.Level == level).GroupBy(r => r.Replicate)
            .Select(g => g.Single(r => r.Row.Step == Steps).Row.AlphaHill - g.Single(r => r.Row.Step == 0).Row.AlphaHill));
        var result = Comparison.Below([Change(2)], _ => "alpha after ten normalised steps at η = 1 minus at step 0, paired", c => c, _ => 0);
        var table = Enumerable.Range(0, NormalizedRates.Length).Select(level => $"η={NormalizedRates[level]}: Δalpha {Change(level).Value:0.000}");
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", table) };
    }

    private static readonly Sweep[] AllSweeps = [Sweep.Samples, Sweep.LabelNoise, Sweep.Ridge, Sweep.StepDecay, Sweep.Schedule, Sweep.WeightNormalization];

    [Figure("sweeps")]
    public static Figure Sweeps(ResultTable<EsdSweeps, SpectrumRow> results)
    {
        var figure = new Figure("Kothapalli et al.: sweeps around Adam η = 1 after ten steps (mean ± SE over seeds)", columns: 6);
        foreach (var sweep in AllSweeps)
        {
            var rows = results.Completed.Where(r => r.Cell.Sweep == sweep && r.Row.Step == 10).ToArray();
            var x = sweep == Sweep.Ridge ? Scale.Log : Scale.Linear;
            figure.Panel($"{sweep}: losses", XLabel(sweep), "MSE", x)
                .MeanLinesBy(rows, _ => "readout test loss", k => k, r => X(r.Cell), r => r.Row.ReadoutTestLoss)
                .MeanLinesBy(rows, _ => "readout train loss", k => k, r => X(r.Cell), r => r.Row.ReadoutTrainLoss);
        }
        foreach (var sweep in AllSweeps)
        {
            var rows = results.Completed.Where(r => r.Cell.Sweep == sweep && r.Row.Step == 10).ToArray();
            figure.Panel($"{sweep}: Hill alpha", XLabel(sweep), "alpha", sweep == Sweep.Ridge ? Scale.Log : Scale.Linear)
                .MeanLinesBy(rows, _ => "Hill alpha", k => k, r => X(r.Cell), r => r.Row.AlphaHill);
        }
        return figure;
    }

    /// <summary>The figure's x: the swept value, except for schedules (cosine and linear share Σηₜ = 5.5), drawn by level.</summary>
    private static double X(EsdSweeps cell) => cell.Sweep == Sweep.Schedule ? cell.Level : cell.Value;

    private static string XLabel(Sweep sweep) => sweep switch
    {
        Sweep.Schedule => "0 constant, 1 StepLR 0.6, 2 cosine, 3 linear",
        Sweep.WeightNormalization => "learning rate (normalised weights)",
        _ => sweep.ToString(),
    };
}
