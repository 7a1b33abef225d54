"""The vectorised mini-batch gradient (MB1)-(MB3) against its own matrix products and a per-sample loop.

A 784-100-10 sigmoid network with the quadratic cost (18), a batch of N = 64 samples, float64, one BLAS thread (set
before numpy is imported, so that the figures do not depend on what else the machine is doing on its other cores).
Printed: milliseconds per batch (best of several repeats) and the ratios, all measured in this one run.
  (a) lecture_utils' vectorised gradient against its five matrix products alone: target within 1.25 times;
  (b) against a per-sample loop in the style of Nielsen's network.py (backprop one column at a time, summing
      nabla_b and nabla_w): target at least 10 times faster;
  (c) PyTorch's CPU autograd on the same problem, if torch is installed (`pip install -e .[bench]`).
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import timeit  # noqa: E402

import numpy as np  # noqa: E402

import lecture_utils as lu  # noqa: E402

SIZES, N, SEED = [784, 100, 10], 64, 0
ROUNDS = 20


def best_ms(functions):
    """Milliseconds per call of each f in {name: (f, calls)}: ROUNDS rounds, each timing every f once in turn (so a
    burst of load elsewhere hits all of them alike), keeping each one's fastest round."""
    best = {name: float("inf") for name in functions}
    for _ in range(ROUNDS):
        for name, (f, calls) in functions.items():
            best[name] = min(best[name], timeit.timeit(f, number=calls) / calls)
    return {name: 1e3 * t for name, t in best.items()}


def problem():
    net = lu.Network(SIZES, seed=SEED, init="xavier")
    rng = np.random.default_rng(SEED + 1)
    X = rng.uniform(0, 1, (SIZES[0], N))
    Y = lu.one_hot(rng.integers(0, SIZES[-1], N), SIZES[-1])
    return net, X, Y


def matrix_products(W, X, A2, D3, D2):
    """The five products of (MB1)-(MB3) for L = 3 and nothing else: Z^[2], Z^[3], (W^[3])ᵀΔ^[3], and the two
    weight gradients Δ^[l](A^[l-1])ᵀ."""
    W[2] @ X
    W[3] @ A2
    W[3].T @ D3
    D3 @ A2.T
    D2 @ X.T


def nielsen_loop(W, b, X, Y):
    """Nielsen's network.py: for each (x, y) in the mini-batch, backprop with column vectors, then sum nabla_w,
    nabla_b and divide by the batch size (his update_mini_batch, before the step)."""
    sigmoid = lu.sigma
    weights, biases = [W[2], W[3]], [b[2][:, None], b[3][:, None]]
    nabla_b = [np.zeros(bb.shape) for bb in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    for i in range(X.shape[1]):
        x, y = X[:, i:i + 1], Y[:, i:i + 1]
        activation, activations, zs = x, [x], []
        for bb, w in zip(biases, weights):
            z = np.dot(w, activation) + bb
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * lu.sigma_prime(zs[-1])
        d_nabla_b, d_nabla_w = [None, delta], [None, np.dot(delta, activations[-2].transpose())]
        delta = np.dot(weights[1].transpose(), delta) * lu.sigma_prime(zs[0])
        d_nabla_b[0], d_nabla_w[0] = delta, np.dot(delta, activations[0].transpose())
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, d_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, d_nabla_w)]
    return [nw / X.shape[1] for nw in nabla_w], [nb[:, 0] / X.shape[1] for nb in nabla_b]


def torch_autograd(net, X, Y):
    """PyTorch (float64, one thread): a function doing the forward pass and loss.backward(), and torch's version;
    None if torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    W2, W3 = (torch.tensor(net.W[l], requires_grad=True) for l in (2, 3))
    b2, b3 = (torch.tensor(net.b[l][:, None], requires_grad=True) for l in (2, 3))
    Xt, Yt = torch.tensor(X), torch.tensor(Y)

    def step():
        for p in (W2, W3, b2, b3):
            p.grad = None
        a3 = torch.sigmoid(W3 @ torch.sigmoid(W2 @ Xt + b2) + b3)
        (0.5 * ((a3 - Yt) ** 2).sum(0).mean()).backward()
        return W2.grad, W3.grad

    reference = lu.minibatch_gradients(net, X, Y).dW
    for grad, l in zip(step(), (2, 3)):
        assert lu.relative_error(grad.numpy(), reference[l]) < 1e-12, "PyTorch disagrees with Lemma 1"
    return step, torch.__version__


def main():
    net, X, Y = problem()
    W, b, act, cost = net.W, net.b, net.activation, net.cost_function

    # All compute the same gradient (checked before anything is timed).
    dW, db = lu.batch_gradients(W, b, X, Y, act, cost)
    loop_dW, loop_db = nielsen_loop(W, b, X, Y)
    for l, k in ((2, 0), (3, 1)):
        assert lu.relative_error(dW[l], loop_dW[k]) < 1e-12 and lu.relative_error(db[l], loop_db[k]) < 1e-12

    fp = net.forward(X)
    D3 = fp.a[3] - Y
    D2 = W[3].T @ D3
    functions = {"vectorised": (lambda: lu.batch_gradients(W, b, X, Y, act, cost), 100),
                 "products": (lambda: matrix_products(W, X, fp.a[2], D3, D2), 100),
                 "checked": (lambda: net.gradients(X, Y), 100),
                 "loop": (lambda: nielsen_loop(W, b, X, Y), 3)}
    torch_step = torch_autograd(net, X, Y)
    if torch_step is not None:
        functions["torch"] = (torch_step[0], 100)
    t = best_ms(functions)

    print(f"784-100-10 network, batch of {N}, float64, one BLAS thread; ms per batch, best of {ROUNDS} rounds")
    print(f"  vectorised (MB1)-(MB3), lu.batch_gradients:         {t['vectorised']:7.3f} ms")
    print(f"  its five matrix products alone:                        {t['products']:7.3f} ms")
    print(f"  net.gradients (the same, with input checks):           {t['checked']:7.3f} ms")
    print(f"  per-sample loop in the style of Nielsen's network.py:  {t['loop']:7.3f} ms")
    if torch_step is None:
        print("  PyTorch CPU autograd: not measured (torch is not installed; pip install -e .[bench])")
    else:
        print(f"  PyTorch {torch_step[1]} CPU autograd, forward + backward: {t['torch']:7.3f} ms")
    ratio_mm, ratio_loop = t["vectorised"] / t["products"], t["loop"] / t["vectorised"]
    print(f"(a) vectorised / matrix products = {ratio_mm:.2f}  (target <= 1.25: {'met' if ratio_mm <= 1.25 else 'MISSED'})")
    print(f"(b) per-sample loop / vectorised = {ratio_loop:.1f}  (target >= 10: {'met' if ratio_loop >= 10 else 'MISSED'})")
    if torch_step is not None:
        print(f"(c) PyTorch autograd / vectorised = {t['torch'] / t['vectorised']:.2f}")


if __name__ == "__main__":
    main()
