using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>Compiles sources against the runtime and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public const string Usings = "using System.Collections.Generic; using ReproHeavyTails.Framework;\n";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .Append(MetadataReference.CreateFromFile(typeof(ReproHeavyTails.Framework.ExperimentAttribute).Assembly.Location))
        .ToImmutableArray();

    /// <summary>Source i is the file Source{i}.cs.</summary>
    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create("Sample.Experiments",
        sources.Select((s, i) => Parse(s, i)), References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree Parse(string source, int index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{index}.cs");

    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(params string[] sources)
    {
        var updated = Driver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var diagnostics);
        return (updated.GetRunResult(), output, diagnostics);
    }

    /// <summary>A driver that records every step's inputs, outputs and run reasons.</summary>
    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create([new ExperimentGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The generator's diagnostics, then every generated file under its hint name, as one text for a snapshot.</summary>
    public static string Describe(GeneratorDriverRunResult result)
    {
        var text = new StringBuilder("// Diagnostics:\n");
        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        if (diagnostics.Count == 0) text.Append("//   none\n");
        foreach (var d in diagnostics)
        {
            var span = d.Location.GetLineSpan();
            text.Append($"//   {d.Id} {d.Severity} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
        foreach (var source in result.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
            text.Append($"\n// ----- {source.HintName}\n").Append(source.SourceText.ToString().Replace("\r\n", "\n"));
        return text.ToString();
    }
}
