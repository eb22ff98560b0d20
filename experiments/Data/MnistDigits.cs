namespace ReproHeavyTails.Experiments.Data;

/// <summary>Pooled MNIST digits with centred one-hot targets (e_label − 1/10) and each input's squared norm.</summary>
internal sealed class MnistDigits(double[] x, double[] y, int[] labels, int inputs)
{
    private const int Outputs = Mnist.Classes;

    public int Inputs { get; } = inputs;

    public int Count => labels.Length;

    public readonly double[] NormSquared = Enumerable.Range(0, labels.Length).Select(i => x.AsSpan(i * inputs, inputs).ToArray().Sum(v => v * v)).ToArray();

    public ReadOnlySpan<double> Input(int i) => x.AsSpan(i * Inputs, Inputs);

    public ReadOnlySpan<double> Target(int i) => y.AsSpan(i * Outputs, Outputs);

    public int Label(int i) => labels[i];

    /// <summary>Images first … first + perDigit − 1 of every digit.</summary>
    public static MnistDigits Load(int first, int perDigit, int pool)
    {
        var (all, allLabels, side) = Mnist.Pooled(first + perDigit, pool);
        var inputs = side * side;
        var keep = Enumerable.Range(0, allLabels.Length).Where(i => i % (first + perDigit) >= first).ToArray();
        var x = keep.SelectMany(i => all.AsSpan(i * inputs, inputs).ToArray()).ToArray();
        var labels = keep.Select(i => allLabels[i]).ToArray();
        var y = labels.SelectMany(l => Enumerable.Range(0, Outputs).Select(o => (o == l ? 1.0 : 0.0) - 1.0 / Outputs)).ToArray();
        return new MnistDigits(x, y, labels, inputs);
    }
}
