using ReproHeavyTails.Figures;
using MathNet.Numerics.LinearAlgebra;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.Statistics;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>
/// Matrix factorization M ≈ UW (6 × 6, rank 3 target, noisy entries) as a linear network on one-hot inputs,
/// from balanced and imbalanced starts of several scales, by GD and SGD, with and without learning-rate
/// warmup. With one-hot inputs and isotropic noise the noise equilibrium is UᵀU = WWᵀ (docs/noise-equilibrium.md):
/// for the learned product UW = PSQᵀ, the balanced factors have UUᵀ = PSPᵀ and WᵀW = QSQᵀ. Recorded: the
/// distance of the final factors to that solution (rotation-invariant, relative), the loss and the Hessian trace.
/// </summary>
[Experiment("equilibrium-matrix-factorization", Version = 1,
    Title = "Matrix factorization: SGD's solution against the noise equilibrium and GD's",
    Paper = "ziyin-2024")]
[Replicates(quick: 4, paper: 16)]
public sealed partial class EquilibriumMatrixFactorization
{
    private const int Size = 6, Rank = 3, Samples = 600;

    // GD needs few steps to reach its (conserved-imbalance) minimum; SGD needs many to reach the equilibrium.
    [Values(Method.Gd, Method.Sgd)]
    [Zip("optimizer")]
    public Method Method { get; init; }

    [Quick(4000, 40000)]
    [Paper(20000, 200000)]
    [Zip("optimizer")]
    public int Steps { get; init; }

    /// <summary>Initial scales of U and W: imbalanced both ways, and balanced small and large.</summary>
    [Values(3.0, 0.33, 0.3, 1.5)]
    [Zip("init")]
    public double InitScaleU { get; init; }

    [Values(0.33, 3.0, 0.3, 1.5)]
    [Zip("init")]
    public double InitScaleW { get; init; }

    /// <summary>Steps of linear learning-rate warmup (0: none).</summary>
    [Values(0, 2000)]
    public int Warmup { get; init; }

    [Values(0.03)]
    public double LearningRate { get; init; }

    public sealed record Row(double DistanceToEquilibrium, double Loss, double HessianTrace, double OuterNorm, double InnerNorm);

    [Run]
    public Row Run(RunContext context)
    {
        Require.AtLeast(Steps, 1);
        Require.Positive(InitScaleU);
        Require.Positive(InitScaleW);
        Require.AtLeast(Warmup, 0);
        Require.Positive(LearningRate);
        var target = Target(context);
        var data = Dataset.Factorization(Samples, target, Size, Size, noise: 0.5, context.SharedStream("data"));
        var model = new TwoLayerNetwork(Size, Size, Size);
        var theta = model.Initialize(context.Stream("init"), InitScaleU, InitScaleW);
        var settings = new TrainerSettings(LearningRate, Steps, Method == Method.Sgd ? 1 : null, WarmupSteps: Warmup);
        Trainer.Run(model, data, theta, settings, context.Stream("sgd"), (_, _, _) => { }, context.Cancellation);
        var loss = Trainer.FullGradient(model, data, theta, new double[theta.Length]);
        return new Row(Distance(model, theta), loss, Trainer.HessianTrace(model, data, theta),
            model.U(theta).ToArray().Sum(v => v * v), model.W(theta).ToArray().Sum(v => v * v));
    }

    /// <summary>A rank-3 target with singular values 3, 2, 1 in random directions, shared by every cell.</summary>
    private static double[] Target(RunContext context)
    {
        var rng = context.SharedStream("target");
        var a = Matrix<double>.Build.Dense(Size, Rank, (_, _) => rng.NextGaussian());
        var b = Matrix<double>.Build.Dense(Rank, Size, (_, _) => rng.NextGaussian());
        var svd = (a * b).Svd();
        var m = Matrix<double>.Build.Dense(Size, Size);
        for (var k = 0; k < Rank; k++) m += (Rank - k) * svd.U.Column(k).OuterProduct(svd.VT.Row(k));
        return m.ToRowMajorArray();
    }

    /// <summary>
    /// (‖UUᵀ − PSPᵀ‖ + ‖WᵀW − QSQᵀ‖)/(‖PSPᵀ‖ + ‖QSQᵀ‖) with UW = PSQᵀ: zero exactly for the balanced
    /// factorization of the product the network computes, whatever the hidden-space rotation.
    /// </summary>
    private static double Distance(TwoLayerNetwork model, double[] theta)
    {
        var u = Matrix<double>.Build.DenseOfRowMajor(model.Outputs, model.Hidden, model.U(theta).ToArray());
        var w = Matrix<double>.Build.DenseOfRowMajor(model.Hidden, model.Inputs, model.W(theta).ToArray());
        var svd = (u * w).Svd();
        var s = Matrix<double>.Build.DenseOfDiagonalVector(svd.S);
        var outer = svd.U * s * svd.U.Transpose();
        var inner = svd.VT.Transpose() * s * svd.VT;
        return ((u * u.Transpose() - outer).FrobeniusNorm() + (w.Transpose() * w - inner).FrobeniusNorm()) / (outer.FrobeniusNorm() + inner.FrobeniusNorm());
    }

    /// <summary>Per start and warmup (imbalanced starts only): GD's minus SGD's mean of a column over replicates, above zero (one-sided Welch t-tests, every setting).</summary>
    private static ClaimResult GdAboveSgd(ResultTable<EquilibriumMatrixFactorization, Row> results, Func<Row, double> column, Func<Summary, Summary, string> describe) =>
        Comparison.Exceeds(results.Completed.GroupBy(r => (r.Cell.InitScaleU, r.Cell.InitScaleW, r.Cell.Warmup)).Where(g => g.Key.InitScaleU != g.Key.InitScaleW)
                .Select(g => (g.Key, Gd: Summary.Of(g.Where(r => r.Cell.Method == Method.Gd).Select(r => column(r.Row))), Sgd: Summary.Of(g.Where(r => r.Cell.Method == Method.Sgd).Select(r => column(r.Row))))),
            c => $"init U×{c.Key.InitScaleU} W×{c.Key.InitScaleW} warmup {c.Key.Warmup}: {describe(c.Gd, c.Sgd)}; GD − SGD",
            c => Estimate.Of(c.Gd).Minus(Estimate.Of(c.Sgd)), _ => 0);

    /// <summary>
    /// For every imbalanced start and warmup setting, SGD's final distance to the equilibrium solution is
    /// below GD's (one-sided Welch t-tests over replicates); the evidence gives the ratio.
    /// </summary>
    [Claim("SGD ends near the balanced factorization — the noise equilibrium for one-hot inputs (project's derivation) — and GD away from it")]
    public static ClaimResult SgdNearEquilibrium(ResultTable<EquilibriumMatrixFactorization, Row> results) =>
        GdAboveSgd(results, r => r.DistanceToEquilibrium,
            (gd, sgd) => $"GD {gd.Mean:0.000} ± {gd.StandardError:0.000}, SGD {sgd.Mean:0.000} ± {sgd.StandardError:0.000} ({gd.Mean / sgd.Mean:0.0}×)");

    /// <summary>
    /// The balanced factorization minimises ‖U‖² + ‖W‖² for a given product, and with it the Hessian trace
    /// at the minimum; so SGD's final Hessian trace is below GD's for imbalanced starts (one-sided Welch
    /// t-tests). Balanced starts are in the artifact for comparison.
    /// </summary>
    [Claim("SGD finds flatter minima than GD from imbalanced starts (lower Hessian trace), with and without warmup")]
    public static ClaimResult SgdFlatter(ResultTable<EquilibriumMatrixFactorization, Row> results) =>
        GdAboveSgd(results, r => r.HessianTrace,
            (gd, sgd) => $"Tr H GD {gd.Mean:0.00} ± {gd.StandardError:0.00}, SGD {sgd.Mean:0.00} ± {sgd.StandardError:0.00}");

    [Figure("distance-to-equilibrium")]
    public static Figure DistanceToEquilibriumFigure(ResultTable<EquilibriumMatrixFactorization, Row> results)
    {
        var starts = results.Completed.Select(r => (r.Cell.InitScaleU, r.Cell.InitScaleW)).Distinct().OrderBy(s => s).ToList();
        var figure = new Figure("Ziyin et al.: matrix factorization, distance to the balanced factorization (the noise equilibrium, project's derivation) at the end of each run (mean ± SE)");
        foreach (var warmup in results.Completed.Select(r => r.Cell.Warmup).Distinct().Order())
            figure.Panel($"warmup {warmup} steps", "start, U/W scale: " + string.Join(", ", starts.Select((s, i) => $"{i + 1} = {s.InitScaleU}/{s.InitScaleW}")), "distance", y: Scale.Log)
                .MeanLinesBy(results.Completed.Where(r => r.Cell.Warmup == warmup),
                    r => r.Cell.Method, m => m.ToString(), r => starts.IndexOf((r.Cell.InitScaleU, r.Cell.InitScaleW)) + 1, r => r.Row.DistanceToEquilibrium);
        return figure;
    }
}
