"""NumPy peer of FiniteDataSgd: GSZ's synthetic SGD, vectorized over independent runs.

Usage: gsz_sgd.py n d runs iterations batch_size learning_rate seed
Prints {"seconds": wall time of the simulation (data generation excluded), "checksum": ...}.
Each run draws B distinct rows per step (duplicates within a batch are redrawn), as the C# simulator does.
"""
import json
import sys
import time

import numpy as np

n, d, runs, iterations, batch = (int(v) for v in sys.argv[1:6])
gamma = float(sys.argv[6])
rng = np.random.default_rng(int(sys.argv[7]))

x0 = 3.0 * rng.standard_normal(d)
A = rng.standard_normal((n, d))
b = A @ x0 + 3.0 * rng.standard_normal(n)

start = time.perf_counter()
X = 5.0 * rng.standard_normal((runs, d))
burn_in = iterations // 2
total = np.zeros_like(X)
for k in range(iterations):
    idx = rng.integers(0, n, size=(runs, batch))
    if batch > 1:
        # Redraw the (rare) batches that picked a row twice.
        while True:
            s = np.sort(idx, axis=1)
            bad = np.any(s[:, 1:] == s[:, :-1], axis=1)
            if not bad.any():
                break
            idx[bad] = rng.integers(0, n, size=(bad.sum(), batch))
    rows = A[idx]                                   # runs × B × d
    residual = np.einsum('rbd,rd->rb', rows, X) - b[idx]
    X -= (gamma / batch) * np.einsum('rbd,rb->rd', rows, residual)
    if k >= burn_in:
        total += X
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "checksum": float(np.abs(total).sum())}))
