using System.Collections.Generic;

namespace ReproHeavyTails;

/// <summary>
/// What an artifact table looks like, in one place: the key columns after the parameters, which CLR types become which
/// column kinds, and the profile names. Compiled into both the generator (which checks clashes, picks kinds and checks
/// profile names at compile time) and the runtime (which builds the schema and the folders), so the two cannot drift.
/// </summary>
internal static class ArtifactConventions
{
    public const string ReplicateColumn = "replicate", RowColumn = "row", DivergedColumn = "diverged", DivergedReasonColumn = "diverged_reason";

    /// <summary>The columns between the parameters and the row's columns, in file order.</summary>
    public static readonly IReadOnlyList<string> ColumnsAfterParameters = new[] { ReplicateColumn, RowColumn, DivergedColumn, DivergedReasonColumn };

    /// <summary>Where a column of <see cref="ColumnsAfterParameters"/> sits, counted from the first column after the parameters.</summary>
    public static int OffsetAfterParameters(string column)
    {
        for (var i = 0; i < ColumnsAfterParameters.Count; i++)
            if (ColumnsAfterParameters[i] == column) return i;
        throw new KeyNotFoundException($"'{column}' is not a column after the parameters.");
    }

    /// <summary>How many of <see cref="ColumnsAfterParameters"/> identify a row together with the parameters (replicate and row).</summary>
    public const int IdentifyingColumnsAfterParameters = 2;

    /// <summary>The profile names of folders, metadata, the command line and <c>KnownToFailIn</c>, indexed by the Profile enum's value.</summary>
    public const string QuickProfile = "quick", PaperProfile = "paper";

    /// <summary>The column kind (a member name of ReproHeavyTails.Tables.ColumnType) of each supported CLR type, by full name.</summary>
    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["System.Double"] = "Double",
        ["System.Single"] = "Float",
        ["System.Int32"] = "Int32",
        ["System.Int64"] = "Int64",
        ["System.Boolean"] = "Boolean",
        ["System.String"] = StringKind,
    };

    public const string StringKind = "String";

    /// <summary>Enums are stored by member name.</summary>
    public const string EnumKind = StringKind;

    /// <summary>The column kind of a parameter or column type, or null when the type cannot be a column.</summary>
    public static string? KindOf(string clrFullName, bool isEnum) =>
        isEnum ? EnumKind : Kinds.TryGetValue(clrFullName, out var kind) ? kind : null;
}
