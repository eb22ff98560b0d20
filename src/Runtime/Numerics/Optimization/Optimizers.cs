namespace ReproHeavyTails.Optimization;

/// <summary>
/// A first-order optimizer with PyTorch's update rules (torch.optim, default options unless given):
/// it owns its state (momentum, second moments, step count) for one parameter vector.
/// </summary>
public interface IOptimizer
{
    /// <summary>The step size η; settable, so that schedules can change it between steps.</summary>
    double LearningRate { get; set; }

    /// <summary>One update of <paramref name="parameters"/> in place from the gradient at the current parameters.</summary>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);
}

/// <summary>torch.optim.SGD: g ← g + λθ; b ← μb + g (b = g at the first step); θ ← θ − ηb.</summary>
public sealed class Sgd(int dimension, double learningRate, double momentum = 0, double weightDecay = 0) : IOptimizer
{
    public double LearningRate { get; set; } = learningRate;

    private readonly double[] _buffer = new double[dimension];
    private bool _started;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i] + weightDecay * parameters[i];
            if (momentum != 0) g = _buffer[i] = _started ? momentum * _buffer[i] + g : g;
            parameters[i] -= LearningRate * g;
        }
        _started = true;
    }
}

/// <summary>SignSGD: θ ← θ − η·sign(g) (sign(0) = 0).</summary>
public sealed class SignSgd(double learningRate) : IOptimizer
{
    public double LearningRate { get; set; } = learningRate;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i] -= LearningRate * Math.Sign(gradient[i]);
    }
}

/// <summary>
/// torch.optim.RMSprop (centered = false, no momentum): v ← αv + (1 − α)g²; θ ← θ − ηg/(√v + ε), with
/// L2 weight decay g ← g + λθ, or — RMSpropW — decoupled decay θ ← θ(1 − ηλ) before the step. v starts at 0
/// unless a warm start is given (PyTorch has none; SDE comparisons need one, the SDE being singular at v = 0).
/// </summary>
public sealed class RmsProp(int dimension, double learningRate, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, bool decoupled = false, double[]? initialSecondMoment = null) : IOptimizer
{
    private readonly double[] _v = initialSecondMoment is null ? new double[dimension] : (double[])initialSecondMoment.Clone();

    public double LearningRate { get; set; } = learningRate;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (decoupled) parameters[i] *= 1 - LearningRate * weightDecay;
            else g += weightDecay * parameters[i];
            _v[i] = alpha * _v[i] + (1 - alpha) * g * g;
            parameters[i] -= LearningRate * g / (Math.Sqrt(_v[i]) + epsilon);
        }
    }
}

/// <summary>
/// torch.optim.Adam / AdamW: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). Adam adds L2 decay to the gradient; AdamW (decoupled) first
/// shrinks θ ← θ(1 − ηλ).
/// </summary>
public sealed class Adam(int dimension, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool decoupled = false) : IOptimizer
{
    public double LearningRate { get; set; } = learningRate;

    private readonly double[] _m = new double[dimension];
    private readonly double[] _v = new double[dimension];
    private int _t;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _t++;
        var correction1 = 1 - Math.Pow(beta1, _t);
        var correction2 = 1 - Math.Pow(beta2, _t);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (decoupled) parameters[i] *= 1 - LearningRate * weightDecay;
            else g += weightDecay * parameters[i];
            _m[i] = beta1 * _m[i] + (1 - beta1) * g;
            _v[i] = beta2 * _v[i] + (1 - beta2) * g * g;
            parameters[i] -= LearningRate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + epsilon);
        }
    }
}
