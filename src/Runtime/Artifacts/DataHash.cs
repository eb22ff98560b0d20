using System.Security.Cryptography;
using System.Text;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Artifacts;

/// <summary>SHA-256 of a table's data (names, types and every value's canonical text), independent of metadata and layout.</summary>
public static class DataHash
{
    public static string Of(TableSchema schema, IEnumerable<IReadOnlyList<ColumnVector>> rowGroups)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) => hash.AppendData(Encoding.UTF8.GetBytes(s));
        foreach (var c in schema.Columns) Add($"{c.Name}:{c.Type}:{c.Nullable}\n");
        foreach (var group in rowGroups)
        {
            var rows = group.Count == 0 ? 0 : group[0].Count;
            var line = new StringBuilder();
            for (var r = 0; r < rows; r++)
            {
                line.Clear();
                foreach (var column in group) line.Append(column.Format(r)).Append('\t');
                Add(line.Append('\n').ToString());
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
