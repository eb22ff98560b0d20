using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium.Model;

/// <summary>
/// f(x) = A·relu(Wx), W (h × i), A (o × h), no biases, with the per-sample loss ‖f(x) − y‖². θ = [A row-major,
/// W row-major]. relu(s·z) = s·relu(z) for s &gt; 0, so each hidden neuron has the rescaling symmetry
/// (W_i, A_{:,i}) → (s·W_i, A_{:,i}/s) and gradient flow conserves every C_i = ‖W_i‖² − ‖A_{:,i}‖²
/// (docs/noise-equilibrium.md, "A ReLU network on MNIST"). Plain scalar loops in a fixed order, so the results
/// are the same bits on every machine.
/// </summary>
internal sealed class ReluNetwork(int inputs, int hidden, int outputs)
{
    public int Inputs { get; } = inputs;

    public int Hidden { get; } = hidden;

    public int Outputs { get; } = outputs;

    public int ParameterCount => Outputs * Hidden + Hidden * Inputs;

    private int WOffset => Outputs * Hidden;

    /// <summary>He initialization W ~ N(0, 2/i), A ~ N(0, 1/h), then A×s and W÷s (the function does not change with s).</summary>
    public double[] Initialize(Rng rng, double scale)
    {
        var theta = new double[ParameterCount];
        for (var k = 0; k < WOffset; k++) theta[k] = scale * rng.NextGaussian() / Math.Sqrt(Hidden);
        for (var k = WOffset; k < theta.Length; k++) theta[k] = rng.NextGaussian() * Math.Sqrt(2.0 / Inputs) / scale;
        return theta;
    }

    /// <summary>C_i = ‖W_i‖² − ‖A_{:,i}‖² for every neuron.</summary>
    public double[] Conserved(ReadOnlySpan<double> theta)
    {
        var c = new double[Hidden];
        for (var a = 0; a < Hidden; a++)
        {
            var inner = 0.0;
            for (var j = 0; j < Inputs; j++) inner += theta[WOffset + a * Inputs + j] * theta[WOffset + a * Inputs + j];
            var outer = 0.0;
            for (var o = 0; o < Outputs; o++) outer += theta[o * Hidden + a] * theta[o * Hidden + a];
            c[a] = inner - outer;
        }
        return c;
    }

    /// <summary>Scratch space for one sample's forward and backward pass.</summary>
    public sealed class Workspace(ReluNetwork net)
    {
        public readonly double[] Pre = new double[net.Hidden], Act = new double[net.Hidden], Residual = new double[net.Outputs], Back = new double[net.Hidden];
    }

    /// <summary>The forward pass of one sample into <paramref name="work"/>: pre-activations, activations, residual f − y; returns ‖f − y‖².</summary>
    public double Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Workspace work)
    {
        for (var a = 0; a < Hidden; a++)
        {
            var s = 0.0;
            var row = WOffset + a * Inputs;
            for (var j = 0; j < Inputs; j++) s += theta[row + j] * x[j];
            work.Pre[a] = s;
            work.Act[a] = s > 0 ? s : 0;
        }
        var loss = 0.0;
        for (var o = 0; o < Outputs; o++)
        {
            var f = 0.0;
            for (var a = 0; a < Hidden; a++) f += theta[o * Hidden + a] * work.Act[a];
            work.Residual[o] = f - y[o];
            loss += work.Residual[o] * work.Residual[o];
        }
        // ∂ℓ/∂A_{o,i} = 2 r_o h_i; ∂ℓ/∂W_{i,j} = Back_i x_j with Back_i = 2 (A_{:,i}·r) 1[z_i > 0].
        for (var a = 0; a < Hidden; a++)
        {
            var back = 0.0;
            if (work.Pre[a] > 0)
                for (var o = 0; o < Outputs; o++) back += theta[o * Hidden + a] * work.Residual[o];
            work.Back[a] = 2 * back;
        }
        return loss;
    }

    /// <summary>The mean per-sample loss over a data set of MNIST digits.</summary>
    public double MeanLoss(ReadOnlySpan<double> theta, Data.MnistDigits data, Workspace work)
    {
        var loss = 0.0;
        for (var i = 0; i < data.Count; i++) loss += Forward(theta, data.Input(i), data.Target(i), work) / data.Count;
        return loss;
    }

    /// <summary>Adds <paramref name="weight"/> times the gradient of the sample in <paramref name="work"/> (after <see cref="Forward"/>).</summary>
    public void Accumulate(ReadOnlySpan<double> x, Workspace work, double weight, Span<double> gradient)
    {
        for (var o = 0; o < Outputs; o++)
        {
            var r = weight * 2 * work.Residual[o];
            for (var a = 0; a < Hidden; a++) gradient[o * Hidden + a] += r * work.Act[a];
        }
        for (var a = 0; a < Hidden; a++)
        {
            var b = weight * work.Back[a];
            if (b == 0) continue;
            var row = WOffset + a * Inputs;
            for (var j = 0; j < Inputs; j++) gradient[row + j] += b * x[j];
        }
    }

    /// <summary>Per neuron, one sample's ‖∂ℓ/∂W_i‖² = Back_i²‖x‖² and ‖∂ℓ/∂A_{:,i}‖² = 4‖r‖²h_i² (after <see cref="Forward"/>).</summary>
    public void AddSquaredNorms(double inputNormSquared, Workspace work, double weight, Span<double> inner, Span<double> outer)
    {
        var residual = 0.0;
        for (var o = 0; o < Outputs; o++) residual += work.Residual[o] * work.Residual[o];
        for (var a = 0; a < Hidden; a++)
        {
            inner[a] += weight * work.Back[a] * work.Back[a] * inputNormSquared;
            outer[a] += weight * 4 * residual * work.Act[a] * work.Act[a];
        }
    }

    /// <summary>Per neuron ‖g_{W_i}‖² − ‖g_{A_{:,i}}‖² of a gradient vector.</summary>
    public void SquaredNormDifference(ReadOnlySpan<double> gradient, Span<double> inner, Span<double> outer)
    {
        for (var a = 0; a < Hidden; a++)
        {
            var w = 0.0;
            for (var j = 0; j < Inputs; j++) w += gradient[WOffset + a * Inputs + j] * gradient[WOffset + a * Inputs + j];
            var u = 0.0;
            for (var o = 0; o < Outputs; o++) u += gradient[o * Hidden + a] * gradient[o * Hidden + a];
            inner[a] = w;
            outer[a] = u;
        }
    }
}
