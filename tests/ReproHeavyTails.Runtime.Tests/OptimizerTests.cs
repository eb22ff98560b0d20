using ReproHeavyTails.Optimization;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Statistics;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>Optimizers against steps computed by hand from PyTorch's update rules; SDEs against known laws.</summary>
public class OptimizerTests
{
    private static double[] TwoSteps(IOptimizer optimizer, double[] theta, double[] g1, double[] g2)
    {
        optimizer.Step(theta, g1);
        optimizer.Step(theta, g2);
        return theta;
    }

    [Fact]
    public void Sgd_with_momentum_and_weight_decay()
    {
        // θ = 1, λ = 0.1, μ = 0.9, η = 0.1. Step 1: g = 0.5 + 0.1 = 0.6, b = 0.6, θ = 0.94.
        // Step 2: g = −0.2 + 0.094 = −0.106, b = 0.54 − 0.106 = 0.434, θ = 0.94 − 0.0434 = 0.8966.
        var theta = TwoSteps(new Sgd(1, 0.1, momentum: 0.9, weightDecay: 0.1), [1.0], [0.5], [-0.2]);
        Assert.Equal(0.8966, theta[0], 12);
    }

    [Fact]
    public void SignSgd_moves_by_the_learning_rate()
    {
        var theta = TwoSteps(new SignSgd(0.01), [1.0, -1.0, 0.0], [3.0, -0.5, 0.0], [-1e-9, -2.0, 0.0]);
        Assert.Equal([1.0, -0.98, 0.0], theta.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void RmsProp_and_its_decoupled_variant()
    {
        // α = 0.99, η = 0.01, ε = 1e−8. Step 1: v = 0.01·1 = 0.01, θ = 1 − 0.01·1/(0.1 + ε).
        // Step 2: v = 0.0099 + 0.01·0.25 = 0.0124, θ −= 0.01·0.5/(√0.0124 + ε).
        var theta = TwoSteps(new RmsProp(1, 0.01), [1.0], [1.0], [0.5]);
        Assert.Equal(1 - 0.01 / (0.1 + 1e-8) - 0.005 / (Math.Sqrt(0.0124) + 1e-8), theta[0], 12);
        // Decoupled decay λ = 0.5: θ ← θ(1 − 0.005) before each step.
        var w = TwoSteps(new RmsProp(1, 0.01, weightDecay: 0.5, decoupled: true), [1.0], [1.0], [0.5]);
        var expected = (0.995 - 0.01 / (0.1 + 1e-8)) * 0.995 - 0.005 / (Math.Sqrt(0.0124) + 1e-8);
        Assert.Equal(expected, w[0], 10);
    }

    [Fact]
    public void Adam_with_bias_correction_and_AdamW()
    {
        // Step 1 of Adam is −η·g/(|g| + ε·…) ≈ −η·sign(g): m̂ = g, v̂ = g².
        // Step 2: m = 0.09 + 0.1·0.5 = 0.14 → m̂ = 0.14/0.19; v = 0.000999 + 0.00025 = 0.001249 → v̂ = 0.001249/0.001999.
        var theta = TwoSteps(new Adam(1, 0.01), [1.0], [1.0], [0.5]);
        var step1 = 1 - 0.01 * 1 / (1 + 1e-8);
        var expected = step1 - 0.01 * (0.14 / 0.19) / (Math.Sqrt(0.001249 / 0.001999) + 1e-8);
        Assert.Equal(expected, theta[0], 10);
        var w = TwoSteps(new Adam(1, 0.01, weightDecay: 0.1, decoupled: true), [1.0], [1.0], [0.5]);
        // AdamW with λ = 0.1: θ ← θ(1 − 0.001) before each of the same two steps.
        var expectedW = (0.999 - 0.01 / (1 + 1e-8)) * 0.999 - 0.01 * (0.14 / 0.19) / (Math.Sqrt(0.001249 / 0.001999) + 1e-8);
        Assert.Equal(expectedW, w[0], 10);
        // Coupled decay adds λθ to the gradient: with λ = 0.1 the first gradient is 1.1.
        var coupled = new Adam(1, 0.01, weightDecay: 0.1);
        var c = new[] { 1.0 };
        coupled.Step(c, [1.0]);
        Assert.Equal(1 - 0.01 * 1.1 / (1.1 + 1e-8), c[0], 12);
    }

    [Fact]
    public void Euler_Maruyama_weak_error_shrinks_linearly_with_the_step()
    {
        // Ornstein–Uhlenbeck dX = −X dt + dW from X₀ = 1: E X_T² = e^{−2T} + (1 − e^{−2T})/2 exactly; EM's
        // second moment has a bias of order dt. Halving dt should roughly halve the error (ratio in [1.6, 2.4]).
        var problem = new NoisyQuadratic([1.0], [1.0]);
        var sde = new SgdSde(problem, eta: 1);
        const double T = 1;
        var exact = Math.Exp(-2 * T) + (1 - Math.Exp(-2 * T)) / 2;
        double Error(double dt)
        {
            // Exact EM second moment by its recursion: m' = (1 − dt)²m + dt, so no sampling noise enters the check.
            var m = 1.0;
            for (var k = 0; k < (int)Math.Round(T / dt); k++) m = (1 - dt) * (1 - dt) * m + dt;
            return Math.Abs(m - exact);
        }
        var ratio = Error(0.02) / Error(0.01);
        Assert.InRange(ratio, 1.6, 2.4);
        // And the sampled integrator agrees with that recursion within 4 standard errors.
        var rng = new Rng(81);
        var squares = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var x = new[] { 1.0 };
            sde.Integrate(x, 0.05, 20, rng);
            return x[0] * x[0];
        });
        var s = Summary.Of(squares);
        var m = 1.0;
        for (var k = 0; k < 20; k++) m = 0.95 * 0.95 * m + 0.05;
        Assert.InRange(s.Mean - m, -4 * s.StandardError, 4 * s.StandardError);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1.0)]
    public void SignSgd_SDE_has_the_closed_form_stationary_loss(double nu)
    {
        var problem = new NoisyQuadratic([1.0, 4.0], [2.0, 2.0], nu);
        const double eta = 0.01;
        var sde = new SignSgdSde(problem, eta);
        var rng = new Rng(82);
        var losses = Enumerable.Range(0, 400).Select(_ =>
        {
            var x = new double[2];
            sde.Integrate(x, 0.01, 3000, rng);     // ≈ 20 relaxation times of the slower coordinate
            return problem.Loss(x);
        });
        var s = Summary.Of(losses);
        var predicted = StationaryLoss.SignSgd(eta, problem.NoiseScale, nu);
        Assert.InRange(s.Mean - predicted, -3 * s.StandardError, 3 * s.StandardError);
    }

    /// <summary>
    /// The AdamW form's linear (x, m) recursion: without momentum it is RMSpropW's AR(1), x' = (1 − ηγ − ηh/σ)x − ηZ,
    /// Var x = η²/(1 − a²), whose first order is the RMSpropW form; with momentum it matches its own simulation.
    /// </summary>
    [Fact]
    public void AdamW_form_is_the_stationary_variance_of_its_recursion()
    {
        double[] h = [1.0, 10.0], sigma = [10.0, 10.0];
        const double eta = 0.01, decay = 1;
        var ar1 = h.Select((hi, i) => { var a = 1 - eta * decay - eta * hi / sigma[i]; return 0.5 * hi * eta * eta / (1 - a * a); }).Sum();
        Assert.Equal(ar1, StationaryLoss.AdamW(eta, h, sigma, decay, beta1: 0), 12);
        Assert.Equal(StationaryLoss.RmsPropW(eta, h, sigma, decay), StationaryLoss.AdamW(1e-5, h, sigma, decay, beta1: 0) * eta / 1e-5, 3);

        var rng = new Rng(7);
        var (x, m, sum) = (0.0, 0.0, 0.0);
        const int steps = 2_000_000;
        for (var k = 0; k < steps; k++)
        {
            m = 0.9 * m + 0.1 * (h[1] * x + sigma[1] * rng.NextGaussian());
            x = (1 - eta * decay) * x - eta / sigma[1] * m;
            sum += 0.5 * h[1] * x * x;
        }
        var predicted = StationaryLoss.AdamW(eta, [h[1]], [sigma[1]], decay);
        Assert.InRange(sum / steps / predicted, 0.97, 1.03); // 2·10⁶ steps over a 100-step correlation time: ≈ 1 % error
    }

    /// <summary>
    /// Malladi et al.'s SDEs are the project's in time kη² instead of kη (drift ×η, diffusion ×√η) — except that
    /// their preconditioner follows the noise alone: the project's V also feeds on ∇f².
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Malladi_SDE_is_the_projects_in_other_time_units_without_the_squared_gradient(bool momentum)
    {
        const double eta = 0.02;
        var problem = new NoisyQuadratic([1.0, 3.0], [0.5, 2.0]);
        var (beta1, beta2) = (0.9, 0.999);
        Sde project = momentum ? new AdamSde(problem, eta, (1 - beta1) / eta, (1 - beta2) / eta) : new RmsPropSde(problem, eta, (1 - beta2) / eta);
        var malladi = new MalladiSde(problem, eta, beta1, beta2, momentum);
        // x, (m,) v, (t): the project's t = kη is Malladi's t/η.
        double[] state = momentum ? [0.7, -1.2, 0.3, 0.1, 2.0, 5.0, 0.05] : [0.7, -1.2, 2.0, 5.0];
        double[] malladiState = momentum ? [.. state[..6], state[6] * eta] : state;
        var (b, s, bm, sm) = (new double[state.Length], new double[state.Length], new double[state.Length], new double[state.Length]);
        project.Coefficients(state, b, s);
        malladi.Coefficients(malladiState, bm, sm);
        var d = problem.Dimension;
        var v = momentum ? 2 * d : d;
        for (var i = 0; i < state.Length; i++)
        {
            var squaredGradient = i >= v && i < v + d ? Math.Pow(problem.Curvature[i - v] * state[i - v], 2) : 0;
            var rate = i >= v && i < v + d ? (1 - beta2) / eta : 0;
            if (i < state.Length - (momentum ? 1 : 0))
            {
                Assert.Equal(b[i], bm[i] * eta + rate * squaredGradient, 1e-9);
                Assert.Equal(s[i], sm[i] * Math.Sqrt(eta), 1e-9);
            }
        }
    }
}
