namespace ReproHeavyTails.Framework;

/// <summary>How far a result column may move and still count as unchanged in snapshot tests and diffs: |a − b| ≤ absolute + relative·max(|a|, |b|).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ToleranceAttribute(double absolute, double relative) : Attribute
{
    public double Absolute { get; } = absolute;

    public double Relative { get; } = relative;
}
