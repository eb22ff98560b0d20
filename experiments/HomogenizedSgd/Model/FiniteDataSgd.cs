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

    /// <summary>
    /// Per chain, the last iterate and the average of the iterates after burn-in, both minus the solution, each as
    /// e^{scale}·vector (rows of <see cref="Dimension"/> values in <c>Last</c> and <c>Average</c>, one log-scale ≥ 0 per
    /// chain), so that runs which grow without bound are represented exactly instead of overflowing; and each chain's
    /// growth rate of ln‖x − x_LS‖ per step after burn-in.
    /// </summary>
    public sealed record Runs(double[] Last, double[] LastLogScales, double[] Average, double[] AverageLogScales, int Dimension, double[] GrowthRates);

    /// <summary>
    /// The iterate is kept as x = e^L·v: the step is affine in x, so v takes the step with the data term b scaled by
    /// e^{−L}, and v is renormalised (L grows) whenever its largest entry passes 2^{500}. Nothing overflows however
    /// fast a run grows; while L = 0 (a run that never reaches 2^{500}) the arithmetic is that of x itself.
    /// </summary>
    public Runs Run(double learningRate, int batchSize, int chains, int steps, int burnIn, double initScale, Rng rng, CancellationToken cancellation = default)
    {
        if (batchSize < 1 || batchSize > Count) throw new ArgumentOutOfRangeException(nameof(batchSize), $"B must lie in [1, {Count}].");
        if (burnIn < 0 || burnIn >= steps) throw new ArgumentOutOfRangeException(nameof(burnIn));
        var d = Dimension;
        var last = new double[chains * d];
        var average = new double[chains * d];
        var lastScales = new double[chains];
        var averageScales = new double[chains];
        var growth = new double[chains];
        var v = new double[d];
        var sum = new double[d];     // Σ x after burn-in = e^{sumScale}·sum
        Span<double> gradient = new double[d];
        var order = Enumerable.Range(0, Count).ToArray();
        for (var chain = 0; chain < chains; chain++)
        {
            for (var i = 0; i < d; i++) v[i] = initScale * rng.NextGaussian();
            Array.Clear(sum);
            double scale = 0, sumScale = 0, logNormAtBurnIn = 0;
            for (var step = 1; step <= steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                gradient.Clear();
                var targetFactor = Math.Exp(-scale);
                for (var b = 0; b < batchSize; b++)
                {
                    // Partial Fisher–Yates: positions b.. of a running permutation give B distinct rows.
                    var j = b + rng.NextInt(Count - b);
                    (order[b], order[j]) = (order[j], order[b]);
                    var row = _rows.AsSpan(order[b] * d, d);
                    var residual = Vectors.Dot(row, v) - targetFactor * _targets[order[b]];
                    TensorPrimitives.MultiplyAdd(row, residual, gradient, gradient);
                }
                if (Ridge != 0) TensorPrimitives.Multiply(v, 1 - learningRate * Ridge, v);
                TensorPrimitives.MultiplyAdd(gradient, -learningRate / batchSize, v, v);
                var largest = TensorPrimitives.MaxMagnitude(v);
                if (!double.IsFinite(largest)) throw new InvalidOperationException($"SGD produced a non-finite iterate at step {step} despite renormalisation.");
                if (largest > Renormalise)
                {
                    TensorPrimitives.Multiply(v, 1 / largest, v);
                    scale += Math.Log(largest);
                }
                if (step <= burnIn) continue;
                AddScaled(sum, ref sumScale, v, scale);
                if (step == burnIn + 1) logNormAtBurnIn = LogDistanceToSolution(v, scale, gradient);
            }
            var logNorm = LogDistanceToSolution(v, scale, gradient);
            growth[chain] = (logNorm - logNormAtBurnIn) / (steps - burnIn - 1);
            (lastScales[chain], averageScales[chain]) = (scale, sumScale);
            Deviation(v, scale, last.AsSpan(chain * d, d));
            TensorPrimitives.Divide(sum, steps - burnIn, sum);
            Deviation(sum, sumScale, average.AsSpan(chain * d, d));
        }
        return new Runs(last, lastScales, average, averageScales, d, growth);
    }

    private const double Renormalise = 3.273390607896142e150; // 2^500

    /// <summary>e^{sumScale}·sum += e^{scale}·v, rescaling whichever side is smaller (exact while both scales are 0).</summary>
    private static void AddScaled(double[] sum, ref double sumScale, double[] v, double scale)
    {
        if (scale == sumScale) TensorPrimitives.Add(sum, v, sum);
        else if (scale < sumScale) TensorPrimitives.MultiplyAdd(v, Math.Exp(scale - sumScale), sum, sum);
        else
        {
            TensorPrimitives.MultiplyAdd(sum, Math.Exp(sumScale - scale), v, sum);
            sumScale = scale;
        }
    }

    /// <summary>The unit-scale part of e^{scale}·x − x_LS = e^{scale}·(x − e^{−scale}·x_LS), written to <paramref name="destination"/>.</summary>
    private void Deviation(ReadOnlySpan<double> x, double scale, Span<double> destination)
    {
        var factor = Math.Exp(-scale);
        for (var i = 0; i < x.Length; i++) destination[i] = x[i] - factor * Solution[i];
    }

    private double LogDistanceToSolution(double[] v, double scale, Span<double> buffer)
    {
        Deviation(v, scale, buffer);
        return scale + Math.Log(Vectors.Norm(buffer));
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
