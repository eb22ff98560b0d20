namespace ReproHeavyTails.Framework;

/// <summary>
/// One entry of an assembly's paper catalogue: <c>[assembly: ReproducesPaper("jiao-keller-ressel-2024", ...)]</c>.
/// <see cref="ExperimentAttribute.Paper"/> names an entry by id; the generator checks the id (RHT0021) and lists the
/// entries in the generated catalogue.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class ReproducesPaperAttribute(string id, string authors, int year, string title, string arXiv) : Attribute
{
    public string Id { get; } = id;

    public string Authors { get; } = authors;

    public int Year { get; } = year;

    public string Title { get; } = title;

    public string ArXiv { get; } = arXiv;
}
