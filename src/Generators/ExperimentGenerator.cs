using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// For every class marked [Experiment]: parse it into an equatable model (Parser), report its
    /// diagnostics, emit its definition (Emitter); then emit the assembly's catalogue and check that
    /// experiment ids are unique.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ExperimentGenerator : IIncrementalGenerator
    {
        public const string ModelsStep = "ExperimentModels";
        public const string CatalogueStep = "Catalogue";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "ReproHeavyTails.Framework.ExperimentAttribute",
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    static (ctx, ct) => ExperimentParser.Parse(ctx, ct))
                .WithTrackingName(ModelsStep);

            context.RegisterSourceOutput(models, static (spc, model) =>
            {
                foreach (var diagnostic in model.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                if (!model.HasErrors)
                    spc.AddSource($"{model.FullName.Replace("global::", "")}.Experiment.g.cs", ExperimentEmitter.Emit(model));
            });

            var catalogue = models.Collect()
                .Combine(context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Experiments"))
                .WithTrackingName(CatalogueStep);

            context.RegisterSourceOutput(catalogue, static (spc, input) =>
            {
                var (all, assembly) = input;
                ReportDuplicateIds(spc, all);
                var valid = all.Where(m => !m.HasErrors).GroupBy(m => m.Id).Select(g => g.First());
                spc.AddSource("ExperimentCatalogue.g.cs", CatalogueEmitter.Emit(assembly, valid));
            });
        }

        private static void ReportDuplicateIds(SourceProductionContext spc, ImmutableArray<ExperimentModel> all)
        {
            foreach (var group in all.Where(m => m.Id.Length > 0).GroupBy(m => m.Id))
            {
                var first = group.OrderBy(m => m.FullName, System.StringComparer.Ordinal).First();
                foreach (var other in group.Where(m => !ReferenceEquals(m, first)))
                    spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicateId, other.IdLocation?.ToLocation(), other.Id, first.FullName));
            }
        }
    }
}
