using ReproHeavyTails.LinearAlgebra;

namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Snapshots of chains' deviations x − x* (row by row, <see cref="Dimension"/> values each), plus the
/// chains that diverged (a non-finite or astronomically large iterate) and were stopped.
/// </summary>
public sealed class IterateSamples(int dimension)
{
    private readonly List<double> _values = [];
    private readonly List<int> _chainStarts = [];

    public int Dimension { get; } = dimension;

    public int Count => _values.Count / Dimension;

    public int DivergedChains { get; internal set; }

    public ReadOnlySpan<double> Values => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values);

    internal void StartChain() => _chainStarts.Add(Count);

    internal void Add(ReadOnlySpan<double> row) => _values.AddRange(row);

    /// <summary>
    /// The snapshots reordered so that neighbours come from different chains (first snapshot of every
    /// chain, then the second, …): estimators that sum consecutive samples, such as the block-sum
    /// estimator, then see independent neighbours.
    /// </summary>
    public double[] Interleaved()
    {
        var starts = _chainStarts.Append(Count).ToArray();
        var result = new double[_values.Count];
        var next = 0;
        for (var rank = 0; next < Count; rank++)
            for (var c = 0; c + 1 < starts.Length; c++)
                if (starts[c] + rank < starts[c + 1])
                    Values.Slice((starts[c] + rank) * Dimension, Dimension).CopyTo(result.AsSpan(next++ * Dimension));
        return result;
    }

    /// <summary>‖x − x*‖ of every snapshot, overflow-safe.</summary>
    public double[] Norms()
    {
        var norms = new double[Count];
        for (var i = 0; i < norms.Length; i++) norms[i] = Vectors.Norm(Values.Slice(i * Dimension, Dimension));
        return norms;
    }

    /// <summary>One coordinate of every snapshot (in the covariance eigenbasis).</summary>
    public double[] Coordinate(int index)
    {
        var values = new double[Count];
        for (var i = 0; i < values.Length; i++) values[i] = Values[i * Dimension + index];
        return values;
    }
}
