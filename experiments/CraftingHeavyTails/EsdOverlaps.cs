using ReproHeavyTails.Figures;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Framework.Claims;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>
/// The singular-vector view of Kothapalli et al.: ten full-batch steps of GD (η = 2000) or Adam (η = 1), rates
/// that leave a spike after one step at both sizes; at every step the top <see cref="Directions"/> right singular
/// vectors of W_t and of the update M_t = W_t − W_{t−1}, their singular values, their overlap |⟨v_k, β*⟩| with the
/// teacher and their squared overlap ⟨v_k, v₁(W_{t−1})⟩² with the top direction of the weights before the step —
/// the official code's overlap maps (squared inner products of the singular vectors of W and M) read along the
/// top direction of W.
/// </summary>
[Experiment("esd-overlaps", Version = 1,
    Title = "Singular vectors of W and of its updates against the teacher over ten steps",
    Paper = "kothapalli-2024")]
[Replicates(3, 5)]
public sealed partial class EsdOverlaps
{
    public const int Directions = 10;

    [Values(Method.Gd, Method.Adam)]
    [Zip("optimizer")]
    public Method Optimizer { get; init; }

    [Values(2000.0, 1.0)]
    [Zip("optimizer")]
    public double LearningRate { get; init; }

    [Quick(100)]
    [Paper(1000)]
    public int Dimension { get; init; }

    /// <summary>One singular direction: of the weights W_t or of the update M_t (<paramref name="Matrix"/>), rank k from 1.</summary>
    public sealed record Row(int Step, string Matrix, int Rank, double SingularValue, double TeacherOverlap, double? PreviousTopOverlap);

    public const string Weights = "weights", Update = "update";

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        Require.Positive(LearningRate);
        Require.AtLeast(Dimension, Directions);
        var setting = new SingleIndexSetting(context, Dimension);
        var w = setting.Student.W;
        var before = w.Clone();
        var (values, vectors) = Esd.Decompose(w, vectors: true);
        var rows = Top(0, Weights, values, vectors!, setting.Teacher.Direction, previousTop: null).ToList();
        new StudentTraining(Optimizer == Method.Adam, LearningRate, EsdLearningRateSweep.Steps).Run(setting.Student, setting.Train, (step, _) =>
        {
            var previousTop = vectors!.Row(vectors.Rows - 1).ToArray();
            var update = new Matrix(w.Rows, w.Columns);
            for (var k = 0; k < w.Data.Length; k++) update.Data[k] = w.Data[k] - before.Data[k];
            var (updateValues, updateVectors) = Esd.Decompose(update, vectors: true);
            rows.AddRange(Top(step, Update, updateValues, updateVectors!, setting.Teacher.Direction, previousTop));
            (values, vectors) = Esd.Decompose(w, vectors: true);
            rows.AddRange(Top(step, Weights, values, vectors!, setting.Teacher.Direction, previousTop));
            w.Data.CopyTo(before.Data, 0);
        }, context.Cancellation);
        return rows;
    }

    private static IEnumerable<Row> Top(int step, string matrix, double[] values, Matrix vectors, double[] teacher, double[]? previousTop) =>
        Enumerable.Range(1, Directions).Select(k =>
        {
            var v = vectors.Row(vectors.Rows - k);
            double? previous = previousTop is null ? null : Math.Pow(Vectors.Dot(v, previousTop), 2);
            return new Row(step, matrix, k, Math.Sqrt(values[^k]), Math.Abs(Vectors.Dot(v, teacher)), previous);
        });

    private static double At(IEnumerable<(EsdOverlaps Cell, int Replicate, Row Row)> rows, int step, string matrix, Func<Row, double> value) =>
        value(rows.Single(r => r.Row.Step == step && r.Row.Matrix == matrix && r.Row.Rank == 1).Row);

    /// <summary>
    /// The first update is a teacher-aligned rank-one step: the overlap of its top right singular vector with β*
    /// exceeds that of W₀'s top direction (a random direction, ≈ √(2/(πd))), paired by replicate (one-sided paired
    /// t-tests, both optimizers).
    /// </summary>
    [Claim("The top singular direction of the first large update is aligned with the teacher")]
    public static ClaimResult FirstUpdateAligned(ResultTable<EsdOverlaps, Row> results) =>
        Comparison.Exceeds(ByCell(results), g => $"{g.Key.Optimizer} η={g.Key.LearningRate} d={g.Key.Dimension}: |<v1(M1), β*>| − |<v1(W0), β*>|",
            g => Estimate.Of(g.GroupBy(r => r.Replicate).Select(rep => At(rep, 1, Update, r => r.TeacherOverlap) - At(rep, 0, Weights, r => r.TeacherOverlap))), _ => 0);

    /// <summary>
    /// Later updates feed the spike: the squared overlap of the top direction of the updates M₂ … M₁₀ with the top
    /// direction of the weights before each of them (the spike W₁ … W₉ carry), averaged over those steps, exceeds
    /// the same overlap at the first step (where W₀'s top direction is random), paired by replicate (one-sided
    /// paired t-tests, both optimizers). The evidence gives the teacher overlap of W₁₀'s top direction.
    /// </summary>
    [Claim("After the first step the updates keep pointing along the spike's direction")]
    public static ClaimResult UpdatesFollowTheSpike(ResultTable<EsdOverlaps, Row> results)
    {
        var cells = ByCell(results).ToArray();
        var result = Comparison.Exceeds(cells, g => $"{g.Key.Optimizer} η={g.Key.LearningRate}: mean over steps 2–10 of <v1(M_t), v1(W_t−1)>² minus at step 1",
            g => Estimate.Of(g.GroupBy(r => r.Replicate).Select(rep =>
                Enumerable.Range(2, EsdLearningRateSweep.Steps - 1).Average(t => At(rep, t, Update, r => r.PreviousTopOverlap!.Value)) - At(rep, 1, Update, r => r.PreviousTopOverlap!.Value))), _ => 0);
        var teacher = cells.Select(g => $"{g.Key.Optimizer}: |<v1(W10), β*>| = {g.GroupBy(r => r.Replicate).Average(rep => At(rep, EsdLearningRateSweep.Steps, Weights, r => r.TeacherOverlap)):0.00}");
        return result with { Evidence = result.Evidence + "; " + string.Join("; ", teacher) };
    }

    private static IEnumerable<IGrouping<(Method Optimizer, double LearningRate, int Dimension), (EsdOverlaps Cell, int Replicate, Row Row)>> ByCell(ResultTable<EsdOverlaps, Row> results) =>
        results.CompletedWithReplicates.GroupBy(r => (r.Cell.Optimizer, r.Cell.LearningRate, r.Cell.Dimension));

    /// <summary>
    /// Teacher overlaps of the top direction of W and of the update over steps; the overlap maps at steps 1, 2 and
    /// 10 (teacher overlap and overlap with W_{t−1}'s top direction against the rank of the update's singular vector).
    /// </summary>
    [Figure("overlaps")]
    public static Figure Overlaps(ResultTable<EsdOverlaps, Row> results)
    {
        var rows = results.Completed.ToArray();
        var figure = new Figure("Kothapalli et al.: singular vectors of W and of its updates (mean ± SE over seeds)", columns: 3);
        figure.Panel("Top direction against the teacher", "step", "|<v1, beta*>|")
            .MeanLinesBy(rows.Where(r => r.Row.Rank == 1), r => (r.Cell.Optimizer, r.Row.Matrix), k => $"{k.Optimizer}, {k.Matrix}", r => r.Row.Step, r => r.Row.TeacherOverlap);
        foreach (var optimizer in new[] { Method.Gd, Method.Adam })
        {
            var updates = rows.Where(r => r.Cell.Optimizer == optimizer && r.Row.Matrix == Update && r.Row.Step is 1 or 2 or EsdLearningRateSweep.Steps).ToArray();
            figure.Panel($"{optimizer}: update directions against the teacher", "rank k of the update's singular vector", "|<v_k(M_t), beta*>|")
                .MeanLinesBy(updates, r => r.Row.Step, t => $"step {t}", r => r.Row.Rank, r => r.Row.TeacherOverlap);
            figure.Panel($"{optimizer}: update directions against W's top direction", "rank k of the update's singular vector", "<v_k(M_t), v1(W_t-1)>^2")
                .MeanLinesBy(updates, r => r.Row.Step, t => $"step {t}", r => r.Row.Rank, r => r.Row.PreviousTopOverlap ?? double.NaN);
        }
        return figure;
    }
}
