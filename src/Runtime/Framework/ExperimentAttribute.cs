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

    /// <summary>The id of the paper the experiment reproduces, an entry of the assembly's catalogue (<see cref="ReproducesPaperAttribute"/>); empty for none.</summary>
    public string Paper { get; set; } = "";

    /// <summary>Which part of the paper, when not the paper as a whole, e.g. "estimator protocol".</summary>
    public string Aspect { get; set; } = "";

    /// <summary>Another work the experiment takes a piece from, e.g. "setup of Gurbuzbalaban, Simsekli &amp; Zhu 2021".</summary>
    public string Credit { get; set; } = "";
}
