using System.Linq;
using Microsoft.CodeAnalysis;

namespace ReproHeavyTails.Generators
{
    /// <summary>A diagnostic as values: id, location and message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public Diagnostic ToDiagnostic() => Diagnostic.Create(Diagnostics.ById(Id), Location?.ToLocation(), Arguments.ToArray<object>());
    }
}
