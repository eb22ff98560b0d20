namespace ReproHeavyTails.Framework;

/// <summary>
/// Marks a figure of the experiment: a static method taking its <see cref="ResultTable{TExperiment, TRow}"/> and
/// returning a <see cref="Figures.Figure"/>, drawn from the artifact alone by <c>repro report</c>. The name is
/// the file name (without ".svg").
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FigureAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A declared figure: its file name and the method that draws it.</summary>
public sealed record FigureInfo(string Name, string Method);
