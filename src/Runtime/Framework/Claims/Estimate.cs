using MathNet.Numerics.Distributions;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// A measured value with its standard error and the degrees of freedom of that error (∞: known or from many
/// samples, so tests use the normal law; finite: a mean over few replicates, so they use Student's t).
/// </summary>
public readonly record struct Estimate(double Value, double StandardError, double DegreesOfFreedom = double.PositiveInfinity)
{
    /// <summary>A mean over replicates: its standard error has n − 1 degrees of freedom.</summary>
    public static Estimate Of(Summary summary) => new(summary.Mean, summary.StandardError, summary.Count - 1);

    /// <summary>The mean of values (one per replicate, or paired differences), with n − 1 degrees of freedom.</summary>
    public static Estimate Of(IEnumerable<double> values) => Of(Summary.Of(values));

    /// <summary>The difference of two independent estimates; Welch–Satterthwaite degrees of freedom.</summary>
    public Estimate Minus(Estimate other)
    {
        double a = StandardError * StandardError, b = other.StandardError * other.StandardError;
        var df = double.IsPositiveInfinity(DegreesOfFreedom) && double.IsPositiveInfinity(other.DegreesOfFreedom)
            ? double.PositiveInfinity
            : (a + b) * (a + b) / (a * a / DegreesOfFreedom + b * b / other.DegreesOfFreedom);
        return new Estimate(Value - other.Value, Math.Sqrt(a + b), df);
    }

    /// <summary>The standardised distance (Value − reference)/SE.</summary>
    public double Score(double reference) =>
        double.IsNaN(Value) || double.IsNaN(StandardError) || double.IsNaN(reference) ? double.NaN
        : StandardError > 0 ? (Value - reference) / StandardError
        : Value == reference ? 0 : Math.Sign(Value - reference) * double.PositiveInfinity;

    /// <summary>P(T ≥ t) under this estimate's reference law (normal, or Student's t with its degrees of freedom).</summary>
    public double UpperTail(double t) =>
        double.IsNaN(t) ? double.NaN
        : double.IsInfinity(t) ? (t > 0 ? 0 : 1)
        : double.IsPositiveInfinity(DegreesOfFreedom) || DegreesOfFreedom > 1e6 ? 1 - Normal.CDF(0, 1, t) : 1 - StudentT.CDF(0, 1, DegreesOfFreedom, t);

    /// <summary>Two-sided p-value of Value = reference.</summary>
    public double TwoSided(double reference) => Math.Min(1, 2 * UpperTail(Math.Abs(Score(reference))));

    public override string ToString() => Format(Value) + " ± " + Format(StandardError);

    internal static string Format(double x) => x.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
