namespace ReproHeavyTails.Framework;

/// <summary>What one run is: its profile, master seed and cancellation.</summary>
public sealed record RunSettings(Profile Profile, ulong MasterSeed, CancellationToken Cancellation = default)
{
    public const ulong DefaultSeed = 20240101;
}
