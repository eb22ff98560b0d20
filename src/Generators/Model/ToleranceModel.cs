namespace ReproHeavyTails.Generators
{
    internal sealed record ToleranceModel(double Absolute, double Relative);
}
