using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Optimization;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// A three-layer student in the scaling of Kothapalli et al.'s two-layer one (the project's choice; the official
/// code supports two layers only): f(x) = aᵀtanh(W₂ tanh(W₁x/√d)/√h)/√h with W₁ (h × d), W₂ (h × h) and a (h)
/// drawn N(0, 1), a frozen, W₁ and W₂ trained on the mean squared error over the full training set.
/// </summary>
public sealed class ThreeLayerStudent
{
    private ThreeLayerStudent(Matrix first, Matrix second, double[] a) => (First, Second, A) = (first, second, a);

    public Matrix First { get; }

    public Matrix Second { get; }

    public double[] A { get; }

    public int Hidden => First.Rows;

    public int Dimension => First.Columns;

    public static ThreeLayerStudent Draw(int hidden, int dimension, Rng rng)
    {
        var first = new Matrix(hidden, dimension);
        rng.FillGaussian(first.Data);
        var second = new Matrix(hidden, hidden);
        rng.FillGaussian(second.Data);
        var a = new double[hidden];
        rng.FillGaussian(a);
        return new ThreeLayerStudent(first, second, a);
    }

    /// <summary>The mean squared error on <paramref name="data"/>, and ∂L/∂W₁, ∂L/∂W₂ into the given matrices.</summary>
    public double Loss(LabelledData data, Matrix firstGradient, Matrix secondGradient)
    {
        var (n, h) = (data.Count, Hidden);
        var root = Math.Sqrt(h);
        var hidden1 = Tanh(Dense.Multiply(data.X, First, transposeB: true, scale: 1 / Math.Sqrt(Dimension)));
        var hidden2 = Tanh(Dense.Multiply(hidden1, Second, transposeB: true, scale: 1 / root));
        var loss = 0.0;
        // Row s of hidden2 becomes ∂L/∂(second pre-activation): (2r_s/n)·a_i/√h·(1 − tanh²).
        for (var s = 0; s < n; s++)
        {
            var row = hidden2.Row(s);
            var r = Vectors.Dot(row, A) / root - data.Y[s];
            loss += r * r;
            var c = 2 * r / (n * root);
            for (var i = 0; i < h; i++) row[i] = c * A[i] * (1 - row[i] * row[i]);
        }
        Dense.Multiply(hidden2, hidden1, transposeA: true, scale: 1 / root).Data.CopyTo(secondGradient.Data, 0);
        var back = Dense.Multiply(hidden2, Second, scale: 1 / root);
        for (var k = 0; k < back.Data.Length; k++) back.Data[k] *= 1 - hidden1.Data[k] * hidden1.Data[k];
        Dense.Multiply(back, data.X, transposeA: true, scale: 1 / Math.Sqrt(Dimension)).Data.CopyTo(firstGradient.Data, 0);
        return loss / n;
    }

    /// <summary>Full-batch Adam (or GD) on both trained layers for <paramref name="steps"/> steps, calling <paramref name="observe"/> after each.</summary>
    public void Train(LabelledData train, bool adam, double learningRate, int steps, Action<int>? observe = null, CancellationToken cancellation = default)
    {
        var (g1, g2) = (new Matrix(Hidden, Dimension), new Matrix(Hidden, Hidden));
        IOptimizer Make(int size) => adam ? new Adam(size, learningRate) : new Sgd(size, learningRate);
        var (o1, o2) = (Make(g1.Data.Length), Make(g2.Data.Length));
        for (var step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            Loss(train, g1, g2);
            o1.Step(First.Data, g1.Data);
            o2.Step(Second.Data, g2.Data);
            if (!Vectors.AllFinite(First.Data) || !Vectors.AllFinite(Second.Data)) throw new Numerics.DivergedException($"weights not finite at step {step}");
            observe?.Invoke(step);
        }
    }

    private static Matrix Tanh(Matrix z)
    {
        for (var k = 0; k < z.Data.Length; k++) z.Data[k] = Math.Tanh(z.Data[k]);
        return z;
    }
}
