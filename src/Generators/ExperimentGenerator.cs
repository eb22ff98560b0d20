using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// For every class marked [Experiment]: parse it (<see cref="ExperimentParser"/>), then split the result so the
    /// emitter (<see cref="ExperimentEmitter"/>) sees the location-free model alone and diagnostics go out on their own;
    /// then the assembly's catalogue and the check that experiment ids are unique.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ExperimentGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(FrameworkNames.Experiment,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => ExperimentParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Parse);

            var models = parsed.Select(static (r, _) => r.Model).WithTrackingName(TrackingNames.Model);
            var papers = context.CompilationProvider.Select(static (c, _) => Papers(c)).WithTrackingName(TrackingNames.Papers);
            var withPaper = models.Combine(papers)
                .Select(static (input, _) => (Model: input.Left, Paper: input.Right.FirstOrDefault(p => p.Id == input.Left?.PaperId)))
                .WithTrackingName(TrackingNames.ModelWithPaper);
            context.RegisterSourceOutput(withPaper, static (spc, input) =>
            {
                if (input.Model is not null) spc.AddSource(ExperimentEmitter.HintName(input.Model), ExperimentEmitter.Emit(input.Model, input.Paper));
            });

            var diagnostics = parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, list) => Report(spc, list));

            var duplicates = parsed.Select(static (r, _) => r.Identity).Collect()
                .Select(static (all, _) => DuplicateIds(all)).WithTrackingName(TrackingNames.DuplicateIds);
            context.RegisterSourceOutput(duplicates, static (spc, list) => Report(spc, list));

            var unknownPapers = parsed.Select(static (r, _) => r.Identity).Collect().Combine(papers)
                .Select(static (input, _) => UnknownPapers(input.Left, input.Right)).WithTrackingName(TrackingNames.UnknownPapers);
            context.RegisterSourceOutput(unknownPapers, static (spc, list) => Report(spc, list));

            var entries = models
                .Where(static m => m is not null)
                .Select(static (m, _) => new CatalogueEntry(m!.Id, m.FullName))
                .WithTrackingName(TrackingNames.CatalogueEntries);
            var catalogue = entries.Collect()
                .Combine(context.CompilationProvider.Select(static (c, _) => CatalogueAssembly(c)))
                .WithTrackingName(TrackingNames.Catalogue);
            context.RegisterSourceOutput(catalogue, static (spc, input) =>
            {
                var (all, assembly) = input;
                if (assembly is not null) spc.AddSource(CatalogueEmitter.HintName, CatalogueEmitter.Emit(assembly, all.GroupBy(e => e.Id).Select(g => g.First())));
            });
        }

        /// <summary>
        /// The assembly name a catalogue is emitted under, or null: only an assembly built against the framework has one.
        /// The runtime's own layers carry this assembly for its analyzer (RHT0022) and get none.
        /// </summary>
        private static string? CatalogueAssembly(Compilation compilation) =>
            compilation.GetTypeByMetadataName(FrameworkNames.Experiment) is { } attribute
            && !SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, compilation.Assembly)
                ? compilation.AssemblyName ?? "Experiments"
                : null;

        private static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        /// <summary>The assembly's [assembly: ReproducesPaper] entries, in id order (values, so an edit elsewhere leaves them equal).</summary>
        private static EquatableArray<PaperModel> Papers(Compilation compilation) =>
            new EquatableArray<PaperModel>(compilation.Assembly.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == FrameworkNames.ReproducesPaper && a.ConstructorArguments.Length == 5)
                .Select(a => new PaperModel(a.ConstructorArguments[0].Value as string ?? "", a.ConstructorArguments[1].Value as string ?? "",
                    a.ConstructorArguments[2].Value as int? ?? 0, a.ConstructorArguments[3].Value as string ?? "", a.ConstructorArguments[4].Value as string ?? ""))
                .OrderBy(p => p.Id, System.StringComparer.Ordinal));

        /// <summary>RHT0021 on every experiment whose paper id is not in the catalogue (an empty id names no paper).</summary>
        private static EquatableArray<DiagnosticInfo> UnknownPapers(ImmutableArray<ExperimentIdentity> all, EquatableArray<PaperModel> papers)
        {
            var declared = papers.Select(p => p.Id).ToArray();
            var list = declared.Length == 0 ? "none" : string.Join(", ", declared);
            return new EquatableArray<DiagnosticInfo>(all
                .Where(e => e.PaperId.Length > 0 && !declared.Contains(e.PaperId))
                .Select(e => new DiagnosticInfo(Diagnostics.UnknownPaper.Id, e.Location, new EquatableArray<string>(new[] { e.Id, e.PaperId, list }))));
        }

        /// <summary>RHT0010 on every experiment whose id an experiment earlier by full name already uses; empty, and so cached, when ids are unique.</summary>
        private static EquatableArray<DiagnosticInfo> DuplicateIds(ImmutableArray<ExperimentIdentity> all)
        {
            var found = Enumerable.Empty<DiagnosticInfo>();
            foreach (var group in all.Where(e => e.Id.Length > 0).GroupBy(e => e.Id))
            {
                var first = group.OrderBy(e => e.FullName, System.StringComparer.Ordinal).First();
                found = found.Concat(group.Where(e => !ReferenceEquals(e, first)).Select(other =>
                    new DiagnosticInfo(Diagnostics.DuplicateId.Id, other.Location, new EquatableArray<string>(new[] { other.Id, first.FullName }))));
            }
            return new EquatableArray<DiagnosticInfo>(found);
        }
    }
}
