using ReproHeavyTails.Framework;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// A run method that lets non-finite values through, as a simulator that misses a blow-up would: 1/0 in a
/// double column, 1/1e-39 overflowing a float column; and √−4, undefined rather than diverged, stored as null.
/// </summary>
[Experiment("non-finite-rows", Version = 1, Title = "Rows with non-finite values for host tests")]
[Replicates(quick: 1, paper: 1)]
public sealed partial class NonFiniteRows
{
    [Values(0.0, 1e-39, 1.0, -4.0)]
    public double Divisor { get; init; }

    public sealed record Row(double Ratio, double? Root, float Single);

    [Run]
    public IEnumerable<Row> Run(RunContext context)
    {
        yield return new Row(1, null, 1);
        yield return new Row(1 / Divisor, Math.Sqrt(Divisor) is var root && double.IsFinite(root) ? root : null, (float)(1 / Divisor));
    }
}
