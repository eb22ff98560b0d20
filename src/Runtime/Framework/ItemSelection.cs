using System.Globalization;
using System.Text;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// Chosen work items of a run: listed by index, or a deterministic sample. Work item i is cell ⌊i/R⌋ of the grid's
/// fixed order and replicate i mod R (R replicates). Each item keeps its own stream (a function of its parameters,
/// replicate and master seed only), so its rows are exactly those a run of every item writes for it.
/// </summary>
public sealed class ItemSelection
{
    private readonly IReadOnlyList<(int First, int Last)>? _ranges;
    private readonly int _sample;

    private ItemSelection(IReadOnlyList<(int, int)>? ranges, int sample)
    {
        _ranges = ranges;
        _sample = sample;
    }

    /// <summary>
    /// Whether the chosen items of an experiment with a horizon (<see cref="HorizonAttribute"/>) run only to its spot-check
    /// value, their rows compared only up to it.
    /// </summary>
    public bool ToHorizon { get; private init; }

    /// <summary>The same items, each run only to the experiment's horizon (if it declares one).</summary>
    public ItemSelection UpToHorizon() => new(_ranges, _sample) { ToHorizon = true };

    /// <summary>
    /// <paramref name="count"/> items chosen by their keys alone: each item is ranked by the hash (<see cref="StreamKey.Hash"/>) of
    /// "sample", the experiment id, its parameter values sorted by name and its replicate, and the lowest ranks are taken.
    /// Every machine, thread count and shard picks the same items; a larger sample contains a smaller one; neither version
    /// nor seed moves it, so a spot-check of a stored artifact re-runs the items its earlier checks ran.
    /// </summary>
    public static ItemSelection Sample(int count) =>
        count >= 1 ? new ItemSelection(null, count) : throw new ExperimentException($"--sample must be at least 1 (got {count}).");

    /// <summary>Item indices and ranges, e.g. "0,5,10-12".</summary>
    public static ItemSelection Parse(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(','))
        {
            var bounds = part.Split('-');
            if (bounds.Length is 1 or 2 && bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                var last = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
                if (first <= last)
                {
                    ranges.Add((first, last));
                    continue;
                }
            }
            throw new ExperimentException($"'{text}' is not a list of work items: write indices and ranges, e.g. 0,5,10-12.");
        }
        return new ItemSelection(ranges, 0);
    }

    /// <summary>The chosen item indices, ascending, for a grid with <paramref name="replicates"/> replicates per cell.</summary>
    public IReadOnlyList<int> Resolve(ExperimentDefinition definition, Grid grid, int replicates)
    {
        var total = grid.Cells.Count * replicates;
        if (_ranges is null)
            return Enumerable.Range(0, total).OrderBy(i => StreamKey.Hash(SampleKey(definition, grid.Cells[i / replicates], i % replicates))).ThenBy(i => i)
                .Take(_sample).Order().ToArray();
        if (_ranges.Max(r => r.Last) is var last && last >= total)
            throw new ExperimentException($"{definition.Id} has work items 0–{total - 1} at this profile; item {last} does not exist.");
        return _ranges.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).Distinct().Order().ToArray();
    }

    /// <summary>The partial-artifact marker of the chosen items: their keys in the artifact's parameter and replicate columns.</summary>
    internal string Marker(ExperimentDefinition definition, Grid grid, int replicates, IReadOnlyList<int> items)
    {
        var columns = definition.Schema.Columns.Take(grid.Axes.Count).Select(c => c.Name).Append(ExperimentDefinition.ReplicateColumn).ToArray();
        var keys = items.Select(item =>
        {
            var cell = grid.Cells[item / replicates];
            var values = grid.Axes.Select((axis, a) =>
            {
                var column = ColumnVector.Create(definition.Schema.Columns[a].Type, 1);
                axis.AppendTo(column, cell.ValueIndices[a]);
                return column.Format(0); // as the diff formats the stored column
            }).Append(ColumnVector.FormatValue(ColumnType.Int32, item % replicates));
            return PartialItems.ItemKey(columns.Zip(values));
        }).ToArray();
        var horizon = ToHorizon && definition.HorizonAxis is { } axis ? definition.Parameters[axis].Horizon : null;
        return new PartialItems(grid.Cells.Count * replicates, columns, keys, horizon?.Column, horizon?.SpotCheckAt).ToJson();
    }

    private static string SampleKey(ExperimentDefinition definition, GridCell cell, int replicate)
    {
        var key = new StringBuilder("sample\n").Append(definition.Id).Append('\n');
        foreach (var (axis, index) in cell.Grid.Axes.Select((a, i) => (a, cell.ValueIndices[i])).OrderBy(x => x.a.Parameter.Name, StringComparer.Ordinal))
            key.Append(axis.Parameter.Name).Append('=').Append(axis.Format(index)).Append('\n');
        return key.Append("replicate=").Append(replicate).ToString();
    }

    public override string ToString() => (_ranges is null
        ? $"sample of {_sample}"
        : "items " + string.Join(",", _ranges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}"))) + (ToHorizon ? " to the horizon" : "");
}
