using ReproHeavyTails.Randomness;
using ReproHeavyTails.Symmetry;

namespace ReproHeavyTails.Experiments.NoiseEquilibrium.Model;

/// <summary>
/// f(x) = W_L⋯W_1x, every layer width × width, with the per-sample loss ‖f(x) − y‖². θ = [W_1, …, W_L], each row-major.
/// Each pair of neighbouring layers has the symmetry (W_{l+1}, W_l) → (W_{l+1}G⁻¹, GW_l), so gradient flow conserves
/// every W_lW_lᵀ − W_{l+1}ᵀW_{l+1} (the two-layer network's C between each pair).
/// </summary>
internal sealed class DeepLinearNetwork(int width, int depth) : IModel
{
    public int Width { get; } = width;

    public int Depth { get; } = depth;

    public int ParameterCount => Depth * Width * Width;

    /// <summary>θ with layer l's entries N(0, scales[l]²/width).</summary>
    public double[] Initialize(Rng rng, IReadOnlyList<double> scales)
    {
        var theta = new double[ParameterCount];
        for (var l = 0; l < Depth; l++)
            for (var k = 0; k < Width * Width; k++) theta[l * Width * Width + k] = scales[l] * rng.NextGaussian() / Math.Sqrt(Width);
        return theta;
    }

    public double AccumulateGradient(ReadOnlySpan<double> theta, Dataset data, int index, double weight, Span<double> gradient)
    {
        var n = Width;
        // Forward: activations[l] = W_l⋯W_1x (activations[0] = x); backward: δ_L = 2r, δ_{l−1} = W_lᵀδ_l, ∂ℓ/∂W_l = δ_l·activations[l−1]ᵀ.
        var activations = new double[(Depth + 1) * n];
        data.Input(index).CopyTo(activations);
        for (var l = 1; l <= Depth; l++)
            for (var a = 0; a < n; a++)
            {
                var s = 0.0;
                for (var b = 0; b < n; b++) s += theta[(l - 1) * n * n + a * n + b] * activations[(l - 1) * n + b];
                activations[l * n + a] = s;
            }
        var y = data.Target(index);
        var delta = new double[n];
        var loss = 0.0;
        for (var a = 0; a < n; a++)
        {
            var r = activations[Depth * n + a] - y[a];
            loss += r * r;
            delta[a] = 2 * r;
        }
        var previous = new double[n];
        for (var l = Depth; l >= 1; l--)
        {
            var offset = (l - 1) * n * n;
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++) gradient[offset + a * n + b] += weight * delta[a] * activations[(l - 1) * n + b];
            for (var b = 0; b < n; b++)
            {
                var s = 0.0;
                for (var a = 0; a < n; a++) s += theta[offset + a * n + b] * delta[a];
                previous[b] = s;
            }
            (delta, previous) = (previous, delta);
        }
        return loss;
    }

    /// <summary>Layer l's weight matrix (1-based) as a width × width row-major array.</summary>
    public double[] Layer(ReadOnlySpan<double> theta, int l) => theta.Slice((l - 1) * Width * Width, Width * Width).ToArray();
}
