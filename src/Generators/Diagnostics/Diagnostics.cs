using System.Linq;
using Microsoft.CodeAnalysis;

namespace ReproHeavyTails.Generators
{
    /// <summary>Every diagnostic the generator reports; ids are stable and listed in AnalyzerReleases.Unshipped.md.</summary>
    internal static class Diagnostics
    {
        private const string Category = "ReproHeavyTails";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NotPartial = Error("RHT0001",
            "Experiment class must be partial", "Experiment class '{0}' must be declared partial so the generator can add its runner");
        public static readonly DiagnosticDescriptor NoRunMethod = Error("RHT0002",
            "Experiment has no run method", "Experiment '{0}' has no method marked [Run]");
        public static readonly DiagnosticDescriptor SeveralRunMethods = Error("RHT0003",
            "Experiment has several run methods", "Experiment '{0}' has {1} methods marked [Run]; mark exactly one");
        public static readonly DiagnosticDescriptor BadRunSignature = Error("RHT0004",
            "Run method has the wrong signature", "Run method '{0}' must be a non-generic instance method taking () or (RunContext) and returning a row or a sequence of rows: {1}");
        public static readonly DiagnosticDescriptor UnsupportedParameterType = Error("RHT0005",
            "Unsupported parameter type", "Parameter '{0}' has type '{1}'; parameters may be double, float, int, long, bool, string or an enum");
        public static readonly DiagnosticDescriptor UnsupportedColumnType = Error("RHT0006",
            "Unsupported column type", "Column '{0}' of row type '{1}' has type '{2}'; columns may be double, float, int, long, bool, string, an enum, or nullable forms of these");
        public static readonly DiagnosticDescriptor MissingProfileValues = Error("RHT0007",
            "Parameter has no values for a profile", "Parameter '{0}' has no values for the {1} profile; add [{2}(...)] or [Values(...)]");
        public static readonly DiagnosticDescriptor EmptyGrid = Error("RHT0008",
            "Empty grid", "Parameter '{0}' has an empty value list for the {1} profile, so the grid has no cells");
        public static readonly DiagnosticDescriptor ZipLengthMismatch = Error("RHT0009",
            "Zipped parameters of unequal length", "Zip group '{0}' has parameters with different numbers of values in the {1} profile: {2}");
        public static readonly DiagnosticDescriptor DuplicateId = Error("RHT0010",
            "Duplicate experiment id", "Experiment id '{0}' is already used by '{1}'");
        public static readonly DiagnosticDescriptor InvalidIdOrVersion = Error("RHT0011",
            "Invalid experiment id or version", "Experiment '{0}': {1}");
        public static readonly DiagnosticDescriptor BadClaimSignature = Error("RHT0012",
            "Claim method has the wrong signature", "Claim '{0}' must be static, take ResultTable<{1}, {2}> and return ClaimResult");
        public static readonly DiagnosticDescriptor ValueTypeMismatch = Error("RHT0013",
            "Parameter value does not match the parameter's type", "Value {0} of parameter '{1}' is not a {2}");
        public static readonly DiagnosticDescriptor BadExperimentShape = Error("RHT0014",
            "Experiment class cannot be instantiated per cell", "Experiment '{0}': {1}");
        public static readonly DiagnosticDescriptor RowNotReconstructible = Error("RHT0015",
            "Row type cannot be rebuilt from its columns", "Row type '{0}' needs a public constructor whose parameters match its properties, or a parameterless constructor with settable properties");
        public static readonly DiagnosticDescriptor BadReplicates = Error("RHT0016",
            "Invalid replicate count", "Experiment '{0}' declares {1} replicates for a profile; at least 1 is needed");
        public static readonly DiagnosticDescriptor BadValuesFrom = Error("RHT0017",
            "Values source not found", "Parameter '{0}': [ValuesFrom(\"{1}\")] must name a static method taking Profile, or a static property or field, of type IEnumerable<{2}>");
        public static readonly DiagnosticDescriptor ColumnNameClash = Error("RHT0018",
            "Column name used twice", "Column '{0}' of row type '{1}' clashes with a parameter or key column of the same name");
        public static readonly DiagnosticDescriptor BadFigureSignature = Error("RHT0019",
            "Figure method has the wrong signature", "Figure '{0}' must be static, take ResultTable<{1}, {2}> and return ReproHeavyTails.Figures.Figure");
        public static readonly DiagnosticDescriptor BadKnownFailureProfile = Error("RHT0020",
            "Unknown profile for a known failure", "Claim '{0}': KnownToFailIn must be \"" + ArtifactConventions.QuickProfile + "\" or \"" + ArtifactConventions.PaperProfile + "\", not \"{1}\"");
        public static readonly DiagnosticDescriptor UnknownPaper = Error("RHT0021",
            "Unknown paper id", "Experiment '{0}' names paper \"{1}\", which no [assembly: ReproducesPaper] declares; declared: {2}");
        /// <summary>A warning, so a user's project sees it without failing; this repository builds with warnings as errors.</summary>
        public static readonly DiagnosticDescriptor UnorderedEnumeration = Warning("RHT0022",
            "Unordered collection enumerated in an order-dependent way", "{0} enumerates {1}, whose order is not part of its contract: order it (OrderBy), keep it in an ordered collection (List, OrderedDictionary) or use an order-insensitive operator (docs/determinism.md)");

        public static readonly DiagnosticDescriptor BadHorizon = Error("RHT0023",
            "Horizon parameter is not an int bounding an int row column", "[Horizon] on parameter '{0}': {1}");

        /// <summary>Every descriptor, in id order.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            NotPartial, NoRunMethod, SeveralRunMethods, BadRunSignature, UnsupportedParameterType, UnsupportedColumnType,
            MissingProfileValues, EmptyGrid, ZipLengthMismatch, DuplicateId, InvalidIdOrVersion, BadClaimSignature,
            ValueTypeMismatch, BadExperimentShape, RowNotReconstructible, BadReplicates, BadValuesFrom, ColumnNameClash, BadFigureSignature, BadKnownFailureProfile,
            UnknownPaper, UnorderedEnumeration, BadHorizon,
        };

        public static DiagnosticDescriptor ById(string id) => All.First(d => d.Id == id);
    }
}
