using System.Text;

namespace ReproHeavyTails;

/// <summary>
/// The one rule that turns property names into column names. Compiled into both the generator
/// (which checks for column clashes) and the runtime (which names parameter columns), so the two agree.
/// </summary>
internal static class ColumnNaming
{
    /// <summary>PascalCase or camelCase to snake_case: "TrueIndex" → "true_index", "LearningRateGD" → "learning_rate_gd".</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (previousLower || nextLower) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
