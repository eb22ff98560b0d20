using System.Reflection;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Tables;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>The names the generator looks for are the runtime's, and the runtime reads the shared conventions the generator uses.</summary>
public class ConventionTests
{
    private static readonly Assembly Runtime = typeof(ExperimentAttribute).Assembly;

    [Fact]
    public void Every_framework_name_is_a_runtime_type()
    {
        var names = typeof(FrameworkNames).GetFields().Where(f => f.IsLiteral && f.Name != nameof(FrameworkNames.Namespace) && !f.Name.EndsWith("Argument", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.NotNull(Runtime.GetType(name)));
    }

    [Fact]
    public void Every_named_argument_is_a_settable_attribute_property()
    {
        Assert.All(new[] { FrameworkNames.VersionArgument, FrameworkNames.TitleArgument, FrameworkNames.PaperArgument,
            FrameworkNames.AspectArgument, FrameworkNames.CreditArgument },
            name => Assert.NotNull(typeof(ExperimentAttribute).GetProperty(name)?.SetMethod));
        Assert.All(new[] { FrameworkNames.KnownToFailArgument, FrameworkNames.KnownToFailInArgument },
            name => Assert.NotNull(typeof(ClaimAttribute).GetProperty(name)?.SetMethod));
    }

    [Theory]
    [InlineData(typeof(double), ColumnType.Double)]
    [InlineData(typeof(float), ColumnType.Float)]
    [InlineData(typeof(int), ColumnType.Int32)]
    [InlineData(typeof(long), ColumnType.Int64)]
    [InlineData(typeof(bool), ColumnType.Boolean)]
    [InlineData(typeof(string), ColumnType.String)]
    [InlineData(typeof(Profile), ColumnType.String)]
    public void The_runtime_and_the_generator_give_a_type_the_same_column_kind(Type type, ColumnType expected)
    {
        // ValueText is internal to the framework (this project cannot see its internals: both compile src/Shared).
        var valueText = typeof(Profile).Assembly.GetType("ReproHeavyTails.Framework.ValueText", throwOnError: true)!;
        var runtime = (ColumnType)valueText.GetMethod("ColumnTypeOf")!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.Equal(expected, runtime);
        Assert.Equal(expected.ToString(), ArtifactConventions.KindOf(type.FullName!, type.IsEnum));
    }

    [Fact]
    public void Key_columns_and_profile_names_come_from_the_conventions()
    {
        Assert.Equal(ArtifactConventions.ColumnsAfterParameters,
            Sample.Definition.Schema.Columns.Skip(Sample.Definition.Parameters.Count).Take(ArtifactConventions.ColumnsAfterParameters.Count).Select(c => c.Name));
        Assert.Equal(Sample.Definition.Parameters.Count + ArtifactConventions.IdentifyingColumnsAfterParameters, Sample.Definition.KeyColumnCount);
        Assert.Equal([ArtifactConventions.QuickProfile, ArtifactConventions.PaperProfile], Enum.GetValues<Profile>().Select(ArtifactLayout.ProfileName));
    }

    /// <summary>A definition built by the generator: the runtime's own test experiment would do, but this assembly has none, so one is compiled here.</summary>
    private static class Sample
    {
        public static readonly ExperimentDefinition Definition = Load();

        private static ExperimentDefinition Load()
        {
            var (_, output, _) = GeneratorHarness.Run(Samples.Sweep);
            using var stream = new MemoryStream();
            var emitted = output.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var assembly = Assembly.Load(stream.ToArray());
            return (ExperimentDefinition)assembly.GetType("Sample.Sweep")!.GetProperty("Definition")!.GetValue(null)!;
        }
    }
}
