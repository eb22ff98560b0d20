namespace ReproHeavyTails.Symmetry;

/// <summary>
/// f(x) = (θ/‖θ‖)·x with loss (f(x) − y)²: invariant to θ → e^λθ (A = I), so every gradient is orthogonal
/// to θ and a step θ' = θ − γg has ‖θ'‖² = ‖θ‖² + γ²‖g‖² exactly: gradient flow keeps the norm, any step grows it.
/// </summary>
public sealed class ScaleInvariantRegression(int inputs) : IModel
{
    public int ParameterCount { get; } = inputs;

    public double AccumulateGradient(ReadOnlySpan<double> theta, Dataset data, int index, double weight, Span<double> gradient)
    {
        var x = data.Input(index);
        var norm = 0.0;
        foreach (var t in theta) norm += t * t;
        norm = Math.Sqrt(norm);
        var projection = 0.0;
        for (var j = 0; j < theta.Length; j++) projection += theta[j] * x[j];
        var f = projection / norm;
        var r = f - data.Target(index)[0];
        // ∂f/∂θ = (x − f·θ/‖θ‖)/‖θ‖, orthogonal to θ.
        for (var j = 0; j < theta.Length; j++) gradient[j] += weight * 2 * r * (x[j] - f * theta[j] / norm) / norm;
        return r * r;
    }
}
