"""NumPy peer of PowerLawFit.KsScan: every candidate xmin whose tail holds min..max points, fitted by maximum
likelihood, D = max_k |1 - (x_k/xmin)^(1-alpha) - k/n| over the ascending tail; the smallest D wins (the first on ties).

Usage: ks_scan.py sample.f64 min_tail max_tail     (the sample: little-endian doubles)
Prints {"seconds": wall time of the scan, "tail_count": points in the chosen tail, "distance": its D}.
"""
import json
import sys
import time

import numpy as np

x = np.sort(np.fromfile(sys.argv[1], dtype="<f8"))
min_tail, max_tail = int(sys.argv[2]), int(sys.argv[3])

start = time.perf_counter()
logs = np.log(x)
suffix = np.concatenate([np.cumsum(logs[::-1])[::-1], [0.0]])
best = (np.inf, -1)
first = max(0, len(x) - max_tail)
for i in range(first, len(x) - max(2, min_tail) + 1):
    if i > first and x[i] == x[i - 1]:
        continue
    n = len(x) - i
    alpha = 1 + n / (suffix[i] - n * logs[i])
    if alpha <= 1:
        continue
    d = np.max(np.abs(1 - np.exp((1 - alpha) * (logs[i:] - logs[i])) - np.arange(n) / n))
    if d < best[0]:
        best = (d, n)
seconds = time.perf_counter() - start

print(json.dumps({"seconds": seconds, "tail_count": int(best[1]), "distance": float(best[0])}))
