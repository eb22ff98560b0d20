using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// The student of Kothapalli et al.: f(x) = aᵀtanh(Wx/√d)/√h with W (h × d) and a (h) initialised N(0, 1) and a
/// frozen; only W is trained, on the mean squared error (no ½) over the full training set.
/// </summary>
public sealed class TwoLayerStudent
{
    private TwoLayerStudent(Matrix w, double[] a)
    {
        W = w;
        A = a;
    }

    public Matrix W { get; }

    public double[] A { get; }

    public int Hidden => W.Rows;

    public int Dimension => W.Columns;

    public static TwoLayerStudent Draw(int hidden, int dimension, Rng rng)
    {
        var w = new Matrix(hidden, dimension);
        for (var k = 0; k < w.Data.Length; k++) w.Data[k] = rng.NextGaussian();
        var a = new double[hidden];
        for (var i = 0; i < hidden; i++) a[i] = rng.NextGaussian();
        return new TwoLayerStudent(w, a);
    }

    /// <summary>tanh(XWᵀ/s) with s = √d, or s = d for the official code's readout features (the 1/√d applied twice).</summary>
    public Matrix Features(Matrix x, bool codeScaling = false)
    {
        var z = Dense.Multiply(x, W, transposeB: true, scale: 1 / (codeScaling ? Dimension : Math.Sqrt(Dimension)));
        for (var k = 0; k < z.Data.Length; k++) z.Data[k] = Math.Tanh(z.Data[k]);
        return z;
    }

    /// <summary>The mean squared error on <paramref name="data"/>; with <paramref name="gradient"/> also ∂L/∂W (h × d).</summary>
    public double Loss(LabelledData data, Matrix? gradient = null)
    {
        var act = Features(data.X);
        var (n, h) = (data.Count, Hidden);
        var root = Math.Sqrt(h);
        var loss = 0.0;
        // Row s of act becomes ∂L/∂(pre-activation): (2r_s/n)·a_i/√h·(1 − tanh²).
        for (var s = 0; s < n; s++)
        {
            var row = act.Row(s);
            var f = 0.0;
            for (var i = 0; i < h; i++) f += A[i] * row[i];
            var r = f / root - data.Y[s];
            loss += r * r;
            if (gradient is null) continue;
            var c = 2 * r / (n * root);
            for (var i = 0; i < h; i++) row[i] = c * A[i] * (1 - row[i] * row[i]);
        }
        if (gradient is not null)
        {
            Dense.Multiply(act, data.X, transposeA: true, scale: 1 / Math.Sqrt(Dimension)).Data.CopyTo(gradient.Data, 0);
        }
        return loss / n;
    }

    /// <summary>The official code's optional weight normalisation before each step: W ← W·√(hd)/‖W‖_F.</summary>
    public void NormalizeWeights()
    {
        var factor = Math.Sqrt((double)Hidden * Dimension) / Vectors.Norm(W.Data);
        for (var k = 0; k < W.Data.Length; k++) W.Data[k] *= factor;
    }
}

/// <summary>How the learning rate moves over the steps.</summary>
public enum Annealing
{
    /// <summary>Constant, or StepLR's η·γ^(step−1) with <see cref="StudentTraining.StepDecay"/>.</summary>
    None,

    /// <summary>PyTorch's CosineAnnealingLR to zero over the run: η·½(1 + cos(π(step − 1)/steps)).</summary>
    Cosine,

    /// <summary>PyTorch's LinearLR from factor 1 to 0 over the run: η·(1 − (step − 1)/steps).</summary>
    Linear,
}

/// <summary>
/// Full-batch training settings: GD or Adam, learning rate η, steps, optional StepLR decay (η·γ^(step−1)), cosine or
/// linear annealing, and weight normalisation.
/// </summary>
public sealed record StudentTraining(bool Adam, double LearningRate, int Steps, double StepDecay = 1, bool NormalizeWeights = false,
    Annealing Annealing = Annealing.None)
{
    /// <summary>The learning rate of step <paramref name="step"/> (from 1).</summary>
    public double RateAt(int step) => LearningRate * Math.Pow(StepDecay, step - 1) * Annealing switch
    {
        Annealing.Cosine => 0.5 * (1 + Math.Cos(Math.PI * (step - 1) / Steps)),
        Annealing.Linear => 1 - (double)(step - 1) / Steps,
        _ => 1,
    };

    /// <summary>Runs the steps, calling <paramref name="observe"/> after each with the step number and the training loss before it.</summary>
    public void Run(TwoLayerStudent student, LabelledData train, Action<int, double>? observe = null, CancellationToken cancellation = default)
    {
        var d = student.W.Data.Length;
        var gradient = new Matrix(student.Hidden, student.Dimension);
        IOptimizer optimizer = Adam ? new Adam(d, LearningRate) : new Sgd(d, LearningRate);
        for (var step = 1; step <= Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (NormalizeWeights) student.NormalizeWeights();
            var loss = student.Loss(train, gradient);
            optimizer.LearningRate = RateAt(step);
            optimizer.Step(student.W.Data, gradient.Data);
            if (!Vectors.AllFinite(student.W.Data)) throw new Numerics.DivergedException($"weights not finite at step {step}");
            observe?.Invoke(step, loss);
        }
    }
}
