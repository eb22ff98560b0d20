namespace ReproHeavyTails.Generators
{
    /// <summary>One [assembly: ReproducesPaper] entry as values.</summary>
    internal sealed record PaperModel(string Id, string Authors, int Year, string Title, string ArXiv);
}
