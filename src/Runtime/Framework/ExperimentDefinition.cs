using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>
/// Everything the host needs to know about an experiment, emitted by the generator: identity, parameters,
/// the result schema, claims, and a runner. Artifact tables hold the key columns (parameters, replicate,
/// row, divergence) followed by the row type's columns.
/// </summary>
public abstract class ExperimentDefinition
{
    public const string ReplicateColumn = ArtifactConventions.ReplicateColumn, RowColumn = ArtifactConventions.RowColumn,
        DivergedColumn = ArtifactConventions.DivergedColumn, DivergedReasonColumn = ArtifactConventions.DivergedReasonColumn;

    protected ExperimentDefinition(string id, int version, string title, Paper? paper, string aspect, string credit, int quickReplicates, int paperReplicates,
        IReadOnlyList<Parameter> parameters, IReadOnlyList<Column> rowColumns, IReadOnlyList<ClaimInfo> claims, IReadOnlyList<FigureInfo> figures)
    {
        Figures = figures;
        Id = id;
        Version = version;
        Title = title;
        Paper = paper;
        Aspect = aspect;
        Credit = credit;
        QuickReplicates = quickReplicates;
        PaperReplicates = paperReplicates;
        Parameters = parameters;
        HorizonAxis = parameters.Count(p => p.Horizon is not null) switch
        {
            0 => null,
            1 => parameters.ToList().FindIndex(p => p.Horizon is not null),
            _ => throw new ArgumentException($"Experiment {id} declares more than one horizon parameter.", nameof(parameters)),
        };
        Claims = claims;
        var key = parameters.Select(p => new Column(p.Column, p.Type))
            .Concat(ArtifactConventions.ColumnsAfterParameters.Select(KeyColumn))
            .ToArray();
        KeyColumnCount = parameters.Count + ArtifactConventions.IdentifyingColumnsAfterParameters;
        RowColumnOffset = key.Length;
        // Result columns are nullable in the file: a diverged cell has no values.
        Schema = new TableSchema(key.Concat(rowColumns.Select(c => c with { Nullable = true })));
        RowColumns = rowColumns;
    }

    /// <summary>The type of each column after the parameters; their order is the conventions'.</summary>
    private static Column KeyColumn(string name) => name switch
    {
        ReplicateColumn or RowColumn => new Column(name, ColumnType.Int32),
        DivergedColumn => new Column(name, ColumnType.Boolean),
        DivergedReasonColumn => new Column(name, ColumnType.String, nullable: true),
        _ => throw new InvalidOperationException($"No type for key column '{name}'."),
    };

    public string Id { get; }

    public int Version { get; }

    public string Title { get; }

    /// <summary>The paper reproduced; null for an experiment of no paper.</summary>
    public Paper? Paper { get; }

    /// <summary>Which part of the paper ("" for the whole).</summary>
    public string Aspect { get; }

    /// <summary>Another work a piece is taken from ("" for none).</summary>
    public string Credit { get; }

    /// <summary>
    /// The paper as artifacts (repro.paper) and claim outcomes cite it: its citation, then ", aspect", then "; credit".
    /// </summary>
    public string PaperReference =>
        (Paper?.Citation ?? "") + (Aspect.Length > 0 ? ", " + Aspect : "") + (Credit.Length > 0 ? "; " + Credit : "");

    public int QuickReplicates { get; }

    public int PaperReplicates { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The position of the horizon parameter (<see cref="HorizonAttribute"/>) among <see cref="Parameters"/>; null without one.</summary>
    public int? HorizonAxis { get; }

    /// <summary>The row type's columns as declared (with their nullability and tolerances).</summary>
    public IReadOnlyList<Column> RowColumns { get; }

    public IReadOnlyList<ClaimInfo> Claims { get; }

    public IReadOnlyList<FigureInfo> Figures { get; }

    /// <summary>The artifact table's schema: key columns, then result columns.</summary>
    public TableSchema Schema { get; }

    /// <summary>The leading columns that identify a row (parameters, replicate, row).</summary>
    public int KeyColumnCount { get; }

    private protected int RowColumnOffset { get; }

    public int Replicates(Profile profile) => profile == Profile.Quick ? QuickReplicates : PaperReplicates;

    /// <summary>Resolves the grid of a profile, with parameter values optionally overridden by name.</summary>
    public Grid CreateGrid(Profile profile, IReadOnlyDictionary<string, IReadOnlyList<string>>? overrides = null)
    {
        if (overrides is not null)
            foreach (var name in overrides.Keys.Order(StringComparer.Ordinal))
                if (!Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) || p.Column == name))
                    throw new ExperimentException($"Experiment {Id} has no parameter '{name}'. Its parameters: {string.Join(", ", Parameters.Select(p => p.Name))}.");
        return new Grid(Parameters.Select(p => p.Axis(profile, Override(p))).ToArray());

        // By name, so that of two overrides naming one parameter ("lr" and "Lr") the same one wins on every run.
        IReadOnlyList<string>? Override(Parameter p) =>
            overrides?.OrderBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault(kv => string.Equals(kv.Key, p.Name, StringComparison.OrdinalIgnoreCase) || kv.Key == p.Column).Value;
    }

    /// <summary>Runs one cell and replicate; returns its rows in the artifact schema.</summary>
    public abstract ColumnVector[] RunItem(GridCell cell, int replicate, RunSettings settings, Action<double>? progress);

    /// <summary>Checks every claim against a full artifact table.</summary>
    public abstract IReadOnlyList<ClaimOutcome> CheckClaims(IReadOnlyList<ColumnVector> table, Profile profile);

    /// <summary>Draws every figure from a full artifact table.</summary>
    public abstract IReadOnlyList<(FigureInfo Info, Figures.Figure Figure)> DrawFigures(IReadOnlyList<ColumnVector> table);

    public override string ToString() => $"{Id} v{Version}";
}
