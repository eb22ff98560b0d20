using ReproHeavyTails.Randomness;
using ReproHeavyTails.Symmetry;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>Per-sample gradients against finite differences, and the exact identities the symmetries imply for a discrete step.</summary>
public class SymmetryTests
{
    public static TheoryData<string> Models => new() { "linear", "tanh", "scale" };

    private static (IModel Model, Dataset Data, double[] Theta) Create(string kind)
    {
        var rng = new Rng(71);
        if (kind == "scale")
        {
            var scaleData = Dataset.Teacher(16, 5, 1, 3, 0.5, rng);
            return (new ScaleInvariantRegression(5), scaleData, Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()).ToArray());
        }
        var net = new TwoLayerNetwork(3, 4, 2, tanh: kind == "tanh");
        return (net, Dataset.Teacher(16, 3, 2, 2, 0.5, rng), net.Initialize(rng, 1, 1));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Gradients_match_central_differences(string kind)
    {
        var (model, data, theta) = Create(kind);
        var gradient = new double[theta.Length];
        Trainer.FullGradient(model, data, theta, gradient);
        var scratch = new double[theta.Length];
        for (var k = 0; k < theta.Length; k++)
        {
            const double h = 1e-6;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            var numeric = (Trainer.FullGradient(model, data, plus, scratch) - Trainer.FullGradient(model, data, minus, scratch)) / (2 * h);
            Assert.Equal(numeric, gradient[k], 6);
        }
    }

    [Fact]
    public void A_linear_network_step_changes_WWt_minus_UtU_only_at_second_order()
    {
        // Symmetry ⇒ UᵀG_U = G_W Wᵀ, so C = WWᵀ − UᵀU changes by γ²(G_W G_Wᵀ − G_Uᵀ G_U) exactly.
        var (model, data, theta) = Create("linear");
        var net = (TwoLayerNetwork)model;
        var gradient = new double[theta.Length];
        Trainer.FullGradient(net, data, theta, gradient);
        const double gamma = 0.1;
        var next = theta.Zip(gradient, (t, g) => t - gamma * g).ToArray();
        double[] C(double[] t) => net.InnerGram(t).Zip(net.OuterGram(t), (a, b) => a - b).ToArray();
        var predicted = C(theta).Zip(net.InnerGram(gradient).Zip(net.OuterGram(gradient), (a, b) => a - b), (c, d) => c + gamma * gamma * d).ToArray();
        var actual = C(next);
        for (var k = 0; k < actual.Length; k++) Assert.Equal(predicted[k], actual[k], 12);
    }

    [Fact]
    public void Sharpness_of_a_quadratic_is_its_top_curvature()
    {
        // One-dimensional inputs with E x² = s: the loss (θ·x/‖θ‖ − y)² is not quadratic, so use the linear
        // network with fixed U = 1 and scalar W, whose loss (wx − y)² has curvature 2E x² in w and 2E(wx)² in u.
        var rng = new Rng(72);
        var data = Dataset.Teacher(200, 1, 1, 1, 0.1, rng);
        var net = new TwoLayerNetwork(1, 1, 1);
        var theta = new[] { 1.0, 1.0 };
        var s = Enumerable.Range(0, data.Count).Average(i => data.Input(i)[0] * data.Input(i)[0]);
        var top = Trainer.Sharpness(net, data, theta, new Rng(73));
        // Hessian of E(uwx − y)² at u = w = 1: [[2s, 2s + c], [2s + c, 2s]] with c = 2E[(uwx − y)x]; top = 4s + c.
        var c = 2 * Enumerable.Range(0, data.Count).Average(i => (data.Input(i)[0] - data.Target(i)[0]) * data.Input(i)[0]);
        Assert.Equal(4 * s + c, top, 4);
    }
}
