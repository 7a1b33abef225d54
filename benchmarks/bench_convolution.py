"""The digits CNN of notebook 19: one forward and backward pass on a batch against its matrix products alone.

The network: 8 × 8 digits, a convolutional layer of 8 channels with 3 × 3 kernels, ReLU, 2 × 2 max pooling, and a
softmax layer of 10 neurons (810 parameters); float64, one BLAS thread (set before numpy is imported, so that the
figures do not depend on what else the machine is doing on its other cores). For a batch of N digits it times:
  - lu.ConvNetwork.trainable_gradients: the forward pass (CV1), (19), (20) and the backward pass (23), (CV4), (CV5),
    (24), (25), everything one step of training (15) computes;
  - its five matrix products alone, on arrays made beforehand: (CV1) as the kernels (8 × 9) times im2col
    (9 × 36 N), Z^[3] = W^[3] A^[2], (W^[3])ᵀ Δ^[3], Δ^[3] (A^[2])ᵀ and (CV4) as δ^[2] (8 × 36 N) times im2col's
    transpose;
and prints milliseconds per batch (best of several rounds) and the ratio, all measured in this one run. The layer
is small, so at the training batch of 10 most of the time is numpy's fixed cost per call, not arithmetic; the
larger batches show how much of it a batch amortises.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import timeit  # noqa: E402

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

import lecture_utils as lu  # noqa: E402

SEED, BATCHES, ROUNDS = 0, (10, 100, 1000), 20


def best_ms(functions):
    """Milliseconds per call of each f in {name: (f, calls)}: ROUNDS rounds, each timing every f once in turn (so a
    burst of load elsewhere hits all of them alike), keeping each one's fastest round."""
    best = {name: float("inf") for name in functions}
    for _ in range(ROUNDS):
        for name, (f, calls) in functions.items():
            best[name] = min(best[name], timeit.timeit(f, number=calls) / calls)
    return {name: 1e3 * t for name, t in best.items()}


def products_of(net, X, Y):
    """The operands of the five matrix products of one forward and backward pass, made once, and a function that
    runs the products alone. Checked first: they give the pass's kernel and weight gradients."""
    N = X.shape[1]
    fp, g = net.forward(X), net.gradients(X, Y)
    K, W = net.K[2], net.W[3]
    C, k = K.shape[0], K.shape[-1]
    windows = sliding_window_view(fp.a[1], (k, k), axis=(1, 2))              # (1, 6, 6, N, 3, 3)
    cols = np.moveaxis(windows, (-2, -1), (1, 2)).reshape(K[0].size, -1)    # im2col: (9, 36 N)
    K_mat = K.reshape(C, -1)                                                # (8, 9)
    A2 = fp.a[2].reshape(-1, N)                                             # (72, N)
    D3 = fp.a[3] - Y
    D2 = g.delta[2].reshape(C, -1)                                          # (8, 36 N)
    colsT = np.ascontiguousarray(cols.T)

    def products():
        K_mat @ cols                  # (CV1) at every position of every sample
        W @ A2                        # (19) for layer 3
        W.T @ D3                      # (23) before σ' and the pooling's routing
        D3 @ A2.T                     # (25), summed over the batch
        D2 @ colsT                    # (CV4), summed over positions and the batch

    assert lu.relative_error((D2 @ colsT).reshape(K.shape) / N, g.dK[2]) < 1e-12
    assert lu.relative_error(D3 @ A2.T / N, g.dW[3]) < 1e-12
    return products


def main():
    X_all, Y_all = lu.digits_data(n_test=450, seed=SEED)[:2]
    net = lu.ConvNetwork(image=(1, 8, 8), conv=[(8, 3)], dense=[10], pool=True, seed=SEED)
    print(f"digits CNN (8 channels 3 × 3, ReLU, 2 × 2 max pooling, softmax 10; {net.n_parameters} parameters), "
          f"float64, one BLAS thread; ms per batch, best of {ROUNDS} rounds")
    for N in BATCHES:
        X, Y = X_all[:, :N], Y_all[:, :N]
        products = products_of(net, X, Y)
        calls = max(3, 2000 // N)
        t = best_ms({"pass": (lambda: net.trainable_gradients(X, Y), calls), "products": (products, calls)})
        print(f"  batch of {N:4d}: forward + backward {t['pass']:7.3f} ms,  its five matrix products alone "
              f"{t['products']:7.3f} ms,  ratio {t['pass'] / t['products']:5.1f}")


if __name__ == "__main__":
    main()
