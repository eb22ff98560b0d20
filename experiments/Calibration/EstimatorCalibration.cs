using ReproHeavyTails.Framework;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments.Calibration;

/// <summary>
/// Draws samples with a known tail index and estimates it: bias and error of the estimators by law,
/// true index and sample size, so a reader knows which estimator to trust where.
/// </summary>
[Experiment("estimator-calibration", Version = 1,
    Title = "Tail-index estimators on samples with a known index",
    Paper = "Jiao & Keller-Ressel 2024 (arXiv 2402.01382), estimator protocol")]
[Replicates(quick: 24, paper: 400)]
public sealed partial class EstimatorCalibration
{
    [Values(TailLaw.Pareto, TailLaw.StudentT)]
    public TailLaw Law { get; init; }

    [Quick(1.5, 3.0)]
    [Paper(0.5, 1.0, 1.5, 2.0, 3.0, 4.0)]
    public double TrueIndex { get; init; }

    [Quick(1000, 20000)]
    [Paper(1000, 10000, 100000)]
    public int SampleSize { get; init; }

    public sealed record Row(
        [property: Tolerance(1e-9, 1e-9)] double Hill,
        double HillStandardError,
        int HillTailCount,
        double HillRelativeError);

    [Run]
    public Row Run(RunContext context)
    {
        var sample = new double[SampleSize];
        for (var i = 0; i < sample.Length; i++)
            sample[i] = Law == TailLaw.Pareto ? Samplers.Pareto(context.Random, TrueIndex) : Samplers.StudentT(context.Random, TrueIndex);
        var hill = HillEstimator.Estimate(sample);
        return new Row(hill.Index, hill.StandardError, hill.TailCount, (hill.Index - TrueIndex) / TrueIndex);
    }

    /// <summary>
    /// For every law and true index, the mean absolute relative error at the largest sample size is
    /// below that at the smallest, by more than two standard errors of the difference.
    /// </summary>
    [Claim("The Hill estimate's error shrinks as the sample grows")]
    public static ClaimResult HillErrorShrinks(ResultTable<EstimatorCalibration, Row> results)
    {
        var evidence = new List<string>();
        var passed = true;
        foreach (var group in results.Completed.GroupBy(r => (r.Cell.Law, r.Cell.TrueIndex)))
        {
            var sizes = group.Select(r => r.Cell.SampleSize).Distinct().Order().ToArray();
            var small = Summary.Of(group.Where(r => r.Cell.SampleSize == sizes[0]).Select(r => Math.Abs(r.Row.HillRelativeError)));
            var large = Summary.Of(group.Where(r => r.Cell.SampleSize == sizes[^1]).Select(r => Math.Abs(r.Row.HillRelativeError)));
            var gap = small.Mean - large.Mean;
            var se = Math.Sqrt(small.StandardError * small.StandardError + large.StandardError * large.StandardError);
            var ok = sizes.Length > 1 && gap > 2 * se;
            passed &= ok;
            evidence.Add($"{group.Key.Law} α={group.Key.TrueIndex}: |rel err| {small.Mean:0.000}→{large.Mean:0.000} (n {sizes[0]}→{sizes[^1]}, gap {gap:0.000} ± {se:0.000})");
        }
        return ClaimResult.When(passed && evidence.Count > 0, string.Join("; ", evidence));
    }
}
