namespace ReproHeavyTails.LinearAlgebra;

internal static class Vectors
{
    /// <summary>Euclidean norm scaled by the largest entry, so diverging iterates do not overflow when squared.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        var max = 0.0;
        foreach (var x in v) max = Math.Max(max, Math.Abs(x));
        if (max == 0 || !double.IsFinite(max)) return max;
        var sum = 0.0;
        foreach (var x in v) sum += (x / max) * (x / max);
        return max * Math.Sqrt(sum);
    }

    /// <summary>Whether every entry is a finite number (a simulator's whole state, not one coordinate of it).</summary>
    public static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v)
            if (!double.IsFinite(x)) return false;
        return true;
    }

    /// <summary>A chain counts as diverged once an entry is non-finite or beyond 1e100 (squares would overflow soon).</summary>
    public static bool Diverged(ReadOnlySpan<double> v)
    {
        foreach (var x in v)
            if (!(Math.Abs(x) < 1e100)) return true;
        return false;
    }
}
