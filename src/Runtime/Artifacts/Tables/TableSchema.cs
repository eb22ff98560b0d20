using System.Security.Cryptography;
using System.Text;

namespace ReproHeavyTails.Tables;

/// <summary>An ordered list of columns. Its hash covers names, types and nullability, not tolerances.</summary>
public sealed class TableSchema
{
    public TableSchema(IEnumerable<Column> columns)
    {
        Columns = columns.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in Columns)
            if (!seen.Add(column.Name))
                throw new ArgumentException($"Column '{column.Name}' appears twice in the schema.");
        Hash = ComputeHash(Columns);
    }

    public IReadOnlyList<Column> Columns { get; }

    /// <summary>First 16 hex digits of SHA-256 over the canonical column list.</summary>
    public string Hash { get; }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == name) return i;
        return -1;
    }

    internal bool SameShape(TableSchema other) => Hash == other.Hash;

    public override string ToString() =>
        string.Join(", ", Columns.Select(c => $"{c.Name}: {c.Type}{(c.Nullable ? "?" : "")}"));

    private static string ComputeHash(IEnumerable<Column> columns)
    {
        var text = new StringBuilder();
        foreach (var c in columns)
            text.Append(c.Name).Append(':').Append(c.Type).Append(':').Append(c.Nullable ? "null" : "required").Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
