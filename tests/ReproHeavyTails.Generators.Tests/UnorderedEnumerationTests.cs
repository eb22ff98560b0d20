using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ReproHeavyTails.Generators.Tests;

/// <summary>RHT0022: each branch of the analyzer, reported where the order reaches the result and silent where it cannot.</summary>
public class UnorderedEnumerationTests
{
    private const string Prelude = """
        using System; using System.Linq; using System.Collections.Generic; using System.Collections.Concurrent; using System.Text.Json;
        public class Derived : HashSet<int> { }
        public class C
        {
            public object? M(HashSet<int> set, HashSet<double> doubles, Dictionary<string, double> dict, IReadOnlyDictionary<string, int> ro,
                ConcurrentDictionary<string, int> concurrent, ConcurrentBag<int> bag, ISet<int> iset, Derived derived,
                List<int> list, SortedSet<int> sorted, SortedDictionary<string, int> sortedDict)
            {

        """;

    /// <summary>Each case is the body of M; the diagnostic names the operation (the message's first word).</summary>
    [Theory]
    [InlineData("foreach", "foreach (var x in set) { } return null;")]
    [InlineData("foreach", "foreach (var (k, v) in dict) { } return null;")]
    [InlineData("foreach", "foreach (var k in dict.Keys) { } return null;")]
    [InlineData("foreach", "foreach (var v in dict.Values) { } return null;")]
    [InlineData("foreach", "foreach (var k in ro.Keys) { } return null;")]
    [InlineData("foreach", "foreach (var k in concurrent) { } return null;")]
    [InlineData("foreach", "foreach (var k in concurrent.Values) { } return null;")]
    [InlineData("foreach", "foreach (var x in bag) { } return null;")]
    [InlineData("foreach", "foreach (var x in iset) { } return null;")]
    [InlineData("foreach", "foreach (var x in derived) { } return null;")]
    [InlineData("foreach", "foreach (var x in set.Where(x => x > 0).Select(x => x * 2)) { } return null;")]
    [InlineData("First", "return set.First();")]
    [InlineData("ToArray", "return set.ToArray();")]
    [InlineData("ToList", "return dict.Keys.ToList();")]
    [InlineData("ToList", "return set.Where(x => x > 0).ToList();")]
    [InlineData("Aggregate", "return set.Aggregate((a, b) => a - b);")]
    [InlineData("Sum", "return doubles.Sum();")]
    [InlineData("Sum", "return set.Sum(x => 0.1 * x);")]
    [InlineData("Average", "return dict.Values.Average();")]
    [InlineData("Take", "return set.Take(2).Count();")]
    [InlineData("MaxBy", "return dict.MaxBy(kv => kv.Value);")]
    [InlineData("Select", "return set.Select(x => x + 1);")]
    [InlineData("Select", "return set.Select((x, i) => x * i).ToHashSet();")]
    [InlineData("ToList", "return list.Concat(set).ToList();")]
    [InlineData("SequenceEqual", "return list.SequenceEqual(set);")]
    [InlineData("String.Join", "return string.Join(\",\", set);")]
    [InlineData("String.Join", "return string.Join(\",\", dict.Keys.Where(k => k.Length > 1));")]
    [InlineData("new List", "return new List<int>(set);")]
    [InlineData("List.AddRange", "list.AddRange(set); return null;")]
    [InlineData("a spread", "int[] a = [.. set]; return a;")]
    [InlineData("JsonSerializer.Serialize", "return JsonSerializer.Serialize(dict);")]
    public void Order_dependent_enumeration_is_reported_once_where_the_order_is_used(string use, string body)
    {
        var diagnostic = Assert.Single(Analyze(body));
        Assert.Equal(Diagnostics.UnorderedEnumeration.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith(use, diagnostic.GetMessage());
        Assert.DoesNotContain("{0}", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("return set.Count() + set.LongCount();")]
    [InlineData("return set.Contains(1) || set.Any(x => x > 1) || dict.Keys.All(k => k.Length > 0);")]
    [InlineData("return set.Min() + set.Max() + dict.Keys.Max()!.Length;")]
    [InlineData("return set.Where(x => x > 0).Single();")]
    [InlineData("return set.Sum() + set.Select(x => 2L * x).Sum() + (int)set.Average();")]
    [InlineData("return set.Select(x => x * 2).ToHashSet();")]
    [InlineData("return dict.ToDictionary(kv => kv.Key, kv => kv.Value * 2);")]
    [InlineData("return set.OrderBy(x => x).ToList();")]
    [InlineData("return dict.Keys.Order(StringComparer.Ordinal).First();")]
    [InlineData("return set.Where(x => x > 0).OrderByDescending(x => x).Select(x => x * 0.5).Sum();")]
    [InlineData("foreach (var (k, v) in dict.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { } return null;")]
    [InlineData("return list.Except(set).ToList();")]
    [InlineData("HashSet<int> copy = [.. set]; return copy;")]
    [InlineData("return new HashSet<int>(set);")]
    [InlineData("foreach (var x in list) { } foreach (var x in sorted) { } foreach (var kv in sortedDict) { } return sorted.First() + sortedDict.Keys.First().Length;")]
    [InlineData("return dict.TryGetValue(\"a\", out var v) ? v : dict[\"b\"];")]
    [InlineData("return string.Join(\",\", list) + JsonSerializer.Serialize(sortedDict);")]
    public void Order_insensitive_uses_and_ordered_collections_pass(string body) =>
        Assert.Empty(Analyze(body));

    [Fact]
    public void Generated_code_is_not_analysed()
    {
        var compilation = GeneratorHarness.Compile("// <auto-generated/>\n" + Prelude + "foreach (var x in set) { } return null; } }");
        Assert.Empty(Analyzers(compilation));
    }

    /// <summary>The ids the positive cases above produce (for the test that every declared id is covered).</summary>
    public static IReadOnlySet<string> CoveredIds() => typeof(UnorderedEnumerationTests)
        .GetMethod(nameof(Order_dependent_enumeration_is_reported_once_where_the_order_is_used))!
        .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
        .SelectMany(a => Analyze((string)a.GetData(null!).Single()[1])).Select(d => d.Id).ToHashSet();

    private static ImmutableArray<Diagnostic> Analyze(string body)
    {
        var compilation = GeneratorHarness.Compile(Prelude + body + "\n    }\n}\n");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return Analyzers(compilation);
    }

    private static ImmutableArray<Diagnostic> Analyzers(Compilation compilation) =>
        compilation.WithAnalyzers([new UnorderedEnumerationAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
}
