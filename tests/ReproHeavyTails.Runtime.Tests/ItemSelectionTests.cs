using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Framework;
using ReproHeavyTails.Parquet;
using ReproHeavyTails.Tables;
using ReproHeavyTails.Testing;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>
/// Runs of chosen work items (`repro run --items/--sample`): the rows a full run writes for those items, a sample that
/// depends on the items' keys alone, and a partial artifact that is never taken for a whole one.
/// </summary>
public class ItemSelectionTests
{
    private static readonly ExperimentDefinition Walk = SampleWalk.Definition;

    private static readonly int Replicates = Walk.Replicates(Profile.Quick);

    private static RunSummary Run(string root, ItemSelection? items = null, ShardSpec? shard = null, int threads = 2) =>
        ExperimentHost.Run(Walk, new RunRequest(Profile.Quick, root) { Items = items, Shard = shard, Threads = threads });

    private static string Results(RunSummary run) => Path.Combine(run.Directory, ArtifactLayout.ResultsFile);

    private static IReadOnlyList<ColumnVector> Read(string file)
    {
        using var reader = ParquetReader.Open(file);
        return reader.ReadAll();
    }

    /// <summary>Each row as text, with the item it belongs to, told by its parameter values and replicate (not by the selection's code).</summary>
    private static List<(string Item, string Row)> Rows(IReadOnlyList<ColumnVector> table)
    {
        var parameters = Walk.Parameters.Count;
        var replicate = parameters + ArtifactConventions.OffsetAfterParameters(ExperimentDefinition.ReplicateColumn);
        return Enumerable.Range(0, table[0].Count).Select(r => (
            string.Join("|", Enumerable.Range(0, parameters).Select(c => table[c].Format(r)).Append(table[replicate].Format(r))),
            string.Join("|", table.Select(c => c.Format(r))))).ToList();
    }

    private static string ItemOf(Grid grid, int item) =>
        string.Join("|", grid.Axes.Select((a, k) => a.Format(grid.Cells[item / Replicates].ValueIndices[k])).Append($"{item % Replicates}"));

    [Fact]
    public void A_run_of_chosen_items_writes_exactly_the_rows_a_full_run_writes_for_them()
    {
        using var full = RepositoryPaths.CreateTemp();
        using var part = RepositoryPaths.CreateTemp();
        var chosen = new[] { 0, 7, 30, 31, 32, 33, 179 }; // item 179 is the last cell, which diverges
        var grid = Walk.CreateGrid(Profile.Quick);
        var keys = chosen.Select(i => ItemOf(grid, i)).ToHashSet();
        var expected = Rows(Read(Results(Run(full.Path)))).Where(r => keys.Contains(r.Item)).ToList();
        var run = Run(part.Path, ItemSelection.Parse("0,7,30-33,179"));

        Assert.Equal(chosen.Length, run.Items);
        Assert.Equal(keys, expected.Select(r => r.Item).ToHashSet()); // every chosen item wrote rows
        Assert.Equal(expected, Rows(Read(Results(run))));
        Assert.Contains("quick-items-", run.Directory);
    }

    [Fact]
    public void A_sample_depends_on_the_items_keys_alone()
    {
        var grid = Walk.CreateGrid(Profile.Quick);
        var sample = ItemSelection.Sample(6).Resolve(Walk, grid, Replicates);
        Assert.Equal(6, sample.Count);
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(sample, ItemSelection.Sample(6).Resolve(Walk, grid, Replicates));
        Assert.Subset(sample.ToHashSet(), ItemSelection.Sample(5).Resolve(Walk, grid, Replicates).ToHashSet());
        // Listing a parameter's values in another order moves every item's index but picks the same items.
        var reordered = Walk.CreateGrid(Profile.Quick, new Dictionary<string, IReadOnlyList<string>> { ["Steps"] = ["1000", "10", "100"] });
        var moved = ItemSelection.Sample(6).Resolve(Walk, reordered, Replicates);
        Assert.NotEqual(sample, moved);
        Assert.Equal(sample.Select(i => ItemOf(grid, i)).Order(), moved.Select(i => ItemOf(reordered, i)).Order());
        // A sample larger than the grid is every item.
        Assert.Equal(Enumerable.Range(0, grid.Cells.Count * Replicates), ItemSelection.Sample(10_000).Resolve(Walk, grid, Replicates));
    }

    [Fact]
    public void Shards_of_a_sample_merge_into_the_rows_of_the_unsharded_sample()
    {
        using var whole = RepositoryPaths.CreateTemp();
        using var sharded = RepositoryPaths.CreateTemp();
        var expected = Rows(Read(Results(Run(whole.Path, ItemSelection.Sample(7)))));
        var first = Run(sharded.Path, ItemSelection.Sample(7), new ShardSpec(1, 2), threads: 1);
        Assert.Null(first.ResultsFile);
        Assert.Equal(4, first.Items);
        Assert.Equal(3, Run(sharded.Path, ItemSelection.Sample(7), new ShardSpec(2, 2)).Items);
        var (file, _, _) = ExperimentHost.Merge(first.Directory);
        Assert.Equal(expected, Rows(Read(file)));
    }

    [Fact]
    public void A_partial_artifact_never_becomes_a_reference_and_has_no_claims()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var run = Run(temp.Path, ItemSelection.Sample(3));
        var accept = Assert.Throws<ArtifactException>(() => ReferenceArtifacts.Accept(run.Directory, Path.Combine(temp.Path, "references")));
        Assert.Contains("holds 3 of 180 work items (a partial artifact)", accept.Message);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "references")));
        var claims = Assert.Throws<ExperimentException>(() => ClaimCheck.Check(Walk, Results(run)));
        Assert.Contains("claims and figures need every item", claims.Message);
        Assert.False(new RunRequest(Profile.Quick, temp.Path) { Items = ItemSelection.Sample(3) }.IsReference);
    }

    [Fact]
    public void The_diff_compares_a_partial_artifact_on_its_items_and_catches_a_changed_row()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var full = Results(Run(Path.Combine(temp.Path, "full")));
        var partial = Results(Run(Path.Combine(temp.Path, "part"), ItemSelection.Parse("0-4")));
        var same = ArtifactDiff.Compare(full, partial);
        Assert.False(same.Differs, same.ToText());
        Assert.Equal(0, same.LargestAcceptedDeviation);
        Assert.Equal("5 of 180 work items", same.Files[0].Partial);
        Assert.Contains("a partial artifact, 5 of 180 work items compared", same.Summary);
        Assert.Equal(same.Files[0].OldRows, same.Files[0].NewRows);

        // Items 0–4 are the first cell's replicates: its rows come first. A row of another item is not compared.
        var rowsOfPartial = (int)same.Files[0].NewRows;
        var tampered = Path.Combine(temp.Path, "tampered.parquet");
        File.Copy(full, tampered);
        ArtifactTamper.Scale(tampered, rowsOfPartial, "position", 1.5);
        Assert.False(ArtifactDiff.Compare(tampered, partial).Differs);
        ArtifactTamper.Scale(tampered, 1, "position", 1 + 1e-6);
        var caught = ArtifactDiff.Compare(tampered, partial);
        Assert.True(caught.Differs);
        Assert.Single(caught.Files[0].Values);
        Assert.Equal("position", caught.Files[0].Values[0].Column);
    }

    [Fact]
    public void A_folder_diff_compares_a_run_of_chosen_items_with_the_whole_run_it_is_part_of()
    {
        using var temp = RepositoryPaths.CreateTemp();
        var (references, runs) = (Path.Combine(temp.Path, "artifacts"), Path.Combine(temp.Path, "runs"));
        var whole = Run(references);
        var part = Run(runs, ItemSelection.Sample(4));
        var diff = ArtifactDiff.Compare(references, runs);
        Assert.False(diff.Differs, diff.ToText());
        Assert.Equal("4 of 180 work items", Assert.Single(diff.Files).Partial);
        Assert.False(ArtifactDiff.Compare(runs, references).Differs);

        var sampled = ItemSelection.Sample(4).Resolve(Walk, Walk.CreateGrid(Profile.Quick), Replicates);
        var firstRow = Rows(Read(Results(whole))).FindIndex(r => r.Item == ItemOf(Walk.CreateGrid(Profile.Quick), sampled[0]));
        ArtifactTamper.Scale(Results(whole), firstRow, "position", 1 + 1e-6);
        Assert.True(ArtifactDiff.Compare(references, runs).Differs);
        Assert.Contains("-items-", part.Directory);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("1,,2")]
    [InlineData("-1")]
    public void A_malformed_item_list_is_explained(string text) =>
        Assert.Contains("is not a list of work items", Assert.Throws<ExperimentException>(() => ItemSelection.Parse(text)).Message);

    [Fact]
    public void An_item_beyond_the_grid_is_explained()
    {
        var grid = Walk.CreateGrid(Profile.Quick);
        var e = Assert.Throws<ExperimentException>(() => ItemSelection.Parse("3,180").Resolve(Walk, grid, Replicates));
        Assert.Equal("sample-walk has work items 0–179 at this profile; item 180 does not exist.", e.Message);
        Assert.Throws<ExperimentException>(() => ItemSelection.Sample(0));
    }
}
