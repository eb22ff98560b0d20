namespace ReproHeavyTails.Symmetry;

/// <summary>A model whose parameters θ are one flat vector, trained on a <see cref="Dataset"/>.</summary>
public interface IModel
{
    int ParameterCount { get; }

    /// <summary>Adds the gradient of the per-sample loss of sample <paramref name="index"/>, times <paramref name="weight"/>, to <paramref name="gradient"/>; returns that loss.</summary>
    double AccumulateGradient(ReadOnlySpan<double> theta, Dataset data, int index, double weight, Span<double> gradient);
}
