using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

public sealed class ArtifactDiffTests : IDisposable
{
    private readonly TempFolder _temp = RepositoryPaths.CreateTemp();
    private readonly string _reference;

    public ArtifactDiffTests()
    {
        _reference = ExperimentHost.Run(SampleWalk.Definition, new RunRequest(Profile.Quick, _temp.Path)).ResultsFile!;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes a copy of the reference with its columns, rows or metadata edited.</summary>
    private string Variant(Func<TableSchema, List<ColumnVector>, (TableSchema, List<ColumnVector>)>? edit = null,
        Action<Dictionary<string, string>>? metadata = null)
    {
        using var reader = ParquetReader.Open(_reference);
        var (schema, columns) = (edit ?? ((s, c) => (s, c)))(reader.Schema, reader.ReadAll().ToList());
        var kv = reader.Metadata.ToDictionary();
        kv[RunMetadata.CreatedUtc] = "2000-01-01T00:00:00Z"; // volatile: must never count
        metadata?.Invoke(kv);
        var path = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".parquet");
        using var stream = File.Create(path);
        using var writer = new ParquetWriter(stream, schema, kv);
        writer.Append(columns);
        return path;
    }

    private static (TableSchema, List<ColumnVector>) ScalePosition(TableSchema s, List<ColumnVector> c, double factor, int row)
    {
        var index = s.IndexOf("position");
        var old = (ColumnVector<double>)c[index];
        var edited = (ColumnVector<double>)ColumnVector.Create(ColumnType.Double);
        for (var i = 0; i < old.Count; i++) edited.Add(i == row ? old[i] * factor : old[i], !old.IsNull(i));
        c[index] = edited;
        return (s, c);
    }

    private static (TableSchema, List<ColumnVector>) DropRow(TableSchema s, List<ColumnVector> c, int row)
    {
        var kept = c.Select(v => { var n = ColumnVector.Create(v.Type); for (var i = 0; i < v.Count; i++) if (i != row) n.AppendFrom(v, i); return n; }).ToList();
        return (s, kept);
    }

    [Fact]
    public void Identical_data_differs_only_in_volatile_metadata()
    {
        var report = ArtifactDiff.Compare(_reference, Variant());
        Assert.False(report.Differs, report.ToText());
        Assert.Contains("volatile metadata differs and is ignored", report.ToText());
    }

    [Fact]
    public void A_change_beyond_tolerance_is_reported_with_old_new_and_change()
    {
        var report = ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1.01, 0)));
        Assert.True(report.Differs);
        var change = Assert.Single(report.Files.Single().Values);
        Assert.Equal("position", change.Column);
        Assert.StartsWith("kind=Gaussian, steps=10, scale=0.5, label=a, replicate=0, row=0", change.Row);
        Assert.Contains("1%)", change.Change);
        Assert.Contains("| row | column | old | new | change |", report.ToMarkdown());
    }

    [Fact]
    public void A_last_bit_change_shows_its_relative_size_not_zero_percent()
    {
        var up = Assert.Single(ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1 + 1e-8, 0))).Files.Single().Values);
        var down = Assert.Single(ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1 - 1e-8, 0))).Files.Single().Values);
        Assert.Matches(@" \([+-]1E-6%\)$", up.Change);
        Assert.Matches(@" \([+-]1E-6%\)$", down.Change);
        Assert.NotEqual(up.Change[^7], down.Change[^7]); // opposite signs
    }

    [Fact]
    public void A_change_within_a_stated_tolerance_is_not_a_difference()
    {
        Assert.False(ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1 + 1e-12, 0))).Differs);
        Assert.True(ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1 + 1e-12, 0)), Tolerance.Exact).Differs);
    }

    [Fact]
    public void A_column_without_a_stated_tolerance_is_exact()
    {
        var changed = Variant((s, c) =>
        {
            var index = s.IndexOf("max_abs");
            var old = (ColumnVector<double>)c[index];
            var edited = (ColumnVector<double>)ColumnVector.Create(ColumnType.Double);
            var first = Enumerable.Range(0, old.Count).First(i => !old.IsNull(i));
            for (var i = 0; i < old.Count; i++) edited.Add(i == first ? Math.BitIncrement(old[i]) : old[i], !old.IsNull(i));
            c[index] = edited;
            return (s, c);
        });
        Assert.True(ArtifactDiff.Compare(_reference, changed).Differs);
    }

    [Fact]
    public void Missing_and_extra_rows_are_matched_by_key_not_position()
    {
        var fewer = Variant((s, c) => DropRow(s, c, 3));
        var missing = ArtifactDiff.Compare(_reference, fewer).Files.Single();
        Assert.Single(missing.MissingRows);
        Assert.Empty(missing.Values); // later rows are not misaligned
        var extra = ArtifactDiff.Compare(fewer, _reference).Files.Single();
        Assert.Single(extra.ExtraRows);
    }

    [Fact]
    public void Added_and_removed_columns_are_schema_changes()
    {
        var removed = Variant((s, c) =>
        {
            var i = s.IndexOf("note");
            c.RemoveAt(i);
            return (new TableSchema(s.Columns.Where(x => x.Name != "note")), c);
        });
        Assert.Contains("column 'note' removed", ArtifactDiff.Compare(_reference, removed).Files.Single().Schema);
        Assert.Contains("column 'note' added", ArtifactDiff.Compare(removed, _reference).Files.Single().Schema);
    }

    [Fact]
    public void A_changed_version_is_a_difference_and_another_experiment_is_an_error()
    {
        var bumped = ArtifactDiff.Compare(_reference, Variant(metadata: m => m[RunMetadata.Version] = "4"));
        Assert.True(bumped.Differs);
        Assert.Contains("repro.version: 3 → 4", bumped.ToText());
        Assert.Throws<ArtifactException>(() => ArtifactDiff.Compare(_reference, Variant(metadata: m => m[RunMetadata.Experiment] = "other")));
    }

    /// <summary>Measured on main: rows were keyed with TryAdd, so a second row with the same key was silently left out of the comparison.</summary>
    [Fact]
    public void Duplicate_row_keys_are_an_error()
    {
        var duplicated = Variant((s, c) =>
        {
            var copy = c.Select(v => { var n = ColumnVector.Create(v.Type); n.AppendAll(v); n.AppendFrom(v, 0); return n; }).ToList();
            return (s, copy);
        });
        var e = Assert.Throws<ArtifactException>(() => ArtifactDiff.Compare(_reference, duplicated));
        Assert.Contains("have the same key (kind=Gaussian, steps=10, scale=0.5, label=a, replicate=0, row=0)", e.Message);
        Assert.Throws<ArtifactException>(() => ArtifactDiff.Compare(duplicated, _reference));
    }

    [Fact]
    public void Matching_values_report_their_largest_deviation_in_tolerance_units()
    {
        Assert.Equal(0, ArtifactDiff.Compare(_reference, Variant()).LargestAcceptedDeviation);
        var within = ArtifactDiff.Compare(_reference, Variant((s, c) => ScalePosition(s, c, 1 + 1e-12, 0)));
        Assert.False(within.Differs);
        Assert.InRange(within.LargestAcceptedDeviation, 1e-4, 1);
    }
}
