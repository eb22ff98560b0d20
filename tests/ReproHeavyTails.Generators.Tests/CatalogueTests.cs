using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>
/// The catalogue is written in an assembly built against the framework, and only there: the runtime's own layers load
/// the generator assembly for its analyzer (RHT0022), and a catalogue in them would not compile or would be public API.
/// </summary>
public class CatalogueTests
{
    /// <summary>The test host's assemblies without ReproHeavyTails' own (the host lists the framework too).</summary>
    private static readonly MetadataReference[] Platform =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => !Path.GetFileName(p).StartsWith("ReproHeavyTails.", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

    private static IEnumerable<string> Generated(Compilation compilation) =>
        GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName);

    [Fact]
    public void An_assembly_that_references_the_framework_gets_a_catalogue_even_without_experiments() =>
        Assert.Equal([CatalogueEmitter.HintName], Generated(GeneratorHarness.Compile("class Unrelated { }")));

    [Fact]
    public void An_assembly_below_the_framework_gets_none() =>
        Assert.Empty(Generated(CSharpCompilation.Create("ReproHeavyTails.Numerics", [GeneratorHarness.Parse("class Unrelated { }", 0)], Platform,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))));

    [Fact]
    public void The_assembly_that_declares_the_framework_gets_none() =>
        Assert.Empty(Generated(CSharpCompilation.Create("ReproHeavyTails.Framework",
            [GeneratorHarness.Parse("namespace ReproHeavyTails.Framework { public sealed class ExperimentAttribute : System.Attribute { } }", 0)], Platform,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))));
}
