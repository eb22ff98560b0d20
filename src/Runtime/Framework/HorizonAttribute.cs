namespace ReproHeavyTails.Framework;

/// <summary>
/// Marks an int parameter as a horizon (a number of steps): a run with the parameter at v writes exactly the rows whose
/// <paramref name="rowColumn"/> (a row property, by nameof) is at most v that a run with it beyond v writes, from the
/// same streams. Nothing the run does before step v may depend on how far it goes (no schedule over the whole run, no
/// measurement only at the end). <c>repro spot-check</c> then re-runs its sampled items only to
/// <paramref name="spotCheckAt"/> (a value the longer runs also record) and compares those rows: evidence for an item of
/// hours in seconds. Should the promise not hold, the check finds rows that differ; it never passes on them.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class HorizonAttribute(string rowColumn, int spotCheckAt) : Attribute
{
    public string RowColumn { get; } = rowColumn;

    public int SpotCheckAt { get; } = spotCheckAt;
}

/// <summary>A horizon parameter's bound column (the artifact column name) and the value a spot-check runs its items to.</summary>
public sealed record Horizon(string Column, int SpotCheckAt);
