namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// An experiment as plain values: names, numbers and flags, no symbols, syntax, locations or diagnostics and no
    /// C# code. It alone feeds the emitter, so an edit that leaves these values equal (a comment, a method body, moved
    /// code) stops at this step and regenerates nothing.
    /// </summary>
    internal sealed record ExperimentModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string ClassName,
        string FullName,
        string Id,
        int Version,
        string Title,
        string PaperId,
        string Aspect,
        string Credit,
        int QuickReplicates,
        int PaperReplicates,
        EquatableArray<ParameterModel> Parameters,
        string RowType,
        EquatableArray<ColumnModel> Columns,
        EquatableArray<string> RowConstructor,
        string RunMethod,
        bool RunTakesContext,
        bool RunReturnsSequence,
        EquatableArray<ClaimModel> Claims,
        EquatableArray<FigureModel> Figures);
}
