namespace ReproHeavyTails.Framework;

/// <summary>A parameter's values in the paper profile (the published scale).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PaperAttribute(params object[] values) : Attribute
{
    public object[] Values { get; } = values;
}
