using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ReproHeavyTails.Randomness;

/// <summary>
/// Derives the 64-bit seed of a random stream from a canonical text of everything that identifies it
/// (experiment id, version, parameter values, replicate, master seed, purpose). The text is UTF-8
/// encoded and folded 8 bytes at a time through SplitMix64's mixer; see docs/determinism.md.
/// </summary>
public static class StreamKey
{
    public static ulong Hash(string canonical)
    {
        var bytes = Encoding.UTF8.GetBytes(canonical);
        var h = SplitMix64.Mix(SplitMix64.Gamma ^ (ulong)bytes.Length);
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < bytes.Length; i += 8)
        {
            word.Clear();
            bytes.AsSpan(i, Math.Min(8, bytes.Length - i)).CopyTo(word);
            h = SplitMix64.Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(word)) + SplitMix64.Gamma;
        }
        return SplitMix64.Mix(h);
    }

    /// <summary>Canonical text of a value: round-trip invariant numbers, lower-case booleans.</summary>
    public static string Canonical(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
