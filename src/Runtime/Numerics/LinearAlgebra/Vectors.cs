namespace ReproHeavyTails.LinearAlgebra;

public static class Vectors
{
    /// <summary>
    /// Σ aᵢbᵢ in one fixed order (four interleaved partial sums, then ((s₀ + s₁) + (s₂ + s₃)) + the tail), whatever the
    /// CPU: TensorPrimitives.Dot sums in the order of the machine's vector width, so its last bits differ between
    /// machines with and without AVX2 (docs/determinism.md).
    /// </summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of length {a.Length} and {b.Length}");
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        var sum = (s0 + s1) + (s2 + s3);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

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
