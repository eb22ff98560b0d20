namespace ReproHeavyTails.Framework;

/// <summary>Marks a paper's claim: a static method taking the experiment's <see cref="ResultTable{TExperiment, TRow}"/> and returning a <see cref="ClaimResult"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ClaimAttribute(string statement) : Attribute
{
    public string Statement { get; } = statement;
}
