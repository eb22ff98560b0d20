namespace ReproHeavyTails.Framework;

/// <summary>What one run is: its profile, master seed and cancellation.</summary>
public sealed record RunSettings(Profile Profile, ulong MasterSeed, CancellationToken Cancellation = default)
{
    /// <summary>Run each item only to its horizon parameter's spot-check value (<see cref="HorizonAttribute"/>) where that is shorter.</summary>
    public bool ToHorizon { get; init; }

    public const ulong DefaultSeed = 20240101;
}
