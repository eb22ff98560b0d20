using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Experiments.HomogenizedSgd.Model;
using ReproHeavyTails.Statistics;
using Hsgd = ReproHeavyTails.Experiments.HomogenizedSgd.Model.HomogenizedSgd;

namespace ReproHeavyTails.Experiments.HomogenizedSgd;

/// <summary>Which process produces the iterates.</summary>
public enum IterateSource
{
    HomogenizedSgd,
    Sgd,
}

/// <summary>
/// Is the stationary law of SGD iterates Student-t or α-stable? Nearly independent snapshots (one every
/// 50 iterations, from many chains) of the top eigen-coordinate, fitted by Student-t maximum likelihood,
/// by the Jones–Faddy skew-t (the paper's "(skew) t" surrogate) and by symmetric α-stable maximum likelihood,
/// each judged by a KS test. The fits describe the shape of the law: ν, the skew-t's 2a and 2b and the stable α
/// are the tail indices of the fitted laws, not tail-index estimates of the data (Hill and the block-sum
/// estimator are, elsewhere). Rows carry QQ quantiles and the ccdf of |x − location| on a log grid, with the
/// fitted laws, for figures.
/// </summary>
[Experiment("student-t-vs-stable", Version = 2,
    Title = "Student-t versus α-stable fits of SGD iterates",
    Paper = "jiao-keller-ressel-2024")]
public sealed partial class StudentTVersusStable
{
    private const int Points = 40;

    // Settings: hSGD in 1 and 10 dimensions; SGD in 10 dimensions at two learning rates (near the
    // diffusion regime) and in 1 dimension with a large step (far from it, a strongly discrete recursion).
    [Quick(IterateSource.HomogenizedSgd, IterateSource.Sgd, IterateSource.Sgd, IterateSource.Sgd)]
    [Paper(IterateSource.HomogenizedSgd, IterateSource.HomogenizedSgd, IterateSource.Sgd, IterateSource.Sgd, IterateSource.Sgd)]
    [Zip("setting")]
    public IterateSource Source { get; init; }

    [Quick(1, 10, 10, 1)]
    [Paper(1, 10, 10, 10, 1)]
    [Zip("setting")]
    public int Dimension { get; init; }

    [Quick(0.5, 0.25, 0.3, 0.5)]
    [Paper(0.5, 0.3, 0.25, 0.3, 0.5)]
    [Zip("setting")]
    public double LearningRate { get; init; }

    [Values(2)]
    public int BatchSize { get; init; }

    /// <summary>Chains, ten snapshots each: KS needs large samples to see tails.</summary>
    [Quick(10000)]
    [Paper(50000)]
    public int Chains { get; init; }

    public sealed record Row(
        double Probability,
        double EmpiricalQuantile,
        double StudentTQuantile,
        double SkewTQuantile,
        double StableQuantile,
        double TailX,
        double EmpiricalCcdf,
        double StudentTCcdf,
        double SkewTCcdf,
        double StableCcdf,
        double StudentTNu,
        double StudentTNuError,
        double StudentTScale,
        double StudentTKsDistance,
        double StudentTKsPValue,
        double SkewTLeftTailIndex,
        double SkewTRightTailIndex,
        double SkewTKsDistance,
        double SkewTKsPValue,
        double StableAlpha,
        double StableScale,
        double StableKsDistance,
        double StableKsPValue,
        int Samples);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.AtLeast(Dimension, 1);
        Require.Positive(LearningRate);
        Require.AtLeast(BatchSize, 1);
        Require.AtLeast(Chains, 2);
        var problem = new LinearRegressionProblem(LinearRegressionProblem.GeometricSpectrum(Dimension, 1, 1), new double[Dimension], noiseStd: 1, ridge: 0);
        var settings = new ChainSettings(LearningRate, BatchSize, Chains, Steps: 1000, BurnIn: 500, Thin: 50);
        var samples = Source == IterateSource.HomogenizedSgd
            ? Hsgd.Run(problem, settings, context.Stream("chains"), cancellation: context.Cancellation)
            : StreamingSgd.Run(problem, settings, context.Stream("chains"), context.Cancellation);
        var x = samples.Coordinate(0);
        Array.Sort(x);
        var t = StudentTFit.Fit(x);
        var skew = SkewTFit.Fit(x);
        var stable = StableFit.MaximumLikelihood(x);
        var tTest = KolmogorovSmirnov.Test(x, t.Cdf);
        var skewTest = KolmogorovSmirnov.Test(x, skew.Cdf);
        var stableCdf = stable.TabulatedCdf();
        var stableTest = KolmogorovSmirnov.Test(x, stableCdf);

        // Tail grid: |x − median| from its median to its 1/n-quantile, log-spaced.
        var deviations = x.Select(v => Math.Abs(v - t.Location)).Order().ToArray();
        double low = deviations[deviations.Length / 2], high = deviations[^2];
        for (var j = 0; j < Points; j++)
        {
            var p = 1 / (1 + Math.Exp(-6.9 * (2.0 * j / (Points - 1) - 1)));
            var tailX = low * Math.Pow(high / low, (double)j / (Points - 1));
            var exceed = deviations.Length - UpperBound(deviations, tailX);
            yield return new Row(
                p, x[(int)Math.Round(p * (x.Length - 1))],
                t.Quantile(p),
                skew.Quantile(p),
                stable.Quantile(p),
                tailX, (double)exceed / deviations.Length,
                2 * (1 - t.Cdf(t.Location + tailX)),
                skew.Cdf(skew.Location - tailX) + 1 - skew.Cdf(skew.Location + tailX),
                2 * (1 - stableCdf(stable.Location + tailX)),
                t.DegreesOfFreedom, t.DegreesOfFreedomStandardError, t.Scale, tTest.Statistic, tTest.PValue,
                skew.LeftTailIndex, skew.RightTailIndex, skewTest.Statistic, skewTest.PValue,
                stable.Alpha, stable.Scale, stableTest.Statistic, stableTest.PValue, x.Length);
        }
    }

    private static int UpperBound(double[] ascending, double value)
    {
        var index = Array.BinarySearch(ascending, value);
        if (index < 0) return ~index;
        while (index < ascending.Length && ascending[index] == value) index++;
        return index;
    }

    /// <summary>
    /// hSGD in more than one dimension, where its law is not Student-t by construction. (In one dimension it is,
    /// so there the KS test checks the fitting code, not the paper: a unit test, StudentTFitTests.) Known failure
    /// at the quick profile, which has only the one-dimensional hSGD cell: no case to test there.
    /// </summary>
    [Claim("hSGD iterates in more than one dimension: the Student-t fit is not rejected by KS, the α-stable fit is (level 0.01)", KnownToFailIn = "quick")]
    public static ClaimResult HomogenizedIteratesAreStudentT(ResultTable<StudentTVersusStable, Row> results) =>
        TFitsStableDoesNot(results, IterateSource.HomogenizedSgd, minimumDimension: 2);

    /// <summary>
    /// Recorded as a known failure: on this machine, with 10⁵ nearly independent snapshots, the KS test
    /// does not reject the maximum-likelihood α-stable fit of SGD iterates in the strongly discrete
    /// one-dimensional setting (γ = 0.5), though it does near the diffusion regime (d = 10); KS weighs the
    /// body of the law, where the two fits are close. See the evidence for the numbers.
    /// </summary>
    [Claim("SGD iterates: Student-t fits are not rejected by KS where α-stable fits are (level 0.01)", KnownToFail = true)]
    public static ClaimResult SgdIteratesAreStudentT(ResultTable<StudentTVersusStable, Row> results) =>
        TFitsStableDoesNot(results, IterateSource.Sgd, minimumDimension: 1);

    /// <summary>
    /// The paper's surrogate: per SGD setting the Jones–Faddy skew-t fit not rejected by KS (Holm over the settings,
    /// family-wise 1 %) and the α-stable fit rejected at 1 % in every setting. Recorded as a known failure for the
    /// same reason as <see cref="SgdIteratesAreStudentT"/>: the skew-t half holds (quick profile: p = 0.61, 0.66 in
    /// d = 10, 0.016 in d = 1; the fitted tails are symmetric, 2a ≈ 2b, as the law is), but KS does not reject the
    /// α-stable fit in the strongly discrete one-dimensional setting (p = 0.16).
    /// </summary>
    [Claim("SGD iterates: skew-t (Jones–Faddy) fits are not rejected by KS where α-stable fits are (level 0.01)", KnownToFail = true)]
    public static ClaimResult SgdIteratesAreSkewT(ResultTable<StudentTVersusStable, Row> results)
    {
        var settings = results.Completed.Where(r => r.Cell.Source == IterateSource.Sgd).DistinctBy(r => (r.Cell.Dimension, r.Cell.LearningRate)).ToArray();
        string Label(StudentTVersusStable c) => $"{c.Source} d={c.Dimension} γ={c.LearningRate}";
        return ClaimResult.AllOf(
            GoodnessOfFit.NotRejected(settings, r => Label(r.Cell) + ": skew-t fit", r => r.Row.SkewTKsPValue,
                r => $"tail indices 2a = {r.Row.SkewTLeftTailIndex:0.00} (left), 2b = {r.Row.SkewTRightTailIndex:0.00} (right), KS distance {r.Row.SkewTKsDistance:0.0000}"),
            GoodnessOfFit.Rejected(settings, r => Label(r.Cell) + ": α-stable fit", r => r.Row.StableKsPValue, r => $"α = {r.Row.StableAlpha:0.00}, KS distance {r.Row.StableKsDistance:0.0000}"));
    }

    /// <summary>Per setting: the Student-t fit not rejected (Holm over the settings, family-wise 1 %) and the α-stable fit rejected at 1 % in every setting.</summary>
    private static ClaimResult TFitsStableDoesNot(ResultTable<StudentTVersusStable, Row> results, IterateSource source, int minimumDimension)
    {
        var settings = results.Completed.Where(r => r.Cell.Source == source && r.Cell.Dimension >= minimumDimension).DistinctBy(r => (r.Cell.Dimension, r.Cell.LearningRate)).ToArray();
        string Label(StudentTVersusStable c) => $"{c.Source} d={c.Dimension} γ={c.LearningRate}";
        return ClaimResult.AllOf(
            GoodnessOfFit.NotRejected(settings, r => Label(r.Cell) + ": Student-t fit", r => r.Row.StudentTKsPValue, r => $"ν = {r.Row.StudentTNu:0.00}, KS distance {r.Row.StudentTKsDistance:0.0000}"),
            GoodnessOfFit.Rejected(settings, r => Label(r.Cell) + ": α-stable fit", r => r.Row.StableKsPValue, r => $"α = {r.Row.StableAlpha:0.00}, KS distance {r.Row.StableKsDistance:0.0000}"));
    }

    /// <summary>
    /// Per cell: the empirical two-sided ccdf P(|x − m| > t) on log-log axes beside the fitted Student-t and
    /// α-stable laws and beside Student-t laws with ν at the bounds η_* and η* of the cell (equal for isotropic
    /// data), each scaled to pass through the empirical ccdf at the first grid point so that tails are compared.
    /// </summary>
    [Figure("ccdf")]
    public static Figure Ccdf(ResultTable<StudentTVersusStable, Row> results)
    {
        var figure = new Figure("Jiao & Keller-Ressel: tails of the iterates (first coordinate), empirical ccdf between Student-t laws at the hSGD bounds η_* and η* (project's derivation)");
        foreach (var g in results.Completed.GroupBy(r => (r.Cell.Source, r.Cell.Dimension, r.Cell.LearningRate, r.Cell.BatchSize)))
        {
            var rows = g.OrderBy(r => r.Row.TailX).Select(r => r.Row).ToArray();
            var panel = figure.Panel($"{g.Key.Source}, d = {g.Key.Dimension}, γ = {g.Key.LearningRate}, B = {g.Key.BatchSize}", "|x − median|", "P(|x − median| > t)", Scale.Log, Scale.Log);
            var t = rows.Select(r => r.TailX).ToArray();
            panel.Points("iterates", t, rows.Select(r => r.EmpiricalCcdf).ToArray())
                .Line("Student-t fit", t, rows.Select(r => r.StudentTCcdf).ToArray())
                .Line("skew-t fit (Jones–Faddy)", t, rows.Select(r => r.SkewTCcdf).ToArray())
                .Line("α-stable fit", t, rows.Select(r => r.StableCcdf).ToArray());
            var (lower, upper) = HsgdTailIndex.Bounds(LinearRegressionProblem.GeometricSpectrum(g.Key.Dimension, 1, 1), g.Key.LearningRate, g.Key.BatchSize, 0);
            foreach (var (nu, label) in new[] { (lower, "Student-t, ν = η_*"), (upper, "Student-t, ν = η*") })
            {
                if (!double.IsFinite(nu) || nu <= 0) continue;
                var scale = t[0] / MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, nu, 1 - rows[0].EmpiricalCcdf / 2);
                panel.Line(label, t, t.Select(x => 2 * (1 - MathNet.Numerics.Distributions.StudentT.CDF(0, scale, nu, x))).ToArray());
            }
        }
        return figure;
    }

    [Figure("qq")]
    public static Figure QuantileQuantile(ResultTable<StudentTVersusStable, Row> results)
    {
        var figure = new Figure("Jiao & Keller-Ressel: QQ plots of the iterates against the fitted Student-t, skew-t and α-stable laws");
        foreach (var g in results.Completed.GroupBy(r => (r.Cell.Source, r.Cell.Dimension, r.Cell.LearningRate, r.Cell.BatchSize)))
        {
            var rows = g.OrderBy(r => r.Row.Probability).Select(r => r.Row).ToArray();
            var empirical = rows.Select(r => r.EmpiricalQuantile).ToArray();
            figure.Panel($"{g.Key.Source}, d = {g.Key.Dimension}, γ = {g.Key.LearningRate}, B = {g.Key.BatchSize}", "fitted quantile", "empirical quantile")
                .Points("Student-t", rows.Select(r => r.StudentTQuantile).ToArray(), empirical)
                .Points("skew-t (Jones–Faddy)", rows.Select(r => r.SkewTQuantile).ToArray(), empirical)
                .Points("α-stable", rows.Select(r => r.StableQuantile).ToArray(), empirical)
                .Line("y = x", [empirical[0], empirical[^1]], [empirical[0], empirical[^1]]);
        }
        return figure;
    }
}
