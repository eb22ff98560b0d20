namespace ReproHeavyTails.Generators
{
    internal sealed record ClaimModel(string Method, string Statement, bool KnownToFail, string? KnownToFailIn);
}
