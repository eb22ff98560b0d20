namespace ReproHeavyTails.Framework;

/// <summary>
/// A paper that experiments reproduce, as its catalogue entry declares it (<see cref="ReproducesPaperAttribute"/>).
/// Experiments name it by <see cref="Id"/>; the report groups by it.
/// </summary>
public sealed record Paper(string Id, string Authors, int Year, string Title, string ArXiv)
{
    /// <summary>How artifacts and the report cite it: "Authors Year (arXiv id)".</summary>
    public string Citation => $"{Authors} {Year.ToString(System.Globalization.CultureInfo.InvariantCulture)} (arXiv {ArXiv})";
}
