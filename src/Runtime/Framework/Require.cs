using System.Globalization;
using System.Runtime.CompilerServices;

namespace ReproHeavyTails.Framework;

/// <summary>
/// Checks a run method makes of its parameters before it starts. A meaningless value (a learning rate ≤ 0, a
/// batch of no samples) is the user's mistake, not a divergence: it stops the run with one line that names the
/// parameter, instead of rows of NaN or a loop that never ends. The parameter's name is the argument's text.
/// </summary>
public static class Require
{
    /// <summary>A finite number greater than zero.</summary>
    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value > 0 && double.IsFinite(value))) throw Invalid(name, "a positive number", value);
    }

    /// <summary>A number greater than zero, or +∞ (a limit the parameter may take, such as Gaussian noise as ν → ∞).</summary>
    public static void PositiveOrInfinite(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value > 0)) throw Invalid(name, "a positive number or ∞", value);
    }

    /// <summary>A finite number at least zero.</summary>
    public static void NonNegative(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value >= 0 && double.IsFinite(value))) throw Invalid(name, "a number ≥ 0", value);
    }

    /// <summary>A finite number at most <paramref name="maximum"/>.</summary>
    public static void AtMost(double value, double maximum, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value <= maximum && double.IsFinite(value))) throw Invalid(name, $"at most {maximum.ToString(CultureInfo.InvariantCulture)}", value);
    }

    /// <summary>A count at least <paramref name="minimum"/>.</summary>
    public static void AtLeast(long value, long minimum, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < minimum) throw Invalid(name, $"at least {minimum.ToString(CultureInfo.InvariantCulture)}", value);
    }

    private static ExperimentException Invalid(string name, string expected, IFormattable value) =>
        new($"{name} must be {expected} (got {value.ToString(null, CultureInfo.InvariantCulture)}).");
}
