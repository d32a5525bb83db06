#!/usr/bin/env python3
"""Reference timings for bench/rbm.bench.ts (not a dependency of npm test).

One epoch of a 784 x 256 binary RBM on the 8,000 binarized training digits of the lab (the
same digits, the same fixed split and threshold, exported by bench/reference/exportDigits.ts to
a raw uint8 file), single-threaded:
  - scikit-learn's BernoulliRBM.partial_fit over batches of 64 (its own PCD-1 step);
  - a vectorized NumPy float32 CD-1 at batch 100 (probabilities for the hidden statistics,
    sampled v', momentum update), the usual textbook implementation.
Prints the median of 5 epochs, wall and process CPU. Run:
  npx tsx bench/reference/exportDigits.ts /tmp/digits-bin.u8
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/rbm_reference.py /tmp/digits-bin.u8
With `--epoch sklearn64` or `--epoch numpy100` it times one epoch after a warm-up epoch and
prints {"cpuSeconds": ..., "wallSeconds": ...}: the reference bench/rbm.bench.ts measures back
to back with its own epochs (bench/reference/pythonReference.ts).
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def timed(fn, repeats=5):
    wall, cpu = [], []
    fn()  # warm-up
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return float(np.median(wall)), float(np.median(cpu))


def sklearn_epoch(X):
    """One epoch of BernoulliRBM.partial_fit over batches of 64."""
    from sklearn.neural_network import BernoulliRBM

    n = X.shape[0]
    rbm = BernoulliRBM(n_components=256, learning_rate=0.05, batch_size=64, n_iter=1, random_state=0)
    rbm.fit(X[:64])

    def sk_epoch():
        for s in range(0, n, 64):
            rbm.partial_fit(X[s:s + 64])

    return sk_epoch


def numpy_epoch(X):
    """One epoch of the textbook vectorized float32 CD-1 at batch 100."""
    n = X.shape[0]
    rng = np.random.default_rng(0)
    W = (0.01 * rng.standard_normal((784, 256))).astype(np.float32)
    bv = np.zeros(784, np.float32)
    bh = np.zeros(256, np.float32)
    uW = np.zeros_like(W)
    ubv = np.zeros_like(bv)
    ubh = np.zeros_like(bh)

    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x))

    def np_epoch(B=100, lr=np.float32(0.05), mom=np.float32(0.5)):
        nonlocal W, bv, bh, uW, ubv, ubh
        for s in range(0, n, B):
            v0 = X[s:s + B]
            ph0 = sigmoid(v0 @ W + bh)
            h0 = (rng.random(ph0.shape, dtype=np.float32) < ph0).astype(np.float32)
            pv1 = sigmoid(h0 @ W.T + bv)
            v1 = (rng.random(pv1.shape, dtype=np.float32) < pv1).astype(np.float32)
            ph1 = sigmoid(v1 @ W + bh)
            m = v0.shape[0]
            gW = (v0.T @ ph0 - v1.T @ ph1) / m
            uW = mom * uW + lr * gW
            ubv = mom * ubv + lr * (v0 - v1).mean(0)
            ubh = mom * ubh + lr * (ph0 - ph1).mean(0)
            W += uW
            bv += ubv
            bh += ubh

    return np_epoch


EPOCHS = {"sklearn64": sklearn_epoch, "numpy100": numpy_epoch}


def main():
    args = sys.argv[1:]
    one = None
    if "--epoch" in args:
        i = args.index("--epoch")
        one = args[i + 1]
        del args[i:i + 2]
    path = args[0] if args else "/tmp/digits-bin.u8"
    X = np.fromfile(path, dtype=np.uint8).reshape(-1, 784).astype(np.float32)
    if one is not None:
        w, c = timed(EPOCHS[one](X), repeats=1)
        print(json.dumps({"cpuSeconds": c, "wallSeconds": w}))
        return
    print(f"{X.shape[0]} binarized digits, mean on {X.mean():.3f}")
    w, c = timed(sklearn_epoch(X))
    print(f"sklearn BernoulliRBM batch 64: wall {w:.3f} s, cpu {c:.3f} s per epoch")
    w, c = timed(numpy_epoch(X))
    print(f"NumPy float32 CD-1 batch 100: wall {w:.3f} s, cpu {c:.3f} s per epoch")


if __name__ == "__main__":
    main()
