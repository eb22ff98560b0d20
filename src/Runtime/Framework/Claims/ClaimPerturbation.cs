namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// Moves every prediction an agreement procedure tests by a number of its standard errors, for the duration of
/// a scope: a claim that still passes when its prediction is wrong by a few standard errors has no power.
/// Tests only; the shift flows with the async context and is zero outside a scope.
/// </summary>
public static class ClaimPerturbation
{
    private static readonly AsyncLocal<double> Current = new();

    /// <summary>Predictions move by <paramref name="standardErrors"/> × their SE until the returned scope is disposed.</summary>
    public static IDisposable Shift(double standardErrors)
    {
        var previous = Current.Value;
        Current.Value = standardErrors;
        return new Scope(previous);
    }

    /// <summary>A prediction as the procedures see it: moved by the current shift times its standard error.</summary>
    internal static double Apply(double predicted, double standardError) =>
        Current.Value == 0 ? predicted : predicted + Current.Value * standardError;

    /// <summary>An interval prediction moves by its own width plus the shift times the SE, so that a value inside it ends up that many SE outside.</summary>
    internal static (double Lower, double Upper) Apply(double lower, double upper, double standardError)
    {
        if (Current.Value == 0) return (lower, upper);
        var move = Math.Sign(Current.Value) * (upper - lower) + Current.Value * standardError;
        return (lower + move, upper + move);
    }

    private sealed class Scope(double previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
