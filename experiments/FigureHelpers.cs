using ReproHeavyTails.Figures;
using ReproHeavyTails.Statistics;

namespace ReproHeavyTails.Experiments;

/// <summary>Figure idioms shared by the experiments: one series per group, sorted by x, averaged over replicates where asked.</summary>
internal static class FigureHelpers
{
    /// <summary>One line per group through (x, y) sorted by x, with a ± error band when <paramref name="error"/> is given.</summary>
    public static Panel LinesBy<T, TKey>(this Panel panel, IEnumerable<T> rows, Func<T, TKey> group, Func<TKey, string> label,
        Func<T, double> x, Func<T, double> y, Func<T, double>? error = null) where TKey : notnull
    {
        foreach (var g in rows.GroupBy(group))
        {
            var sorted = g.OrderBy(x).ToArray();
            var ys = sorted.Select(y).ToArray();
            var es = error is null ? null : sorted.Select(error).ToArray();
            panel.Line(label(g.Key), sorted.Select(x).ToArray(), ys, es?.Select((e, i) => ys[i] - e).ToArray(), es?.Select((e, i) => ys[i] + e).ToArray());
        }
        return panel;
    }

    /// <summary>One series of markers per group, sorted by x, with ± error bars when <paramref name="error"/> is given.</summary>
    public static Panel PointsBy<T, TKey>(this Panel panel, IEnumerable<T> rows, Func<T, TKey> group, Func<TKey, string> label,
        Func<T, double> x, Func<T, double> y, Func<T, double>? error = null) where TKey : notnull
    {
        foreach (var g in rows.GroupBy(group))
        {
            var sorted = g.OrderBy(x).ToArray();
            panel.Points(label(g.Key), sorted.Select(x).ToArray(), sorted.Select(y).ToArray(), error is null ? null : sorted.Select(error).ToArray());
        }
        return panel;
    }

    /// <summary>Mean ± standard error over replicates of y at each (group, x): one line with a band per group.</summary>
    public static Panel MeanLinesBy<T, TKey>(this Panel panel, IEnumerable<T> rows, Func<T, TKey> group, Func<TKey, string> label,
        Func<T, double> x, Func<T, double> y) where TKey : notnull
    {
        var summarized = rows.GroupBy(r => (Group: group(r), X: x(r)))
            .Select(g => (g.Key.Group, g.Key.X, Summary: Summary.Of(g.Select(y).ToArray())));
        return panel.LinesBy(summarized, s => s.Group, label, s => s.X, s => s.Summary.Mean,
            s => double.IsFinite(s.Summary.StandardError) ? s.Summary.StandardError : 0);
    }
}
