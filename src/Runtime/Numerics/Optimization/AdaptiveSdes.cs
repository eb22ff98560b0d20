namespace ReproHeavyTails.Optimization;

/// <summary>
/// RMSprop(W)'s SDE in this project's form (docs/adaptive-sdes.md), time t = kη with α = 1 − ρη: state (x, v),
///   dX = −(∇f/(√V + ε) + γX) dt + √η σ/(√V + ε) dW,   dV = ρ(∇f² + σ² − V) dt.
/// The optimizer's own v starts at 0, where this SDE is singular, so comparisons start both at a warm v₀.
/// Gaussian noise only (E g² = ∇f² + σ²).
/// </summary>
public sealed class RmsPropSde(NoisyObjective problem, double eta, double rho, double decay = 0, double epsilon = 1e-8)
    : Sde(2 * problem.Dimension)
{
    public override void Coefficients(ReadOnlySpan<double> state, Span<double> drift, Span<double> diffusion)
    {
        var d = problem.Dimension;
        var x = state[..d];
        var v = state[d..];
        problem.Gradient(x, drift[..d]);
        for (var i = 0; i < d; i++)
        {
            var g = drift[i];
            var scale = 1 / (Math.Sqrt(v[i]) + epsilon);
            var sigma = problem.NoiseScale[i];
            drift[i] = -(g * scale + decay * x[i]);
            diffusion[i] = Math.Sqrt(eta) * sigma * scale;
            drift[d + i] = rho * (g * g + sigma * sigma - v[i]);
            diffusion[d + i] = 0;
        }
    }

    /// <summary>The starting state (x₀, v₀).</summary>
    public static double[] Start(ReadOnlySpan<double> x0, ReadOnlySpan<double> v0) => [.. x0, .. v0];
}

/// <summary>
/// Adam(W)'s SDE in this project's form, time t = kη with β_i = 1 − ρ_iη: state (x, m, v, t),
///   dX = −(M̂/(√V̂ + ε) + γX) dt,   dM = ρ₁(∇f − M) dt + ρ₁√η σ dW,   dV = ρ₂(∇f² + σ² − V) dt,
/// with the bias corrections M̂ = M/(1 − e^{−ρ₁t}), V̂ = V/(1 − e^{−ρ₂t}) (at t = 0 their limits ∇f and E g²).
/// The noise enters through the momentum, so X itself is differentiable. Gaussian noise only.
/// </summary>
public sealed class AdamSde(NoisyObjective problem, double eta, double rho1, double rho2, double decay = 0, double epsilon = 1e-8)
    : Sde(3 * problem.Dimension + 1)
{
    public override void Coefficients(ReadOnlySpan<double> state, Span<double> drift, Span<double> diffusion)
    {
        var d = problem.Dimension;
        var x = state[..d];
        var m = state[d..(2 * d)];
        var v = state[(2 * d)..(3 * d)];
        var t = state[3 * d];
        problem.Gradient(x, drift[..d]);
        var (c1, c2) = (1 - Math.Exp(-rho1 * t), 1 - Math.Exp(-rho2 * t));
        for (var i = 0; i < d; i++)
        {
            var g = drift[i];
            var sigma = problem.NoiseScale[i];
            var moment = g * g + sigma * sigma;
            var mHat = t == 0 ? g : m[i] / c1;
            var vHat = t == 0 ? moment : v[i] / c2;
            drift[i] = -(mHat / (Math.Sqrt(vHat) + epsilon) + decay * x[i]);
            diffusion[i] = 0;
            drift[d + i] = rho1 * (g - m[i]);
            diffusion[d + i] = rho1 * Math.Sqrt(eta) * sigma;
            drift[2 * d + i] = rho2 * (moment - v[i]);
            diffusion[2 * d + i] = 0;
        }
        drift[3 * d] = 1;
        diffusion[3 * d] = 0;
    }

    /// <summary>The starting state (x₀, m = 0, v = 0, t = 0), as the optimizer starts.</summary>
    public static double[] Start(ReadOnlySpan<double> x0) => [.. x0, .. new double[2 * x0.Length + 1]];
}

/// <summary>
/// Malladi et al. (2022)'s SDEs for RMSprop and Adam, in their variables: time t = kη², noise scale σ₀ = η (the
/// oracle's σ is its Σ^{1/2}), ε₀ = εη, 1 − β_i = c_iη², P = σ₀√u + ε₀ (Adam: ε₀√ι₂), ι_i = 1 − e^{−c_it}:
///   RMSprop: dX = −P⁻¹(∇f dt + σ₀Σ^{1/2} dW),  du = c₂(diag Σ − u) dt;
///   Adam:    dX = −(√ι₂/ι₁)P⁻¹ m dt,  dm = c₁(∇f − m) dt + σ₀c₁Σ^{1/2} dW,  du = c₂(diag Σ − u) dt.
/// Unlike the project's form u follows the noise alone (no ∇f²): the two agree where noise dominates the gradient.
/// State: RMSprop (x, u); Adam (x, m, u, t). Integrate with steps of size η²/k per optimizer step.
/// </summary>
public sealed class MalladiSde(NoisyObjective problem, double eta, double beta1, double beta2, bool momentum, double epsilon = 1e-8)
    : Sde((momentum ? 3 : 2) * problem.Dimension + (momentum ? 1 : 0))
{
    private readonly double _c1 = (1 - beta1) / (eta * eta);
    private readonly double _c2 = (1 - beta2) / (eta * eta);

    public override void Coefficients(ReadOnlySpan<double> state, Span<double> drift, Span<double> diffusion)
    {
        var d = problem.Dimension;
        var (sigma0, epsilon0) = (eta, epsilon * eta);
        problem.Gradient(state[..d], drift[..d]);
        if (!momentum)
        {
            for (var i = 0; i < d; i++)
            {
                var u = state[d + i];
                var inverse = 1 / (sigma0 * Math.Sqrt(u) + epsilon0);
                var sigma = problem.NoiseScale[i];
                drift[i] *= -inverse;
                diffusion[i] = inverse * sigma0 * sigma;
                drift[d + i] = _c2 * (sigma * sigma - u);
                diffusion[d + i] = 0;
            }
            return;
        }
        var t = state[3 * d];
        var (iota1, iota2) = (1 - Math.Exp(-_c1 * t), 1 - Math.Exp(-_c2 * t));
        for (var i = 0; i < d; i++)
        {
            var (g, m, u) = (drift[i], state[d + i], state[2 * d + i]);
            var sigma = problem.NoiseScale[i];
            // At t = 0 the bias-corrected ratio has the limit ∇f/(σ₀√diagΣ + ε₀).
            drift[i] = t == 0 ? -g / (sigma0 * sigma + epsilon0) : -Math.Sqrt(iota2) / iota1 * m / (sigma0 * Math.Sqrt(u) + epsilon0 * Math.Sqrt(iota2));
            diffusion[i] = 0;
            drift[d + i] = _c1 * (g - m);
            diffusion[d + i] = sigma0 * _c1 * sigma;
            drift[2 * d + i] = _c2 * (sigma * sigma - u);
            diffusion[2 * d + i] = 0;
        }
        drift[3 * d] = 1;
        diffusion[3 * d] = 0;
    }
}
