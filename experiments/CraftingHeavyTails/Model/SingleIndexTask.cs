using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>Inputs X (rows x ~ N(0, I_d)) with labels y = softplus(β*·x) + ε, ε ~ N(0, noise²).</summary>
public sealed record LabelledData(Matrix X, double[] Y)
{
    public int Count => X.Rows;
}

/// <summary>
/// The single-index teacher of Kothapalli et al.: a direction β* ~ N(0, I_d) normalised to ‖β*‖ = 1, labels
/// softplus(β*·x) plus Gaussian label noise. Train, probe and test sets are drawn independently.
/// </summary>
public sealed class SingleIndexTeacher
{
    private SingleIndexTeacher(double[] direction, double labelNoise)
    {
        Direction = direction;
        LabelNoise = labelNoise;
    }

    public double[] Direction { get; }

    public double LabelNoise { get; }

    public int Dimension => Direction.Length;

    public static SingleIndexTeacher Draw(int dimension, double labelNoise, Rng rng)
    {
        var beta = new double[dimension];
        for (var i = 0; i < dimension; i++) beta[i] = rng.NextGaussian();
        var norm = Vectors.Norm(beta);
        for (var i = 0; i < dimension; i++) beta[i] /= norm;
        return new SingleIndexTeacher(beta, labelNoise);
    }

    public LabelledData Sample(int count, Rng rng)
    {
        var x = new Matrix(count, Dimension);
        var y = new double[count];
        for (var s = 0; s < count; s++)
        {
            var row = x.Row(s);
            var z = 0.0;
            for (var j = 0; j < Dimension; j++)
            {
                row[j] = rng.NextGaussian();
                z += row[j] * Direction[j];
            }
            y[s] = Softplus(z) + LabelNoise * rng.NextGaussian();
        }
        return new LabelledData(x, y);
    }

    /// <summary>ln(1 + eᶻ), without overflow for large z.</summary>
    public static double Softplus(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));
}
