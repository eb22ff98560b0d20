namespace ReproHeavyTails.Framework;

/// <summary>Declares a partial class as an experiment: the generator emits its descriptor, grid, runner, row codec and catalogue entry.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExperimentAttribute(string id) : Attribute
{
    /// <summary>Stable identifier: lower-case letters, digits and dashes, e.g. "hsgd-tail-bounds".</summary>
    public string Id { get; } = id;

    /// <summary>Bump whenever the computation or the columns change; artifacts record it.</summary>
    public int Version { get; set; } = 1;

    public string Title { get; set; } = "";

    /// <summary>The paper the experiment reproduces, e.g. "Jiao &amp; Keller-Ressel 2024, arXiv 2402.01382".</summary>
    public string Paper { get; set; } = "";
}
