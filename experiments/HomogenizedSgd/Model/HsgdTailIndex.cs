namespace ReproHeavyTails.Experiments.HomogenizedSgd.Model;

/// <summary>
/// Tail index η of the stationary law of homogenized SGD (P(‖X‖ &gt; r) ~ r^{−η}), derived in
/// docs/hsgd-tail-index.md (the project's derivation, checked by simulation; not the paper's formulas).
/// </summary>
public static class HsgdTailIndex
{
    /// <summary>d = 1, Σ = λ: a Pearson diffusion with a (skew) Student-t law, η = 1 + 2B(λ+δ)/(γλ²).</summary>
    public static double OneDimensional(double lambda, double learningRate, int batchSize, double ridge) =>
        1 + 2 * batchSize * (lambda + ridge) / (learningRate * lambda * lambda);

    /// <summary>Σ = λI in d dimensions, from the radial process: η = 2 − d + 2B(λ+δ)/(γλ²).</summary>
    public static double Isotropic(int d, double lambda, double learningRate, int batchSize, double ridge) =>
        2 - d + 2 * batchSize * (lambda + ridge) / (learningRate * lambda * lambda);

    /// <summary>
    /// Bounds η_* ≤ η ≤ η* for a general spectrum: the intersection of the brackets given by the Lyapunov
    /// functions ‖y‖^p and (yᵀΣy)^{p/2}. Both collapse to <see cref="Isotropic"/> when all λ_i are equal.
    /// </summary>
    public static (double Lower, double Upper) Bounds(IReadOnlyList<double> spectrum, double learningRate, int batchSize, double ridge)
    {
        double trace = 0, traceSquare = 0;
        foreach (var l in spectrum) { trace += l; traceSquare += l * l; }
        var c = 2.0 * batchSize / learningRate;

        // V = ‖y‖²: φ(u) = 2 + (c − trΣ)u + cδu² with u = 1/s, s = Rayleigh quotient ∈ [λ_min, λ_max].
        // Convex in u, so the maximum is at an end and the minimum at an end or at the vertex.
        double uLow = 1 / spectrum.Max(), uHigh = 1 / spectrum.Min();
        double Phi(double u) => 2 + (c - trace) * u + c * ridge * u * u;
        var euclidLower = Math.Min(Phi(uLow), Phi(uHigh));
        if (ridge > 0)
        {
            var vertex = -(c - trace) / (2 * c * ridge);
            if (vertex > uLow && vertex < uHigh) euclidLower = Math.Min(euclidLower, Phi(vertex));
        }
        var euclidUpper = Math.Max(Phi(uLow), Phi(uHigh));

        // V = yᵀΣy: linear in the eigen-weights, so the extremes sit on eigen-directions:
        // p_i = 2 + c(λ_i + δ)/λ_i² − trΣ²/λ_i².
        var energy = spectrum.Select(l => 2 + (c * (l + ridge) - traceSquare) / (l * l)).ToArray();
        return (Math.Max(euclidLower, energy.Min()), Math.Min(euclidUpper, energy.Max()));
    }

    /// <summary>
    /// Learning rates around the finite-mean threshold (η = 1): below <c>Lower</c> the bounds guarantee a
    /// finite mean (η_* &gt; 1), above <c>Upper</c> they rule it out (η* &lt; 1). Equal for isotropic Σ.
    /// </summary>
    public static (double Lower, double Upper) MeanThreshold(IReadOnlyList<double> spectrum, int batchSize, double ridge) =>
        (Crossing(g => Bounds(spectrum, g, batchSize, ridge).Lower), Crossing(g => Bounds(spectrum, g, batchSize, ridge).Upper));

    /// <summary>The γ at which a bound, decreasing in γ, crosses 1 (bisection in log γ).</summary>
    private static double Crossing(Func<double, double> bound)
    {
        double lo = 1e-8, hi = 1e8;
        if (bound(hi) > 1) return double.PositiveInfinity;
        for (var i = 0; i < 200; i++)
        {
            var mid = Math.Sqrt(lo * hi);
            if (bound(mid) > 1) lo = mid; else hi = mid;
        }
        return Math.Sqrt(lo * hi);
    }
}
