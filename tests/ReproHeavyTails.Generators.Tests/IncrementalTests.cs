using Microsoft.CodeAnalysis;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>
/// The generator caches: equivalent edits stop at the model and leave every output Cached or Unchanged (read from the
/// run reasons of the named steps), a real edit does not, and the model holds plain values only.
/// </summary>
public class IncrementalTests
{
    private const string Other = "class Unrelated { }";

    [Fact]
    public void The_model_is_equal_across_compilations_of_the_same_source()
    {
        var first = Value(TrackingNames.Model, Samples.Sweep);
        var second = Value(TrackingNames.Model, Samples.Sweep);
        Assert.IsType<ExperimentModel>(first);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void A_comment_above_the_experiment_in_its_own_file_regenerates_nothing() =>
        AssertNothingRuns(Edit(Samples.Sweep, "[Experiment(", "// Added: a note for readers.\n\n[Experiment("));

    [Fact]
    public void A_method_body_edit_in_the_experiments_own_file_regenerates_nothing() =>
        AssertNothingRuns(Edit(Samples.Sweep, "{ yield return new Row(1, null, null, true, Method); }",
            "{ var loss = 2.0 * Batch; yield return new Row(loss, null, \"edited\", false, Method); }"));

    [Fact]
    public void An_edit_to_another_file_regenerates_nothing() =>
        AssertNothingRuns(Rerun([Samples.Sweep, Other], [Samples.Sweep, "class Unrelated { int x; }"]));

    [Fact]
    public void A_changed_parameter_value_regenerates_the_definition_and_only_it()
    {
        var result = Edit(Samples.Sweep, "[Quick(0.1, 1)]", "[Quick(0.2, 1)]");
        Assert.All(Reasons(result, TrackingNames.Model), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(result, TrackingNames.CatalogueEntries), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.Contains(IncrementalStepRunReason.Modified, result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason));
    }

    [Fact]
    public void Diagnostics_move_with_their_code_while_the_emitted_outputs_stay_cached()
    {
        var broken = GeneratorHarness.Usings + """[Experiment("Bad Id")] public partial class E { [Run] public int Run() => 1; }""";
        var result = Edit(broken, "[Experiment(", "// two lines\n// above\n[Experiment(");
        Assert.All(Reasons(result, TrackingNames.Diagnostics), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(result, TrackingNames.Model), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.Equal(4, result.Diagnostics.Single(d => d.Id == "RHT0011").Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void No_roslyn_symbol_syntax_or_location_is_reachable_from_the_model()
    {
        foreach (var type in Reachable(typeof(ExperimentModel)).Concat(Reachable(typeof(CatalogueEntry))).Concat(Reachable(typeof(PaperModel))))
        {
            Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false, $"{type} is a Roslyn type");
            Assert.True(type.IsPrimitive || type.IsEnum || type == typeof(string) || IsValueEquatable(type), $"{type} does not compare by value");
        }
    }

    /// <summary>Every type the model's properties can hold, through arrays of values and nullable wrappers.</summary>
    private static HashSet<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type)) continue;
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) pending.Push(argument);
            if (type.Namespace == typeof(ExperimentModel).Namespace)
                foreach (var property in type.GetProperties()) pending.Push(property.PropertyType);
        }
        return seen;
    }

    private static bool IsValueEquatable(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(EquatableArray<>) || type.GetGenericTypeDefinition() == typeof(Nullable<>))
        || type.Namespace == typeof(ExperimentModel).Namespace && typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type)
           && type.GetMethod("<Clone>$") is not null; // a record: equality generated over its fields

    private static void AssertNothingRuns(GeneratorDriverRunResult result)
    {
        foreach (var step in new[] { TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.DuplicateIds, TrackingNames.Papers, TrackingNames.ModelWithPaper,
                     TrackingNames.UnknownPapers, TrackingNames.CatalogueEntries, TrackingNames.Catalogue })
            Assert.All(Reasons(result, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        var outputs = result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(5, outputs.Count); // the definition, its diagnostics, the duplicate-id check, the paper check, the catalogue
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorDriverRunResult result, string step)
    {
        var reasons = result.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        return reasons;
    }

    private static GeneratorDriverRunResult Edit(string source, string find, string replace)
    {
        Assert.Contains(find, source);
        return Rerun([source, Other], [source.Replace(find, replace), Other]);
    }

    /// <summary>Runs the generator on <paramref name="before"/>, then on <paramref name="after"/> with the same driver; returns the second run.</summary>
    private static GeneratorDriverRunResult Rerun(string[] before, string[] after)
    {
        var compilation = GeneratorHarness.Compile(before);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation;
        for (var i = 0; i < after.Length; i++)
            if (after[i] != before[i]) edited = edited.ReplaceSyntaxTree(edited.SyntaxTrees.ElementAt(i), GeneratorHarness.Parse(after[i], i));
        return driver.RunGenerators(edited).GetRunResult();
    }

    private static object Value(string step, params string[] sources)
    {
        var result = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compile(sources)).GetRunResult();
        return result.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Single().Value;
    }
}
