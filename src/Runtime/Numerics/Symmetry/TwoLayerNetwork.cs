using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Symmetry;

/// <summary>
/// f(x) = U·σ(Wx) with U (o × h), W (h × i), σ the identity (a linear network) or tanh, and the per-sample
/// loss ‖f(x) − y‖². θ = [U row-major, W row-major]. For the linear network (U, W) → (UG⁻¹, GW) leaves f
/// unchanged, so gradient flow conserves WWᵀ − UᵀU; the scalar rescaling model u(wᵀx) is the case o = h = 1.
/// </summary>
public sealed class TwoLayerNetwork(int inputs, int hidden, int outputs, bool tanh = false) : IModel
{
    public int Inputs { get; } = inputs;

    public int Hidden { get; } = hidden;

    public int Outputs { get; } = outputs;

    public bool Tanh { get; } = tanh;

    public int ParameterCount => Outputs * Hidden + Hidden * Inputs;

    public ReadOnlySpan<double> U(ReadOnlySpan<double> theta) => theta[..(Outputs * Hidden)];

    public ReadOnlySpan<double> W(ReadOnlySpan<double> theta) => theta[(Outputs * Hidden)..];

    /// <summary>θ with U ~ scaleU·N(0, 1/h) and W ~ scaleW·N(0, 1/i) entries.</summary>
    public double[] Initialize(Rng rng, double scaleU, double scaleW)
    {
        var theta = new double[ParameterCount];
        for (var k = 0; k < Outputs * Hidden; k++) theta[k] = scaleU * rng.NextGaussian() / Math.Sqrt(Hidden);
        for (var k = Outputs * Hidden; k < theta.Length; k++) theta[k] = scaleW * rng.NextGaussian() / Math.Sqrt(Inputs);
        return theta;
    }

    public double AccumulateGradient(ReadOnlySpan<double> theta, Dataset data, int index, double weight, Span<double> gradient)
    {
        var x = data.Input(index);
        var y = data.Target(index);
        var u = U(theta);
        var w = W(theta);
        Span<double> pre = stackalloc double[Hidden];
        Span<double> h = stackalloc double[Hidden];
        Span<double> residual = stackalloc double[Outputs];
        for (var a = 0; a < Hidden; a++)
        {
            var s = 0.0;
            for (var j = 0; j < Inputs; j++) s += w[a * Inputs + j] * x[j];
            pre[a] = s;
            h[a] = Tanh ? Math.Tanh(s) : s;
        }
        var loss = 0.0;
        for (var o = 0; o < Outputs; o++)
        {
            var f = 0.0;
            for (var a = 0; a < Hidden; a++) f += u[o * Hidden + a] * h[a];
            residual[o] = f - y[o];
            loss += residual[o] * residual[o];
        }
        // ∂ℓ/∂U = 2r hᵀ; ∂ℓ/∂W = 2 (Uᵀr ⊙ σ'(pre)) xᵀ.
        var gu = gradient[..(Outputs * Hidden)];
        var gw = gradient[(Outputs * Hidden)..];
        for (var o = 0; o < Outputs; o++)
            for (var a = 0; a < Hidden; a++) gu[o * Hidden + a] += weight * 2 * residual[o] * h[a];
        for (var a = 0; a < Hidden; a++)
        {
            var back = 0.0;
            for (var o = 0; o < Outputs; o++) back += u[o * Hidden + a] * residual[o];
            back *= 2 * (Tanh ? 1 - h[a] * h[a] : 1);
            for (var j = 0; j < Inputs; j++) gw[a * Inputs + j] += weight * back * x[j];
        }
        return loss;
    }

    /// <summary>UᵀMU (h × h) for a symmetric o × o matrix M (null: the identity).</summary>
    public double[] OuterGram(ReadOnlySpan<double> theta, double[]? m = null)
    {
        var u = U(theta).ToArray();
        return Sandwich((o, a) => u[o * Hidden + a], Outputs, m);
    }

    /// <summary>WSWᵀ (h × h) for a symmetric i × i matrix S (null: the identity).</summary>
    public double[] InnerGram(ReadOnlySpan<double> theta, double[]? s = null)
    {
        var w = W(theta).ToArray();
        return Sandwich((j, a) => w[a * Inputs + j], Inputs, s);
    }

    /// <summary>G[a, b] = Σ_{j,k} A[j, a]·S[j, k]·A[k, b] for an n × h matrix A given by element (S null: the identity).</summary>
    private double[] Sandwich(Func<int, int, double> a, int n, double[]? s)
    {
        var g = new double[Hidden * Hidden];
        for (var x = 0; x < Hidden; x++)
            for (var y = 0; y < Hidden; y++)
                for (var j = 0; j < n; j++)
                    for (var k = 0; k < n; k++)
                    {
                        var sjk = s is null ? (j == k ? 1 : 0) : s[j * n + k];
                        if (sjk != 0) g[x * Hidden + y] += a(j, x) * sjk * a(k, y);
                    }
        return g;
    }
}
