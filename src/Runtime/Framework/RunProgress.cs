namespace ReproHeavyTails.Framework;

/// <summary>Progress of one experiment's run: work items (cells × replicates) done out of those this run owns.</summary>
public sealed record RunProgress(string Experiment, int Completed, int Total, TimeSpan Elapsed);
