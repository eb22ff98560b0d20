using System.Globalization;
using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>Parameter values as text and as columns: parsing of --set values, canonical formatting, column types.</summary>
internal static class ValueText
{
    /// <summary>The column type of a parameter type, by the map the generator also uses (<see cref="ArtifactConventions.KindOf"/>).</summary>
    public static ColumnType ColumnTypeOf<T>() =>
        KindOf<T>.Type ?? throw new NotSupportedException($"Parameters of type {typeof(T).Name} are not supported.");

    private static class KindOf<T>
    {
        public static readonly ColumnType? Type =
            ArtifactConventions.KindOf(typeof(T).FullName ?? "", typeof(T).IsEnum) is { } kind ? Enum.Parse<ColumnType>(kind) : null;
    }

    public static T Parse<T>(string text)
    {
        object value;
        var s = text.Trim();
        if (typeof(T) == typeof(double)) value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        else if (typeof(T) == typeof(float)) value = float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        else if (typeof(T) == typeof(int)) value = int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        else if (typeof(T) == typeof(long)) value = long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        else if (typeof(T) == typeof(bool)) value = s switch { "true" or "True" => true, "false" or "False" => false, _ => throw new FormatException() };
        else if (typeof(T) == typeof(string)) value = text;
        else if (typeof(T).IsEnum && Enum.TryParse(typeof(T), s, ignoreCase: true, out var e) && Enum.IsDefined(typeof(T), e!)) value = e!;
        else throw new FormatException();
        return (T)value;
    }

    public static string Format<T>(T value) => value is null ? "null" : ColumnVector.FormatValue(ColumnTypeOf<T>(), value);
}
