namespace ReproHeavyTails.Generators
{
    internal sealed record FigureModel(string Name, string Method);
}
