"""The NumPy side of `varlab-bench`: the same workloads, written the fast NumPy way.

W1: variability sweep (P = 10000, relu/abs, L in 1..64, 200 nets each, 64 x 64 grid, V3 and
    C2C), batched float32 matmuls, one process per core. W2: MSE/Adam training runs.
W4: large budgets (P in 1e5, 1e6; L in 4, 16, 64; 20 relu nets each), the same way.
PEAK: float32 GEMM. Prints one JSON object.
"""
import json, os, sys, time
from multiprocessing import Pool
import numpy as np

def width(L, P, d=2):
    n = 1
    while (d * (n + 1) + (n + 1)) + (L - 1) * ((n + 1) ** 2 + (n + 1)) + (n + 2) <= P:
        n += 1
    return n

GRID = np.stack(np.meshgrid(np.linspace(-1, 1, 64), np.linspace(-1, 1, 64)), 0).reshape(2, -1).astype(np.float32)

def v3_and_c2c(F):
    rms = np.sqrt((F.astype(np.float64) ** 2).mean())
    if rms == 0:
        return 0.0, True
    dx = np.abs(np.diff(F, 3, axis=1)).mean()
    dy = np.abs(np.diff(F, 3, axis=0)).mean()
    return float((dx + dy) / 2 / rms), bool(F.std() / rms <= 1e-3)

def sweep_part(args):
    jobs, seed = args[0], args[1]
    budget = args[2] if len(args) > 2 else 10000
    rng = np.random.default_rng(seed)
    out = []
    for act, L, count in jobs:
        n = width(L, budget)
        g2 = 2.0 if act == "relu" else 1.0
        phi = (lambda z: np.maximum(z, 0, out=z)) if act == "relu" else (lambda z: np.abs(z, out=z))
        for _ in range(count):
            h = GRID
            fin = 2
            for _ in range(L):
                W = (rng.standard_normal((n, fin), dtype=np.float32) * np.float32(np.sqrt(g2 / fin)))
                b = (rng.standard_normal((n, 1), dtype=np.float32) * np.float32(0.1))
                h = phi(W @ h + b)
                fin = n
            W = rng.standard_normal((1, fin), dtype=np.float32) * np.float32(np.sqrt(g2 / fin))
            f = (W @ h).reshape(64, 64) + np.float32(0.1) * rng.standard_normal(dtype=np.float32)
            out.append(v3_and_c2c(f))
    return out

def w1(processes=2):
    jobs = [(a, L, 200) for a in ("relu", "abs") for L in (1, 2, 4, 8, 16, 32, 64)]
    parts = [[(a, L, c // processes + (1 if k < c % processes else 0)) for a, L, c in jobs] for k in range(processes)]
    start = time.perf_counter()
    with Pool(processes) as pool:
        pool.map(sweep_part, [(p, k) for k, p in enumerate(parts)])
    return time.perf_counter() - start

def w4(processes=2):
    """Seconds per (P, L): 20 relu nets, split over the processes."""
    out = {}
    with Pool(processes) as pool:
        for P in (100000, 1000000):
            for L in (4, 16, 64):
                parts = [[("relu", L, 20 // processes + (1 if k < 20 % processes else 0))] for k in range(processes)]
                start = time.perf_counter()
                pool.map(sweep_part, [(p, k, P) for k, p in enumerate(parts)])
                out[f"{P}/{L}"] = time.perf_counter() - start
    return out

def checkerboard(n, k, rng):
    x = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
    idx = np.minimum(((x + 1) * k / 2).astype(int), k - 1)
    y = np.where((idx[:, 0] + idx[:, 1]) % 2 == 0, 1.0, -1.0).astype(np.float32)
    return x, y

def w2_run(L, seed=0):
    rng = np.random.default_rng(seed)
    X, Y = checkerboard(2048, 4, rng)
    n = width(L, 2000)
    sizes = [2] + [n] * L + [1]
    Ws = [rng.standard_normal((sizes[i + 1], sizes[i]), dtype=np.float32) * np.float32(np.sqrt(2 / sizes[i])) for i in range(L + 1)]
    bs = [np.zeros((sizes[i + 1], 1), np.float32) for i in range(L + 1)]
    params = Ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps, t = 1e-3, 0.9, 0.999, 1e-8, 0
    start = time.perf_counter()
    for epoch in range(100):
        order = rng.permutation(2048)
        for s in range(0, 2048, 128):
            idx = order[s:s + 128]
            h = [X[idx].T]
            zs = []
            for l in range(L + 1):
                z = Ws[l] @ h[-1] + bs[l]
                zs.append(z)
                h.append(np.maximum(z, 0) if l < L else z)
            g = 2 * (h[-1] - Y[idx][None, :]) / len(idx)
            gW, gb = [None] * (L + 1), [None] * (L + 1)
            for l in range(L, -1, -1):
                if l < L:
                    g = g * (zs[l] > 0)
                gW[l] = g @ h[l].T
                gb[l] = g.sum(1, keepdims=True)
                g = Ws[l].T @ g
            t += 1
            grads = gW + gb
            for i, p in enumerate(params):
                m[i] = b1 * m[i] + (1 - b1) * grads[i]
                v[i] = b2 * v[i] + (1 - b2) * grads[i] ** 2
                p -= lr * (m[i] / (1 - b1 ** t)) / (np.sqrt(v[i] / (1 - b2 ** t)) + eps)
    return time.perf_counter() - start

def peak(n=2048, repeats=5):
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
    a @ b
    times = []
    for _ in range(repeats):
        s = time.perf_counter(); a @ b; times.append(time.perf_counter() - s)
    return 2 * n ** 3 / sorted(times)[len(times) // 2] / 1e9

if __name__ == "__main__":
    what = sys.argv[1:] or ["w1", "w2", "peak"]
    result = {}
    if "peak" in what:
        result["peak_gflops"] = peak()
    if "peak1" in what:
        # OpenBLAS on one thread: the setting must be made before NumPy starts, so in a child.
        import subprocess
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        child = subprocess.run([sys.executable, __file__, "peak"], env=env, capture_output=True, text=True)
        result["peak1_gflops"] = json.loads(child.stdout)["peak_gflops"]
    if "w1" in what:
        result["w1_seconds"] = w1()
    if "w4" in what:
        result["w4_seconds"] = w4()
    if "w2" in what:
        result["w2_seconds"] = {str(L): w2_run(L) for L in (2, 8, 32)}
    print(json.dumps(result))
