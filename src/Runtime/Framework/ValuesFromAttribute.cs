namespace ReproHeavyTails.Framework;

/// <summary>Takes a parameter's values from a static member of the experiment: a method taking a <see cref="Profile"/>, or a property or field, returning a sequence of the parameter's type.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ValuesFromAttribute(string member) : Attribute
{
    public string Member { get; } = member;
}
