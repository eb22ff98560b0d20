using System.Text;
using ReproHeavyTails.Numerics;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The typed half of a definition. The generator overrides the abstract members with direct,
/// reflection-free code: setting parameters, calling the run method, writing and reading row columns,
/// dispatching claims.
/// </summary>
public abstract class ExperimentDefinition<TExperiment, TRow>(string id, int version, string title, Paper? paper, string aspect, string credit,
    int quickReplicates, int paperReplicates, IReadOnlyList<Parameter> parameters, IReadOnlyList<Column> rowColumns,
    IReadOnlyList<ClaimInfo> claims, IReadOnlyList<FigureInfo> figures)
    : ExperimentDefinition(id, version, title, paper, aspect, credit, quickReplicates, paperReplicates, parameters, rowColumns, claims, figures)
{
    protected abstract TExperiment CreateExperiment(GridCell cell);

    protected abstract IEnumerable<TRow> Run(TExperiment experiment, RunContext context);

    /// <summary>Appends the row's values to the result columns starting at <paramref name="offset"/>.</summary>
    protected abstract void WriteRow(TRow row, ColumnVector[] columns, int offset);

    protected abstract TRow ReadRow(IReadOnlyList<ColumnVector> columns, int offset, int index);

    /// <summary>Rebuilds the cell's experiment instance from the parameter columns of row <paramref name="index"/>.</summary>
    protected abstract TExperiment ReadExperiment(IReadOnlyList<ColumnVector> columns, int index);

    protected abstract ClaimResult CheckClaim(int claim, ResultTable<TExperiment, TRow> results);

    protected abstract Figures.Figure DrawFigure(int figure, ResultTable<TExperiment, TRow> results);

    public sealed override ColumnVector[] RunItem(GridCell cell, int replicate, RunSettings settings, Action<double>? progress)
    {
        var experiment = CreateExperiment(settings.ToHorizon && HorizonAxis is { } axis && Parameters[axis].Horizon!.SpotCheckAt is var horizon
            && cell.Value<int>(axis) > horizon ? cell.WithValue(axis, horizon) : cell);
        var context = new RunContext(StreamKeyOf(cell, replicate, settings.MasterSeed), SharedKeyOf(replicate, settings.MasterSeed),
            settings.Profile, replicate, settings.Cancellation, progress);
        var columns = ColumnVector.CreateAll(Schema);
        try
        {
            var row = 0;
            foreach (var value in Run(experiment, context))
            {
                AppendKey(columns, cell, replicate, row, null);
                WriteRow(value, columns, RowColumnOffset);
                RequireFinite(columns, row++);
            }
        }
        catch (DivergedException e)
        {
            foreach (var c in columns) c.Clear();
            AppendKey(columns, cell, replicate, 0, e.Message);
            for (var c = RowColumnOffset; c < columns.Length; c++) AppendNull(columns[c]);
        }
        return columns;
    }

    public sealed override IReadOnlyList<ClaimOutcome> CheckClaims(IReadOnlyList<ColumnVector> table, Profile profile)
    {
        var results = ReadResults(table);
        return Claims.Select((claim, i) =>
        {
            try
            {
                var r = CheckClaim(i, results);
                return new ClaimOutcome(Id, PaperReference, claim.Name, claim.Statement, r.Passed, r.Evidence, claim.KnownToFailAt(profile)) { Result = r };
            }
            catch (Exception e)
            {
                return new ClaimOutcome(Id, PaperReference, claim.Name, claim.Statement, false, $"error: {e.GetType().Name}: {e.Message}");
            }
        }).ToArray();
    }

    public sealed override IReadOnlyList<(FigureInfo Info, Figures.Figure Figure)> DrawFigures(IReadOnlyList<ColumnVector> table)
    {
        var results = ReadResults(table);
        return Figures.Select((figure, i) => (figure, DrawFigure(i, results))).ToArray();
    }

    /// <summary>Reads an artifact table back into typed results.</summary>
    public ResultTable<TExperiment, TRow> ReadResults(IReadOnlyList<ColumnVector> table)
    {
        var rows = new List<Result<TExperiment, TRow>>(table.Count == 0 ? 0 : table[0].Count);
        var count = table.Count == 0 ? 0 : table[0].Count;
        var p = Parameters.Count;
        var replicate = (ColumnVector<int>)table[p + ReplicateOffset];
        var rowIndex = (ColumnVector<int>)table[p + RowOffset];
        var diverged = (ColumnVector<bool>)table[p + DivergedOffset];
        var reason = (ColumnVector<string>)table[p + DivergedReasonOffset];
        for (var i = 0; i < count; i++)
        {
            var isDiverged = diverged[i];
            rows.Add(new Result<TExperiment, TRow>(ReadExperiment(table, i), replicate[i], rowIndex[i],
                isDiverged ? default : ReadRow(table, RowColumnOffset, i), isDiverged, reason.GetOrDefault(i)));
        }
        return new ResultTable<TExperiment, TRow>(rows);
    }

    /// <summary>
    /// A NaN or ±∞ in a row is a divergence, whichever simulator let it through: the cell becomes a diverged row
    /// whose reason names the column. A value that is undefined rather than diverged (no estimate, no solution)
    /// belongs in a nullable column as null.
    /// </summary>
    private void RequireFinite(ColumnVector[] columns, int row)
    {
        for (var c = RowColumnOffset; c < columns.Length; c++)
        {
            var value = columns[c] switch
            {
                ColumnVector<double> v when !v.IsNull(v.Count - 1) => v.Get(v.Count - 1),
                ColumnVector<float> v when !v.IsNull(v.Count - 1) => v.Get(v.Count - 1),
                _ => 0,
            };
            if (!double.IsFinite(value))
                throw new DivergedException($"{Schema.Columns[c].Name} became {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} in row {row}");
        }
    }

    private void AppendKey(ColumnVector[] columns, GridCell cell, int replicate, int row, string? divergedReason)
    {
        for (var a = 0; a < cell.Grid.Axes.Count; a++) cell.Grid.Axes[a].AppendTo(columns[a], cell.ValueIndices[a]);
        var p = cell.Grid.Axes.Count;
        ((ColumnVector<int>)columns[p + ReplicateOffset]).Add(replicate);
        ((ColumnVector<int>)columns[p + RowOffset]).Add(row);
        ((ColumnVector<bool>)columns[p + DivergedOffset]).Add(divergedReason is not null);
        ((ColumnVector<string>)columns[p + DivergedReasonOffset]).Add(divergedReason!);
    }

    // The key columns' places after the parameters, as the conventions order them (one home for the order).
    private static readonly int ReplicateOffset = ArtifactConventions.OffsetAfterParameters(ReplicateColumn),
        RowOffset = ArtifactConventions.OffsetAfterParameters(RowColumn),
        DivergedOffset = ArtifactConventions.OffsetAfterParameters(DivergedColumn),
        DivergedReasonOffset = ArtifactConventions.OffsetAfterParameters(DivergedReasonColumn);

    private static void AppendNull(ColumnVector column)
    {
        switch (column)
        {
            case ColumnVector<double> v: v.AddNull(); break;
            case ColumnVector<float> v: v.AddNull(); break;
            case ColumnVector<int> v: v.AddNull(); break;
            case ColumnVector<long> v: v.AddNull(); break;
            case ColumnVector<bool> v: v.AddNull(); break;
            case ColumnVector<string> v: v.AddNull(); break;
        }
    }

    /// <summary>Canonical identity of a cell's stream: parameters sorted by name, so declaration order does not matter.</summary>
    private string StreamKeyOf(GridCell cell, int replicate, ulong seed)
    {
        var sb = new StringBuilder().Append(Id).Append('\n').Append(Version).Append('\n');
        foreach (var (axis, index) in cell.Grid.Axes.Select((a, i) => (a, cell.ValueIndices[i])).OrderBy(x => x.a.Parameter.Name, StringComparer.Ordinal))
            sb.Append(axis.Parameter.Name).Append('=').Append(axis.Format(index)).Append('\n');
        return sb.Append("replicate=").Append(replicate).Append("\nseed=").Append(seed).ToString();
    }

    private string SharedKeyOf(int replicate, ulong seed) => $"{Id}\n{Version}\nshared\nreplicate={replicate}\nseed={seed}";

    /// <summary>Reads a nullable column value for generated row readers.</summary>
    protected static T? Nullable<T>(IReadOnlyList<ColumnVector> columns, int column, int index) where T : struct
    {
        var v = (ColumnVector<T>)columns[column];
        return v.IsNull(index) ? null : v.Get(index);
    }

    protected static T Required<T>(IReadOnlyList<ColumnVector> columns, int column, int index)
    {
        var v = (ColumnVector<T>)columns[column];
        if (v.IsNull(index)) throw new ExperimentException($"Column {column} is null in row {index} of a completed cell.");
        return v.Get(index);
    }

    protected static string? NullableString(IReadOnlyList<ColumnVector> columns, int column, int index) =>
        ((ColumnVector<string>)columns[column]).GetOrDefault(index);

    protected static TEnum ParseEnum<TEnum>(string text) where TEnum : struct, Enum => Enum.Parse<TEnum>(text);
}
