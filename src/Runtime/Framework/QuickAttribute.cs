namespace ReproHeavyTails.Framework;

/// <summary>A parameter's values in the quick profile (seconds; used by tests and CI).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class QuickAttribute(params object[] values) : Attribute
{
    public object[] Values { get; } = values;
}
