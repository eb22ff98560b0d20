namespace ReproHeavyTails.Framework;

/// <summary>A user-facing error in declaring or running an experiment: the message is shown as is.</summary>
public sealed class ExperimentException(string message, Exception? inner = null) : Exception(message, inner);
