namespace ReproHeavyTails.Framework;

/// <summary>A declared claim: the method's name and the paper's statement it checks.</summary>
public sealed record ClaimInfo(string Name, string Statement);
