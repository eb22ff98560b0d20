using ReproHeavyTails.LinearAlgebra;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// How good the first layer's features are, as Kothapalli et al. measure it: features Z = tanh(X_probe Wᵀ/√d)/√h
/// on the probe set, a ridge readout â = (ZᵀZ + (λ/h)·n·I)⁻¹Zᵀy, its mean squared error on the probe set (train
/// loss) and on the test set (test loss), and the kernel-target alignment ⟨ZZᵀ, yyᵀ⟩_F/(‖ZZᵀ‖_F‖yyᵀ‖_F) on the
/// probe set. <c>codeScaling</c> uses the official code's features tanh(XWᵀ/d)/√h instead.
/// </summary>
public readonly record struct ReadoutMetrics(double TrainLoss, double TestLoss, double KernelTargetAlignment)
{
    public static ReadoutMetrics Measure(TwoLayerStudent student, LabelledData probe, LabelledData test, double ridge, bool codeScaling = false)
    {
        var h = student.Hidden;
        var z = Features(student, probe, codeScaling);
        var gram = Dense.Gram(z);                                          // ZᵀZ, h × h
        var zy = new double[h];
        for (var s = 0; s < probe.Count; s++)
        {
            var row = z.Row(s);
            for (var i = 0; i < h; i++) zy[i] += row[i] * probe.Y[s];
        }
        // ‖ZZᵀ‖_F = ‖ZᵀZ‖_F (same non-zero spectrum) and ⟨ZZᵀ, yyᵀ⟩ = ‖Zᵀy‖²: no n × n matrix is needed.
        var alignment = Vectors.Dot(zy, zy) / (Math.Sqrt(Vectors.Dot(gram.Data, gram.Data)) * Vectors.Dot(probe.Y, probe.Y));
        var regularized = gram.Clone();
        for (var i = 0; i < h; i++) regularized[i, i] += ridge / h * probe.Count;
        var readout = Dense.SolvePositiveDefinite(regularized, zy);
        return new ReadoutMetrics(Error(z, probe.Y, readout), Error(Features(student, test, codeScaling), test.Y, readout), alignment);
    }

    private static Matrix Features(TwoLayerStudent student, LabelledData data, bool codeScaling)
    {
        var z = student.Features(data.X, codeScaling);
        var scale = 1 / Math.Sqrt(student.Hidden);
        for (var k = 0; k < z.Data.Length; k++) z.Data[k] *= scale;
        return z;
    }

    private static double Error(Matrix z, double[] y, double[] readout)
    {
        var sum = 0.0;
        for (var s = 0; s < z.Rows; s++)
        {
            var r = Vectors.Dot(z.Row(s), readout) - y[s];
            sum += r * r;
        }
        return sum / z.Rows;
    }
}
