using System.Collections;

namespace ReproHeavyTails.Framework;

/// <summary>An experiment's full result table, as its claims see it.</summary>
public sealed class ResultTable<TExperiment, TRow>(IReadOnlyList<Result<TExperiment, TRow>> rows)
    : IReadOnlyList<Result<TExperiment, TRow>>
{
    public int Count => rows.Count;

    public Result<TExperiment, TRow> this[int index] => rows[index];

    /// <summary>Rows of cells that did not diverge, as (cell, row) pairs.</summary>
    public IEnumerable<(TExperiment Cell, TRow Row)> Completed =>
        rows.Where(r => !r.Diverged).Select(r => (r.Cell, r.Value!));

    /// <summary>The same rows with their replicate, for claims that pair measurements within a replicate.</summary>
    public IEnumerable<(TExperiment Cell, int Replicate, TRow Row)> CompletedWithReplicates =>
        rows.Where(r => !r.Diverged).Select(r => (r.Cell, r.Replicate, r.Value!));

    public int DivergedCount => rows.Count(r => r.Diverged);

    public IEnumerator<Result<TExperiment, TRow>> GetEnumerator() => rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
