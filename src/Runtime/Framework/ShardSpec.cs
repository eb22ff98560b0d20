using System.Globalization;

namespace ReproHeavyTails.Framework;

/// <summary>Shard k of N (1-based): the work items whose index is ≡ k−1 (mod N). N shards cover every item once.</summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    internal bool Owns(int item) => item % Count == Index - 1;

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
            return new ShardSpec(k, n);
        throw new ExperimentException($"'{text}' is not a shard: write k/N with 1 ≤ k ≤ N, e.g. 2/3.");
    }

    public override string ToString() => $"{Index}/{Count}";
}
