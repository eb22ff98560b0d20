namespace ReproHeavyTails.Framework.Claims;

/// <summary>One case a claim's procedure decided on: a cell, a line or a group, its statistic and p-value, and whether it holds.</summary>
public sealed record ClaimCase(string Label, bool Holds, double Statistic, double PValue, string Detail)
{
    public override string ToString() =>
        $"{(Holds ? "" : "✗ ")}{Label}: {Detail}{(double.IsNaN(PValue) ? "" : $" (p = {Probability(PValue)})")}";

    internal static string Probability(double p) =>
        p >= 0.001 ? p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : p.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture);
}
