namespace ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

/// <summary>
/// WeightWatcher's Marchenko–Pastur fit of an ESD (mp_fit with fit_density_with_range), for Q = N/M &gt; 1:
/// the eigenvalues are rescaled to mean one (W·√M/‖W‖_F); their density is estimated by a linear (triangular)
/// kernel of half-width 0.1 on 1000 points from 0 to λ_max + 0.5, and points where it is below 0.01 are
/// dropped; σ minimises Σ(ρ_MP,σ − ρ_KDE)² over those points, with a residual of 1000 per point when the MP edges
/// σ²(1 ± Q^{−1/2})² do not bracket the density's peak or the upper edge passes the last point; the search is a
/// grid σ = s(0.05 + 0.01k), s = √(λ_max)/(1 + Q^{−1/2}), polished by Nelder–Mead (SciPy's brute with its
/// default fmin finish). bulk_max = σ²(1 + Q^{−1/2})², spikes are eigenvalues above bulk_max + √TW with
/// TW = Q^{−1/2}·bulk_max^{2/3}·M^{−2/3} (all in the rescaled units), mp_softrank = bulk_max/λ_max. Sigma is
/// reported in the rescaled units, as WeightWatcher's sigma_mp; BulkMax in the ESD's own units, as its bulk_max.
/// (WeightWatcher fits the quarter-circle law of the singular values when Q = 1; not needed here.)
/// </summary>
public readonly record struct KernelMarchenkoPasturFit(double Sigma, double BulkMax, int Spikes, double SoftRank)
{
    private const double Bandwidth = 0.1, DensityFloor = 0.01, Penalty = 1000;
    private const int GridPoints = 1000;

    public static KernelMarchenkoPasturFit Of(double[] ascending, int n, int m)
    {
        if (n < m) (n, m) = (m, n);
        var q = (double)n / m;
        if (q <= 1) throw new ArgumentException("The quarter-circle case Q = 1 is not implemented.", nameof(n));
        var scale = ascending.Length / ascending.Sum();
        var λ = Array.ConvertAll(ascending, v => v * scale);
        var (xs, density) = KernelDensity(λ);
        var peak = xs[Array.IndexOf(density, density.Max())];
        double Residual(double sigma)
        {
            var (lower, upper) = Edges(sigma, q);
            if (upper < peak || upper > xs[^1] || lower > peak) return Penalty * Penalty * xs.Length;
            var sum = 0.0;
            for (var k = 0; k < xs.Length; k++)
            {
                var r = MarchenkoPasturDensity(xs[k], sigma, q) - density[k];
                sum += r * r;
            }
            return sum;
        }
        var s = Math.Sqrt(λ[^1] / Math.Pow(1 + 1 / Math.Sqrt(q), 2));
        var sigmaHat = NelderMead(Residual, GridMinimum(Residual, 0.05 * s, 2.0 * s, 0.01 * s));
        var bulkMax = Edges(sigmaHat, q).Upper;
        var tracyWidom = Math.Pow(bulkMax, 2.0 / 3) * Math.Pow(m, -2.0 / 3) / Math.Sqrt(q);
        var spikes = λ.Count(v => v > bulkMax + Math.Sqrt(tracyWidom));
        return new KernelMarchenkoPasturFit(sigmaHat, bulkMax / scale, spikes, bulkMax / λ[^1]);
    }

    private static (double Lower, double Upper) Edges(double sigma, double q) =>
        (Math.Pow(sigma * (1 - 1 / Math.Sqrt(q)), 2), Math.Pow(sigma * (1 + 1 / Math.Sqrt(q)), 2));

    /// <summary>The MP density of WeightWatcher's units, zero outside its support.</summary>
    private static double MarchenkoPasturDensity(double x, double sigma, double q)
    {
        var (a, b) = Edges(sigma, q);
        return x <= a || x >= b ? 0 : q / (2 * Math.PI * sigma * sigma * x) * Math.Sqrt((b - x) * (x - a));
    }

    /// <summary>The triangular-kernel density on the grid, keeping only the points where it exceeds the floor.</summary>
    private static (double[] X, double[] Density) KernelDensity(double[] λ)
    {
        var end = λ[^1] + 0.5;
        var spacing = end / (GridPoints - 1);
        var xs = new List<double>();
        var densities = new List<double>();
        for (var k = 0; k < GridPoints; k++)
        {
            var x = k == GridPoints - 1 ? end : k * spacing;   // NumPy's linspace
            var sum = 0.0;
            foreach (var v in λ) sum += Math.Max(0, 1 - Math.Abs(x - v) / Bandwidth);
            var density = sum / (λ.Length * Bandwidth);
            if (density <= DensityFloor) continue;
            xs.Add(x);
            densities.Add(density);
        }
        return (xs.ToArray(), densities.ToArray());
    }

    /// <summary>The first minimiser on NumPy's arange(start, stop, step) grid (SciPy's brute).</summary>
    private static double GridMinimum(Func<double, double> f, double start, double stop, double step)
    {
        var count = (int)Math.Ceiling((stop - start) / step);
        var delta = start + step - start;
        var (best, bestValue) = (start, double.PositiveInfinity);
        for (var k = 0; k < count; k++)
        {
            var x = start + k * delta;
            var value = f(x);
            if (value < bestValue) (best, bestValue) = (x, value);
        }
        return best;
    }

    /// <summary>
    /// One-dimensional Nelder–Mead as SciPy's fmin runs it: simplex {x₀, 1.05·x₀}, reflection 1, expansion 2,
    /// contraction ½, shrink ½, stopping when both the simplex and its values span at most 10⁻⁴, or after 200 iterations.
    /// </summary>
    private static double NelderMead(Func<double, double> f, double x0)
    {
        var (best, worst) = (x0, x0 != 0 ? 1.05 * x0 : 0.00025);
        var (fBest, fWorst) = (f(best), f(worst));
        var calls = 2;
        if (fWorst < fBest) (best, worst, fBest, fWorst) = (worst, best, fWorst, fBest);
        for (var iteration = 1; iteration < 200 && calls < 200; iteration++)
        {
            if (Math.Abs(worst - best) <= 1e-4 && Math.Abs(fBest - fWorst) <= 1e-4) break;
            var reflected = 2 * best - worst;
            var fReflected = f(reflected);
            calls++;
            if (fReflected < fBest)
            {
                var expanded = 3 * best - 2 * worst;
                var fExpanded = f(expanded);
                calls++;
                (worst, fWorst) = fExpanded < fReflected ? (expanded, fExpanded) : (reflected, fReflected);
            }
            else
            {
                // Outside contraction when the reflection beats the worst point, inside contraction otherwise.
                var outside = fReflected < fWorst;
                var contracted = outside ? 1.5 * best - 0.5 * worst : 0.5 * best + 0.5 * worst;
                var fContracted = f(contracted);
                calls++;
                if (outside ? fContracted <= fReflected : fContracted < fWorst) (worst, fWorst) = (contracted, fContracted);
                else
                {
                    worst = best + 0.5 * (worst - best);
                    fWorst = f(worst);
                    calls++;
                }
            }
            if (fWorst < fBest) (best, worst, fBest, fWorst) = (worst, best, fWorst, fBest);
        }
        return best;
    }
}
