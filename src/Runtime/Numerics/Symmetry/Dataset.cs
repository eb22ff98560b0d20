using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Symmetry;

/// <summary>
/// A fixed regression data set (n inputs of size <see cref="Inputs"/>, n targets of size <see cref="Outputs"/>),
/// row-major. Gradient descent uses all of it; SGD samples minibatches from it, which is where its noise comes from.
/// </summary>
public sealed class Dataset(double[] x, double[] y, int inputs, int outputs)
{
    public double[] X { get; } = x;

    public double[] Y { get; } = y;

    public int Inputs { get; } = inputs;

    public int Outputs { get; } = outputs;

    public int Count => X.Length / Inputs;

    public ReadOnlySpan<double> Input(int i) => X.AsSpan(i * Inputs, Inputs);

    public ReadOnlySpan<double> Target(int i) => Y.AsSpan(i * Outputs, Outputs);

    /// <summary>
    /// Input covariance diag(λ) with λ_j ∝ φ^{−j/(i−1)} scaled to trace i (φ = 1 is isotropic); targets
    /// y = Mx + ε, M a teacher with N(0, 1/i) entries, ε ~ N(0, noise²I).
    /// </summary>
    public static Dataset Teacher(int n, int inputs, int outputs, double anisotropy, double noise, Rng rng)
    {
        var spectrum = InputSpectrum(inputs, anisotropy);
        var teacher = new double[outputs * inputs];
        for (var k = 0; k < teacher.Length; k++) teacher[k] = rng.NextGaussian() / Math.Sqrt(inputs);
        var x = new double[n * inputs];
        var y = new double[n * outputs];
        for (var s = 0; s < n; s++)
        {
            for (var j = 0; j < inputs; j++) x[s * inputs + j] = Math.Sqrt(spectrum[j]) * rng.NextGaussian();
            for (var o = 0; o < outputs; o++)
            {
                var value = noise * rng.NextGaussian();
                for (var j = 0; j < inputs; j++) value += teacher[o * inputs + j] * x[s * inputs + j];
                y[s * outputs + o] = value;
            }
        }
        return new Dataset(x, y, inputs, outputs);
    }

    /// <summary>Matrix factorization as regression: one-hot inputs e_j (uniform j), targets the column Me_j plus noise.</summary>
    public static Dataset Factorization(int n, double[] matrix, int rows, int columns, double noise, Rng rng)
    {
        var x = new double[n * columns];
        var y = new double[n * rows];
        for (var s = 0; s < n; s++)
        {
            var j = rng.NextInt(columns);
            x[s * columns + j] = 1;
            for (var o = 0; o < rows; o++) y[s * rows + o] = matrix[o * columns + j] + noise * rng.NextGaussian();
        }
        return new Dataset(x, y, columns, rows);
    }

    public static double[] InputSpectrum(int inputs, double anisotropy)
    {
        var raw = Enumerable.Range(0, inputs).Select(j => inputs == 1 ? 1 : Math.Pow(anisotropy, -(double)j / (inputs - 1))).ToArray();
        var mean = raw.Average();
        return raw.Select(v => v / mean).ToArray();
    }

    /// <summary>The empirical input covariance E[xxᵀ] (i × i, row-major).</summary>
    public double[] InputCovariance()
    {
        var c = new double[Inputs * Inputs];
        for (var s = 0; s < Count; s++)
        {
            var x = Input(s);
            for (var a = 0; a < Inputs; a++)
                for (var b = 0; b < Inputs; b++) c[a * Inputs + b] += x[a] * x[b] / Count;
        }
        return c;
    }
}
