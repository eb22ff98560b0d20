namespace ReproHeavyTails.Framework;

/// <summary>
/// How far a result column may move and still count as unchanged in snapshot tests and diffs:
/// |a − b| ≤ absolute + relative·max(|a|, |b|). Columns are exact without it; <paramref name="reason"/> names the
/// floating-point error bound the numbers come from (docs/determinism.md tabulates them), never "what made it pass".
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ToleranceAttribute(double absolute, double relative, string reason) : Attribute
{
    public double Absolute { get; } = absolute;

    public double Relative { get; } = relative;

    public string Reason { get; } = reason;
}
