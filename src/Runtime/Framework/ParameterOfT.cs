using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>A parameter of type <typeparamref name="T"/>; the generator creates one per parameter property.</summary>
public sealed class Parameter<T>(string name, Func<Profile, IEnumerable<T>> values, string? zipGroup = null, Horizon? horizon = null)
    : Parameter(name, zipGroup, horizon)
{
    public override ColumnType Type { get; } = ValueText.ColumnTypeOf<T>();

    internal override GridAxis Axis(Profile profile, IReadOnlyList<string>? overrides)
    {
        if (overrides is null) return new GridAxis<T>(this, values(profile).ToArray());
        var parsed = new T[overrides.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            try { parsed[i] = ValueText.Parse<T>(overrides[i]); }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new ExperimentException($"'{overrides[i]}' is not a valid {typeof(T).Name} value for parameter {Name}.");
            }
        }
        return new GridAxis<T>(this, parsed);
    }
}
