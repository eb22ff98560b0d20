namespace ReproHeavyTails.Framework;

/// <summary>A parameter's values in every profile.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ValuesAttribute(params object[] values) : Attribute
{
    public object[] Values { get; } = values;
}
