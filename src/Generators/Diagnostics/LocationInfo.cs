using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReproHeavyTails.Generators
{
    /// <summary>A source location as values, for diagnostics that cross pipeline steps (a Location would pin its syntax tree).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location) =>
            location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
