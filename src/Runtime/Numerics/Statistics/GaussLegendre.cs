namespace ReproHeavyTails.Statistics;

/// <summary>Composite Gauss–Legendre quadrature rules (nodes from MathNet, assembled over equal panels).</summary>
public static class GaussLegendre
{
    /// <summary>Nodes and weights of <paramref name="panels"/> equal panels of an <paramref name="order"/>-point rule on [a, b].</summary>
    public static (double[] Nodes, double[] Weights) Panels(double a, double b, int panels, int order)
    {
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(-1, 1, order);
        var nodes = new double[panels * order];
        var weights = new double[panels * order];
        var width = (b - a) / panels;
        for (var p = 0; p < panels; p++)
            for (var i = 0; i < order; i++)
            {
                nodes[p * order + i] = a + width * (p + 0.5 + 0.5 * rule.Abscissas[i]);
                weights[p * order + i] = 0.5 * width * rule.Weights[i];
            }
        return (nodes, weights);
    }
}
