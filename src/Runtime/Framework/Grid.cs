using System.Text.Json;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The resolved parameter grid of one run. Ungrouped parameters and zip groups are factors; cells are
/// their cartesian product with the first-declared factor varying slowest. The order is fixed.
/// </summary>
public sealed class Grid
{
    internal Grid(IReadOnlyList<GridAxis> axes)
    {
        Axes = axes;
        var factors = new List<int[]>(); // each factor: the axes it moves
        foreach (var group in axes.Select((a, i) => (a, i)).GroupBy(x => x.a.Parameter.ZipGroup ?? "\0" + x.i))
        {
            var members = group.Select(x => x.i).ToArray();
            var lengths = members.Select(m => axes[m].Count).Distinct().ToArray();
            if (lengths.Length > 1)
                throw new ExperimentException($"Zip group '{group.Key}' has parameters with different numbers of values: " +
                    string.Join(", ", members.Select(m => $"{axes[m].Parameter.Name} ({axes[m].Count})")) + ".");
            factors.Add(members);
        }
        foreach (var axis in axes)
            if (axis.Count == 0) throw new ExperimentException($"Parameter {axis.Parameter.Name} has no values: the grid is empty.");
        foreach (var factor in factors) RequireDistinct(axes, factor);

        var cells = new List<GridCell>();
        var counter = new int[factors.Count];
        var total = factors.Aggregate(1L, (n, f) => n * axes[f[0]].Count);
        if (total > 10_000_000) throw new ExperimentException($"The grid has {total} cells; more than 10⁷ is surely a mistake.");
        for (var c = 0; c < total; c++)
        {
            var indices = new int[axes.Count];
            for (var f = 0; f < factors.Count; f++)
                foreach (var axis in factors[f]) indices[axis] = counter[f];
            cells.Add(new GridCell(this, c, indices));
            for (var f = factors.Count - 1; f >= 0; f--)
            {
                if (++counter[f] < axes[factors[f][0]].Count) break;
                counter[f] = 0;
            }
        }
        Cells = cells;
    }

    /// <summary>
    /// A value listed twice (or a zip group's tuple) would give two cells the same parameters, so two rows the
    /// same key in one artifact; the cells of a product of distinct factors are distinct.
    /// </summary>
    private static void RequireDistinct(IReadOnlyList<GridAxis> axes, int[] factor)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var v = 0; v < axes[factor[0]].Count; v++)
        {
            var value = string.Join(", ", factor.Select(a => $"{axes[a].Parameter.Name}={axes[a].Format(v)}"));
            if (!seen.TryAdd(value, v))
                throw new ExperimentException($"The grid lists {value} twice (values {seen[value] + 1} and {v + 1}); two cells would write rows with the same key. List each value once.");
        }
    }

    internal IReadOnlyList<GridAxis> Axes { get; }

    public IReadOnlyList<GridCell> Cells { get; }

    /// <summary>JSON list of {name, column, zip, values}: recorded in every artifact.</summary>
    internal string ToJson() => JsonSerializer.Serialize(Axes.Select(a => new OrderedDictionary<string, object?>
    {
        ["name"] = a.Parameter.Name,
        ["column"] = a.Parameter.Column,
        ["zip"] = a.Parameter.ZipGroup,
        ["values"] = Enumerable.Range(0, a.Count).Select(a.Format).ToArray(),
    }));
}
