namespace ReproHeavyTails.Framework;

/// <summary>A declared claim: the method's name, the paper's statement it checks, and whether it is a recorded known failure.</summary>
public sealed record ClaimInfo(string Name, string Statement, bool KnownToFail = false, string? KnownToFailIn = null)
{
    /// <summary>Whether a failure is the recorded outcome at <paramref name="profile"/>.</summary>
    public bool KnownToFailAt(Profile profile) =>
        KnownToFail || KnownToFailIn == ArtifactLayout.ProfileName(profile);
}
