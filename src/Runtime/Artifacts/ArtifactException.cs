namespace ReproHeavyTails.Artifacts;

/// <summary>An artifact that cannot be compared or used as asked: the message says why.</summary>
public sealed class ArtifactException(string message) : Exception(message);
