using ReproHeavyTails.Tables;

namespace ReproHeavyTails.Framework;

/// <summary>A declared experiment parameter: its name, column and where its values come from.</summary>
public abstract class Parameter(string name, string? zipGroup, Horizon? horizon = null)
{
    public string Name { get; } = name;

    /// <summary>The artifact column: the property name in snake_case.</summary>
    public string Column { get; } = ColumnNaming.SnakeCase(name);

    public string? ZipGroup { get; } = zipGroup;

    /// <summary>Set when the parameter is a horizon (<see cref="HorizonAttribute"/>).</summary>
    public Horizon? Horizon { get; } = horizon;

    public abstract ColumnType Type { get; }

    /// <summary>The values declared for a profile, or the parsed override values.</summary>
    internal abstract GridAxis Axis(Profile profile, IReadOnlyList<string>? overrides);
}
