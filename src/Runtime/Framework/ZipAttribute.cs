namespace ReproHeavyTails.Framework;

/// <summary>Parameters that share a zip group advance together (explicit cases) instead of forming a cartesian product.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ZipAttribute(string group) : Attribute
{
    public string Group { get; } = group;
}
