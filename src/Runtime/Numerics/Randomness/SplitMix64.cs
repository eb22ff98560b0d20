namespace ReproHeavyTails.Randomness;

/// <summary>
/// Steele, Lea &amp; Flood's SplitMix64: used to expand one 64-bit seed into a generator state and to
/// mix hashed inputs. Pinned here so that streams never change with a library upgrade.
/// </summary>
internal static class SplitMix64
{
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function (variant 13 of Stafford's mixers).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Advances <paramref name="state"/> by the golden gamma and returns the mixed value.</summary>
    public static ulong Next(ref ulong state) => Mix(state += Gamma);
}
