namespace ReproHeavyTails.Framework;

/// <summary>Independent replicates (each with its own random stream) of every grid cell, per profile.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ReplicatesAttribute(int quick, int paper) : Attribute
{
    public int Quick { get; } = quick;

    public int Paper { get; } = paper;
}
