namespace ReproHeavyTails.Cli;

/// <summary>"Did you mean …?" for a mistyped command, option or experiment id: the closest known names by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>" (did you mean x?)", or "" when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> known)
    {
        var bare = typed.TrimStart('-');
        var close = known.Distinct()
            .Select(name => (name, distance: Distance(bare, name.TrimStart('-'))))
            .Where(c => c.distance <= Math.Max(1, bare.Length / 3) || c.name.TrimStart('-').StartsWith(bare, StringComparison.Ordinal) && bare.Length >= 2)
            .OrderBy(c => c.distance).ThenBy(c => c.name, StringComparer.Ordinal)
            .Take(3).Select(c => c.name).ToList();
        return close.Count == 0 ? "" : $" (did you mean {string.Join(" or ", close)}?)";
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
