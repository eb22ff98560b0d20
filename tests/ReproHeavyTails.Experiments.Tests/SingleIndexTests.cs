using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>The student–teacher model of Kothapalli et al.: gradients, optimizer steps and readout metrics against direct computation.</summary>
public class SingleIndexTests
{
    private static (SingleIndexTeacher Teacher, LabelledData Train, TwoLayerStudent Student) Small(ulong seed = 1)
    {
        var rng = new Rng(seed);
        var teacher = SingleIndexTeacher.Draw(6, 0.3, rng);
        return (teacher, teacher.Sample(12, rng), TwoLayerStudent.Draw(9, 6, rng));
    }

    [Fact]
    public void Teacher_direction_is_a_unit_vector_and_labels_follow_softplus()
    {
        var rng = new Rng(2);
        var teacher = SingleIndexTeacher.Draw(50, 0, rng);
        Assert.Equal(1, Math.Sqrt(teacher.Direction.Sum(b => b * b)), 12);
        var data = teacher.Sample(3, rng);
        for (var s = 0; s < 3; s++)
        {
            var z = Enumerable.Range(0, 50).Sum(j => data.X[s, j] * teacher.Direction[j]);
            Assert.Equal(Math.Log(1 + Math.Exp(z)), data.Y[s], 12);
        }
    }

    [Fact]
    public void Gradient_matches_central_differences()
    {
        var (_, train, student) = Small();
        var gradient = new Matrix(9, 6);
        student.Loss(train, gradient);
        const double h = 1e-6;
        foreach (var k in new[] { 0, 7, 23, 53 })
        {
            var w = student.W.Data[k];
            student.W.Data[k] = w + h;
            var plus = student.Loss(train);
            student.W.Data[k] = w - h;
            var minus = student.Loss(train);
            student.W.Data[k] = w;
            Assert.Equal((plus - minus) / (2 * h), gradient.Data[k], 1e-7);
        }
    }

    [Fact]
    public void Adams_first_step_is_a_sign_step_and_GD_follows_the_gradient()
    {
        var (_, train, student) = Small();
        var w0 = (double[])student.W.Data.Clone();
        var gradient = new Matrix(9, 6);
        student.Loss(train, gradient);
        new StudentTraining(Adam: true, LearningRate: 0.5, Steps: 1).Run(student, train);
        // Bias-corrected m̂ = g and v̂ = g²: the step is ηg/(|g| + ε), a sign step up to ε.
        for (var k = 0; k < w0.Length; k++) Assert.Equal(w0[k] - 0.5 * gradient.Data[k] / (Math.Abs(gradient.Data[k]) + 1e-8), student.W.Data[k], 12);

        var (_, train2, gd) = Small();
        new StudentTraining(Adam: false, LearningRate: 0.5, Steps: 1).Run(gd, train2);
        for (var k = 0; k < w0.Length; k++) Assert.Equal(w0[k] - 0.5 * gradient.Data[k], gd.W.Data[k], 12);
    }

    [Fact]
    public void Step_decay_multiplies_the_rate_each_step_and_normalisation_fixes_the_norm()
    {
        // GD by hand at rates 1 and 0.5 against two steps with decay 0.5.
        var (_, train, byHand) = Small();
        var gradient = new Matrix(9, 6);
        foreach (var rate in new[] { 1.0, 0.5 })
        {
            byHand.Loss(train, gradient);
            for (var k = 0; k < gradient.Data.Length; k++) byHand.W.Data[k] -= rate * gradient.Data[k];
        }
        var (_, _, decayed) = Small();
        new StudentTraining(Adam: false, LearningRate: 1, Steps: 2, StepDecay: 0.5).Run(decayed, train);
        for (var k = 0; k < gradient.Data.Length; k++) Assert.Equal(byHand.W.Data[k], decayed.W.Data[k], 12);

        var (_, _, normalized) = Small();
        normalized.NormalizeWeights();
        Assert.Equal(Math.Sqrt(9 * 6), Math.Sqrt(normalized.W.Data.Sum(x => x * x)), 10);
    }

    [Fact]
    public void Three_layer_gradients_match_finite_differences()
    {
        var rng = new Rng(11);
        var teacher = SingleIndexTeacher.Draw(6, 0.3, rng);
        var train = teacher.Sample(12, rng);
        var student = ThreeLayerStudent.Draw(9, 6, rng);
        var (g1, g2) = (new Matrix(9, 6), new Matrix(9, 9));
        student.Loss(train, g1, g2);
        double LossAt() => student.Loss(train, new Matrix(9, 6), new Matrix(9, 9));
        foreach (var (weights, gradient) in new[] { (student.First, g1), (student.Second, g2) })
            for (var k = 0; k < weights.Data.Length; k += 7)
            {
                var saved = weights.Data[k];
                weights.Data[k] = saved + 1e-6;
                var up = LossAt();
                weights.Data[k] = saved - 1e-6;
                var down = LossAt();
                weights.Data[k] = saved;
                Assert.Equal((up - down) / 2e-6, gradient.Data[k], 7);
            }
    }

    [Fact]
    public void Annealed_rates_follow_PyTorchs_cosine_and_linear_schedules()
    {
        var cosine = new StudentTraining(Adam: true, LearningRate: 2, Steps: 10, Annealing: Annealing.Cosine);
        var linear = cosine with { Annealing = Annealing.Linear };
        Assert.Equal(2, cosine.RateAt(1), 14);
        Assert.Equal(1, cosine.RateAt(6), 14);                                  // ½(1 + cos(π/2))
        Assert.Equal(2 * 0.5 * (1 + Math.Cos(0.9 * Math.PI)), cosine.RateAt(10), 14);
        Assert.Equal(2 * 0.1, linear.RateAt(10), 14);                           // 1 − 9/10
        // Both spend Σηₜ = 5.5η over ten steps (Σ cos(πk/10) over k = 1…9 is zero), StepLR γ = 0.6 (1 − 0.6¹⁰)/0.4.
        Assert.Equal(11, Enumerable.Range(1, 10).Sum(cosine.RateAt), 12);
        Assert.Equal(11, Enumerable.Range(1, 10).Sum(linear.RateAt), 12);
        var step = new StudentTraining(Adam: true, LearningRate: 1, Steps: 10, StepDecay: 0.6);
        Assert.Equal((1 - Math.Pow(0.6, 10)) / 0.4, Enumerable.Range(1, 10).Sum(step.RateAt), 12);
    }

    [Fact]
    public void Readout_metrics_match_their_definitions()
    {
        var rng = new Rng(7);
        var teacher = SingleIndexTeacher.Draw(6, 0.3, rng);
        var (probe, test) = (teacher.Sample(15, rng), teacher.Sample(10, rng));
        var student = TwoLayerStudent.Draw(9, 6, rng);
        var metrics = ReadoutMetrics.Measure(student, probe, test, ridge: 0.01);

        // Z = tanh(XWᵀ/√d)/√h; â from the normal equations by Gaussian elimination; KTA with the n × n kernel.
        double Feature(LabelledData data, int s, int i) =>
            Math.Tanh(Enumerable.Range(0, 6).Sum(j => data.X[s, j] * student.W[i, j]) / Math.Sqrt(6)) / 3;
        var a = new double[9, 10];
        for (var i = 0; i < 9; i++)
        {
            for (var k = 0; k < 9; k++) a[i, k] = Enumerable.Range(0, 15).Sum(s => Feature(probe, s, i) * Feature(probe, s, k)) + (i == k ? 0.01 / 9 * 15 : 0);
            a[i, 9] = Enumerable.Range(0, 15).Sum(s => Feature(probe, s, i) * probe.Y[s]);
        }
        var readout = Solve(a);
        double Mse(LabelledData data) => Enumerable.Range(0, data.Count).Average(s => Math.Pow(Enumerable.Range(0, 9).Sum(i => Feature(data, s, i) * readout[i]) - data.Y[s], 2));
        Assert.Equal(Mse(probe), metrics.TrainLoss, 10);
        Assert.Equal(Mse(test), metrics.TestLoss, 10);

        double Kernel(int s, int t) => Enumerable.Range(0, 9).Sum(i => Feature(probe, s, i) * Feature(probe, t, i));
        double inner = 0, kernelNorm = 0, targetNorm = 0;
        for (var s = 0; s < 15; s++)
            for (var t = 0; t < 15; t++)
            {
                inner += Kernel(s, t) * probe.Y[s] * probe.Y[t];
                kernelNorm += Kernel(s, t) * Kernel(s, t);
                targetNorm += Math.Pow(probe.Y[s] * probe.Y[t], 2);
            }
        Assert.Equal(inner / Math.Sqrt(kernelNorm * targetNorm), metrics.KernelTargetAlignment, 10);

        // The official code's features divide by d instead of √d: a different, also valid, number.
        Assert.NotEqual(metrics.TestLoss, ReadoutMetrics.Measure(student, probe, test, 0.01, codeScaling: true).TestLoss);
    }

    private static double[] Solve(double[,] augmented)
    {
        var n = augmented.GetLength(0);
        for (var p = 0; p < n; p++)
            for (var r = p + 1; r < n; r++)
            {
                var f = augmented[r, p] / augmented[p, p];
                for (var c = p; c <= n; c++) augmented[r, c] -= f * augmented[p, c];
            }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = augmented[r, n];
            for (var c = r + 1; c < n; c++) sum -= augmented[r, c] * x[c];
            x[r] = sum / augmented[r, r];
        }
        return x;
    }
}
