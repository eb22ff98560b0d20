namespace ReproHeavyTails.Framework.Claims;

/// <summary>Holm's step-down adjustment: rejecting where the adjusted p-value is below α keeps the family-wise error at α.</summary>
internal static class Holm
{
    /// <summary>Adjusted p-values, in the input order: p̃_(k) = max over j ≤ k of min(1, (m − j + 1)·p_(j)).</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
