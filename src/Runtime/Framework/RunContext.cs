using ReproHeavyTails.Numerics;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.Framework;

/// <summary>What a run method receives: its cell's random stream, replicate, cancellation and progress.</summary>
public sealed class RunContext
{
    private readonly string _streamKey;
    private readonly string _sharedKey;
    private readonly Action<double>? _progress;

    internal RunContext(string streamKey, string sharedKey, Profile profile, int replicate, CancellationToken cancellation, Action<double>? progress)
    {
        _streamKey = streamKey;
        _sharedKey = sharedKey;
        _progress = progress;
        Profile = profile;
        Replicate = replicate;
        Cancellation = cancellation;
        Random = Rng.ForKey(streamKey);
    }

    /// <summary>The stream of this cell and replicate: a function of experiment, version, parameters, replicate and master seed only.</summary>
    public Rng Random { get; }

    public Profile Profile { get; }

    public int Replicate { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>An independent stream of this cell and replicate for a named purpose ("data", "init", ...).</summary>
    public Rng Stream(string purpose) => Rng.ForKey(_streamKey + "\npurpose=" + purpose);

    /// <summary>
    /// A stream shared by every cell of this replicate that passes the same purpose and keys: common random
    /// numbers, e.g. the same data set across a learning-rate sweep.
    /// </summary>
    public Rng SharedStream(string purpose, params object?[] keys) =>
        Rng.ForKey(_sharedKey + "\npurpose=" + purpose + "\n" + string.Join("\n", keys.Select(StreamKey.Canonical)));

    /// <summary>Reports progress within the cell, from 0 to 1.</summary>
    public void ReportProgress(double fraction) => _progress?.Invoke(Math.Clamp(fraction, 0, 1));

    /// <summary>
    /// A value that may be undefined rather than diverged (a theory's prediction with no solution, an index beyond
    /// the search range), as null when it is NaN or infinite: the host records a non-finite value in a row as a
    /// divergence, so such a value goes into a nullable column.
    /// </summary>
    public static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Throws <see cref="DivergedException"/> when <paramref name="value"/> is NaN or infinite.</summary>
    public static void CheckFinite(double value, string what)
    {
        if (!double.IsFinite(value)) throw new DivergedException($"{what} became {value}");
    }
}
