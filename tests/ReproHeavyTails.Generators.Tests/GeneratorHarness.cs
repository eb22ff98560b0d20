using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReproHeavyTails.Generators;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>Compiles sources against the runtime and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .Append(MetadataReference.CreateFromFile(typeof(ReproHeavyTails.Framework.ExperimentAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create("Sample.Experiments",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs")),
        References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(params string[] sources)
    {
        var driver = CSharpGeneratorDriver.Create(new ExperimentGenerator());
        var updated = driver.RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var diagnostics);
        return (updated.GetRunResult(), output, diagnostics);
    }

    public const string Usings = "using System.Collections.Generic; using ReproHeavyTails.Framework;\n";
}
