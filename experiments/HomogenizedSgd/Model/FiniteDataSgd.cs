using ReproHeavyTails.LinearAlgebra;
using System.Numerics.Tensors;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Minibatch SGD on a fixed data set (A, b), n rows, the setup of Gurbuzbalaban, Simsekli &amp; Zhu (2021):
/// each step draws B distinct rows (without replacement within the batch) and takes
/// x ← x − γ[(1/B) Σ a_i(a_i·x − b_i) + δx]. Chains start at <c>initScale</c>·N(0, I).
/// </summary>
public sealed class FiniteDataSgd
{
    private readonly double[] _rows;     // n × d, row-major
    private readonly double[] _targets;

    public FiniteDataSgd(double[] rows, double[] targets, int dimension, double ridge)
    {
        if (rows.Length != targets.Length * dimension) throw new ArgumentException("rows must hold n × d values for n targets.");
        _rows = rows;
        _targets = targets;
        Dimension = dimension;
        Ridge = ridge;
        Solution = SolveRidge();
    }

    public int Dimension { get; }

    public int Count => _targets.Length;

    public double Ridge { get; }

    /// <summary>The minimiser of (1/2n)‖Ax − b‖² + (δ/2)‖x‖², from the normal equations (Cholesky).</summary>
    public double[] Solution { get; }

    /// <summary>Gaussian data as GSZ generate it: a ~ N(0, σ_a²I), x₀ ~ targetScale·N(0, I), b = a·x₀ + noiseStd·N(0, 1).</summary>
    public static FiniteDataSgd Gaussian(int n, int d, double dataStd, double targetScale, double noiseStd, double ridge, Rng rng)
    {
        var x0 = new double[d];
        for (var i = 0; i < d; i++) x0[i] = targetScale * rng.NextGaussian();
        var rows = new double[n * d];
        var targets = new double[n];
        for (var r = 0; r < n; r++)
        {
            var dot = 0.0;
            for (var i = 0; i < d; i++)
            {
                var v = dataStd * rng.NextGaussian();
                rows[r * d + i] = v;
                dot += v * x0[i];
            }
            targets[r] = dot + noiseStd * rng.NextGaussian();
        }
        return new FiniteDataSgd(rows, targets, d, ridge);
    }

    /// <summary>Per chain: the last iterate and the average of the iterates after burn-in, both minus the solution.</summary>
    public sealed record Runs(double[] Last, double[] Average, int Dimension, int DivergedChains, double[] GrowthRates);

    public Runs Run(double learningRate, int batchSize, int chains, int steps, int burnIn, double initScale, Rng rng, CancellationToken cancellation = default)
    {
        if (batchSize < 1 || batchSize > Count) throw new ArgumentOutOfRangeException(nameof(batchSize), $"B must lie in [1, {Count}].");
        if (burnIn < 0 || burnIn >= steps) throw new ArgumentOutOfRangeException(nameof(burnIn));
        var d = Dimension;
        var last = new List<double>(chains * d);
        var average = new List<double>(chains * d);
        var growth = new List<double>(chains);
        var diverged = 0;
        var x = new double[d];
        var sum = new double[d];
        Span<double> gradient = new double[d];
        var order = Enumerable.Range(0, Count).ToArray();
        for (var chain = 0; chain < chains; chain++)
        {
            for (var i = 0; i < d; i++) x[i] = initScale * rng.NextGaussian();
            Array.Clear(sum);
            var normAtBurnIn = 0.0;
            var ok = true;
            for (var step = 1; step <= steps && ok; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                gradient.Clear();
                for (var b = 0; b < batchSize; b++)
                {
                    // Partial Fisher–Yates: positions b.. of a running permutation give B distinct rows.
                    var j = b + rng.NextInt(Count - b);
                    (order[b], order[j]) = (order[j], order[b]);
                    var row = _rows.AsSpan(order[b] * d, d);
                    var residual = Vectors.Dot(row, x) - _targets[order[b]];
                    TensorPrimitives.MultiplyAdd(row, residual, gradient, gradient);
                }
                if (Ridge != 0) TensorPrimitives.Multiply(x, 1 - learningRate * Ridge, x);
                TensorPrimitives.MultiplyAdd(gradient, -learningRate / batchSize, x, x);
                // MaxMagnitude is NaN when any entry is NaN, so the comparison catches both blow-ups.
                if (!(TensorPrimitives.MaxMagnitude(x) < 1e100)) ok = false;
                else if (step > burnIn)
                {
                    TensorPrimitives.Add(sum, x, sum);
                    if (step == burnIn + 1) normAtBurnIn = DistanceToSolution(x);
                }
            }
            if (!ok)
            {
                diverged++;
                continue;
            }
            for (var i = 0; i < d; i++)
            {
                last.Add(x[i] - Solution[i]);
                average.Add(sum[i] / (steps - burnIn) - Solution[i]);
            }
            growth.Add(Math.Log(DistanceToSolution(x) / normAtBurnIn) / (steps - burnIn - 1));
        }
        return new Runs([.. last], [.. average], d, diverged, [.. growth]);
    }

    private double DistanceToSolution(double[] x)
    {
        Span<double> diff = stackalloc double[x.Length];
        for (var i = 0; i < x.Length; i++) diff[i] = x[i] - Solution[i];
        return Vectors.Norm(diff);
    }

    private double[] SolveRidge()
    {
        var d = Dimension;
        var n = Count;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, d, (r, c) => _rows[r * d + c]);
        var gram = a.TransposeThisAndMultiply(a) / n + Ridge * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(d);
        var rhs = a.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(_targets)) / n;
        return gram.Cholesky().Solve(rhs).ToArray();
    }
}
