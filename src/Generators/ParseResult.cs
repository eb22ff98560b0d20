namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// What parsing one [Experiment] class yields: the model (null when there are errors), its diagnostics and its
    /// identity. The pipeline splits it at once, so locations never reach the step that feeds the emitter.
    /// </summary>
    internal sealed record ParseResult(ExperimentModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, ExperimentIdentity Identity);
}
