"""NumPy peer of the paper-2 benchmark: the same computations as the C# side, timed the same way.

Usage: single_index.py d h n steps lr   -> JSON with the seconds of each part (wall time; CPU time of the steps too).
"""
import json
import sys
import time

import numpy as np


def main():
    d, h, n, steps = (int(a) for a in sys.argv[1:5])
    lr = float(sys.argv[5])
    rng = np.random.default_rng(1)
    out, cpu = {}, {}

    a = rng.standard_normal((2000, 1000))
    b = rng.standard_normal((1000, 1500))
    t = time.perf_counter(); a @ b; out["gemm"] = time.perf_counter() - t
    s = rng.standard_normal((1000, 1000)); s = s + s.T
    t = time.perf_counter(); np.linalg.eigvalsh(s); out["eigvalsh"] = time.perf_counter() - t

    beta = rng.standard_normal(d); beta /= np.linalg.norm(beta)
    x = rng.standard_normal((n, d))
    y = np.logaddexp(0, x @ beta) + 0.3 * rng.standard_normal(n)
    w = rng.standard_normal((h, d))
    head = rng.standard_normal(h)
    m = np.zeros_like(w); v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    t, c = time.perf_counter(), time.process_time()
    for k in range(1, steps + 1):
        act = np.tanh(x @ w.T / np.sqrt(d))
        r = act @ head / np.sqrt(h) - y
        delta = (2 * r / (n * np.sqrt(h)))[:, None] * head[None, :] * (1 - act * act)
        g = delta.T @ x / np.sqrt(d)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** k)) / (np.sqrt(v / (1 - b2 ** k)) + eps)
    out["train"] = time.perf_counter() - t
    cpu["train"] = time.process_time() - c
    t = time.perf_counter(); np.linalg.eigvalsh(w.T @ w); out["esd"] = time.perf_counter() - t
    print(json.dumps({"seconds": out, "cpu_seconds": cpu}))


main()
