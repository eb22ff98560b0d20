"""Reference values for WeightWatcherMetricsTests, computed independently of the C# code.

WeightWatcher's definitions (weightwatcher.py apply_norm_metrics and mp_fit, RMT_Util.py matrix_entropy and
fit_density_with_range, WW_powerlaw.py WWFit), written here with NumPy and SciPy's own optimize.brute (whose
default finish is fmin), so the C# Nelder-Mead and grid are checked against SciPy's. Run: python3 weightwatcher_metrics.py
"""
import numpy as np
from scipy import optimize


def test_matrix(n, m, spike):
    k = np.arange(n * m, dtype=float)
    w = (np.sin(k + 1) * 10000) % 1.0 - 0.5
    w = w.reshape(n, m)
    u = np.ones(n) / np.sqrt(n)
    v = np.cos(np.arange(m)); v /= np.linalg.norm(v)
    return w + spike * np.outer(u, v)


def metrics(w):
    n, m = w.shape
    q = n / m
    evals = np.sort(np.linalg.svd(w, compute_uv=False) ** 2)
    norm, lmax = evals.sum(), evals.max()
    # alpha: every eigenvalue but the largest as xmin, smallest KS distance
    best = (np.inf, None)
    for i in range(len(evals) - 1):
        tail = evals[i:]
        nt = len(tail)
        a = 1 + nt / np.sum(np.log(tail / tail[0]))
        d = np.max(np.abs(1 - (tail / tail[0]) ** (1 - a) - np.arange(nt) / nt)) if a > 1 else 1.0
        if d < best[0]:
            best = (d, a)
    alpha = best[1]
    sv = np.sqrt(evals)
    rank = np.count_nonzero(sv > sv.max() * n * np.finfo(float).eps) + 1e-10
    p = evals / norm + 1e-10
    entropy = -np.sum(p * np.log(p)) / np.log(rank)
    # MP fit by kernel density
    x = evals * len(evals) / norm
    grid = np.linspace(0, x.max() + 0.5, 1000)
    dens = np.array([np.sum(np.clip(1 - np.abs(g - x) / 0.1, 0, None)) for g in grid]) / (len(x) * 0.1)
    keep = dens > 0.01
    xs, ys = grid[keep], dens[keep]
    peak = xs[np.argmax(ys)]

    def residual(s):
        s = s[0] if np.ndim(s) else s
        a, b = (s * (1 - 1 / np.sqrt(q))) ** 2, (s * (1 + 1 / np.sqrt(q))) ** 2
        if b < peak or b > xs.max() or a > peak:
            return 1000.0 ** 2 * len(xs)
        with np.errstate(invalid="ignore", divide="ignore"):
            mp = np.nan_to_num(q / (2 * np.pi * s * s * xs) * np.sqrt((b - xs) * (xs - a)))
        return np.sum((mp - ys) ** 2)

    s0 = np.sqrt(x.max() / (1 + 1 / np.sqrt(q)) ** 2)
    sigma = optimize.brute(residual, (slice(0.05 * s0, 2.0 * s0, 0.01 * s0),))[0]
    bulk_max = (sigma * (1 + 1 / np.sqrt(q))) ** 2
    tw = bulk_max ** (2 / 3) * m ** (-2 / 3) / np.sqrt(q)
    return dict(log_norm=np.log10(norm), log_spectral_norm=np.log10(lmax), stable_rank=norm / lmax, alpha=alpha,
                alpha_weighted=alpha * np.log10(lmax), log_alpha_norm=np.log10(np.sum(evals ** alpha)), entropy=entropy,
                sigma_mp=sigma, bulk_max=bulk_max * norm / len(evals), num_spikes=int(np.sum(x > bulk_max + np.sqrt(tw))),
                mp_softrank=bulk_max / x.max())


for spike in (0.0, 12.0):
    print(spike, {k: repr(float(v)) for k, v in metrics(test_matrix(60, 40, spike)).items()})
