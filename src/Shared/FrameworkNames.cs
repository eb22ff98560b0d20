namespace ReproHeavyTails;

/// <summary>
/// The metadata names of the framework's attributes, their named arguments and the types experiment signatures
/// use, as the generator looks them up in a compilation. The runtime declares them; a generator test checks every
/// name here against the runtime's types, so a rename cannot leave the generator looking for an old name.
/// </summary>
internal static class FrameworkNames
{
    public const string Namespace = "ReproHeavyTails.Framework";

    public const string Experiment = Namespace + ".ExperimentAttribute";
    public const string Replicates = Namespace + ".ReplicatesAttribute";
    public const string Values = Namespace + ".ValuesAttribute";
    public const string Quick = Namespace + ".QuickAttribute";
    public const string Paper = Namespace + ".PaperAttribute";
    public const string ValuesFrom = Namespace + ".ValuesFromAttribute";
    public const string Zip = Namespace + ".ZipAttribute";
    public const string Horizon = Namespace + ".HorizonAttribute";
    public const string Run = Namespace + ".RunAttribute";
    public const string Claim = Namespace + ".ClaimAttribute";
    public const string Figure = Namespace + ".FigureAttribute";
    public const string Tolerance = Namespace + ".ToleranceAttribute";
    public const string ReproducesPaper = Namespace + ".ReproducesPaperAttribute";

    /// <summary>Named arguments: of [Experiment] and of [Claim].</summary>
    public const string VersionArgument = "Version", TitleArgument = "Title", PaperArgument = "Paper", AspectArgument = "Aspect", CreditArgument = "Credit",
        KnownToFailArgument = "KnownToFail", KnownToFailInArgument = "KnownToFailIn";

    public const string Profile = Namespace + ".Profile";
    public const string RunContext = Namespace + ".RunContext";
    public const string ClaimResult = Namespace + ".ClaimResult";
    public const string ResultTable = Namespace + ".ResultTable`2";
    public const string FigureType = "ReproHeavyTails.Figures.Figure";
    public const string PaperType = Namespace + ".Paper";
}
