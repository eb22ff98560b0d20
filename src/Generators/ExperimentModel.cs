using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReproHeavyTails.Generators
{
    // Value-equatable models: the pipeline never holds symbols or syntax, so unrelated edits hit the cache.

    internal sealed record ExperimentModel(
        string? Namespace,
        EquatableArray<string> ContainingTypes,
        string ClassName,
        string FullName,
        string Id,
        int Version,
        string Title,
        string Paper,
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
        EquatableArray<FigureModel> Figures,
        LocationInfo? IdLocation,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public bool HasErrors => Diagnostics.Count > 0;
    }

    /// <param name="QuickValues">A C# expression of type IEnumerable&lt;T&gt; given a Profile named profile.</param>
    internal sealed record ParameterModel(string Name, string TypeName, bool IsEnum, string? Zip, string QuickValues, string PaperValues);

    internal sealed record ColumnModel(string Property, string Column, string Kind, string ClrType, bool IsEnum, bool Nullable, double Absolute, double Relative);

    internal sealed record ClaimModel(string Method, string Statement, bool KnownToFail, string? KnownToFailIn);

    internal sealed record FigureModel(string Name, string Method);

    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location) =>
            location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Diagnostics.ById(Id), Location?.ToLocation(), System.Linq.Enumerable.ToArray<object>(Arguments));
    }
}
