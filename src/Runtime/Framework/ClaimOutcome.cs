namespace ReproHeavyTails.Framework;

/// <summary>A claim checked against one experiment's results.</summary>
public sealed record ClaimOutcome(string Experiment, string Paper, string Claim, string Statement, bool Passed, string Evidence);
