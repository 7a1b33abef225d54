"""Lemma 1 for a mini-batch, one column per sample: (22)–(25) averaged over the batch as in Cost (9), eqs
(MB1)–(MB3); and the L2 weight decay that adds (λ/2)Σ‖W^[l]‖² to it."""
import numpy as np

from . import _validate
from .layers import LayerDict
from .lemma1 import ParameterGradients, backward_step
from .training import WeightDecay


def batch_gradients(W, b, X, Y, activation, cost, output=None):
    """∂Cost/∂W^[l], ∂Cost/∂b^[l] (l = 2..L) of Cost (9) over the columns of X, Y: the forward pass (19), (20) and
    (22)–(25) with matrices in place of vectors, eqs (MB1)–(MB3) of notebook 17. σ' is read from a^[l] by eq (2),
    σ'(z) = σ(z)(1 − σ(z)). The 1/N of the mean (9) is applied once, to Δ^[L]: (23) is linear in δ, so every
    Δ^[l] / N follows, and (24), (25) become plain sums over the batch. `output` is the output layer's activation
    if it differs from the hidden one (linear: (MS1), (MS2))."""
    L = max(W)
    f, prime_of_a = activation.f, activation.prime_from_output
    out_f = output.f if output is not None else (cost.output_activation or f)
    out_prime_of_a = (output or activation).prime_from_output
    a, z = {1: X}, {}
    # forward.forward_pass computes the same; this copy adds b in place and skips its records, which keeps the
    # batch gradient within 1.25 times its matrix products (benchmarks/bench_minibatch.py; about 1.26 with it)
    for l in range(2, L + 1):
        z[l] = W[l] @ a[l - 1]
        z[l] += b[l][:, None]                            # (19), one column per sample
        a[l] = (out_f if l == L else f)(z[l])            # (20)
    delta = cost.output_error(z[L], a[L], Y, lambda _: out_prime_of_a(a[L]))  # (22), or a^[L] − y
    delta = delta / X.shape[1]                           # Δ^[L] / N
    dW, db = {}, {}
    for l in range(L, 1, -1):
        dW[l] = delta @ a[l - 1].T                       # (25), summed over the batch
        db[l] = delta.sum(axis=1)                        # (24), summed over the batch
        if l > 2:
            delta = backward_step(W[l], delta, z[l - 1], lambda _, m=l - 1: prime_of_a(a[m]))   # (23)
    return dW, db


def minibatch_gradients(net, X, Y):
    """The gradient of Cost (9) over a batch X (n_1, N), Y (n_L, N), checked for shape, as a record (.dW, .db)."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("a mini-batch X must have shape (n_1, N), one sample per column")
    dW, db = batch_gradients(net.W, net.b, X, Y, net.activation, net.cost_function, net.output_activation)
    return _as_record(net.L, dW, db)


def per_sample_gradients(net, X, Y):
    """The same gradient by a loop over the samples: Lemma 1 for each column x^{i}, then the mean, eq (9)."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("X must have shape (n_1, N), one sample per column")
    N = X.shape[1]
    dW = {l: np.zeros_like(net.W[l]) for l in net.W}
    db = {l: np.zeros_like(net.b[l]) for l in net.b}
    for i in range(N):
        g = net.gradients(X[:, i], Y[:, i])
        for l in net.W:
            dW[l] += g.dW[l] / N
            db[l] += g.db[l] / N
    return _as_record(net.L, dW, db)


def _as_record(L, dW, db):
    return ParameterGradients(LayerDict("∂C/∂W^[l]", 2, L, dW), LayerDict("∂C/∂b^[l]", 2, L, db))


# --- L2 regularisation (weight decay) ---------------------------------------------------------------
def weight_penalty(net, lam):
    """(λ/2) Σ_l ‖W^[l]‖_F², the L2 penalty on the weights (the biases are not penalised)."""
    return 0.5 * lam * sum(np.sum(net.W[l] * net.W[l]) for l in net.W)


def regularised_cost(net, X, Y, lam):
    """Cost (9) plus the L2 penalty: Cost + (λ/2) Σ_l ‖W^[l]‖_F²."""
    return net.cost(X, Y) + weight_penalty(net, _validate.nonnegative_finite("the weight decay lam (λ)", lam))


def gradient_step(net, X, Y, eta, lam=0.0):
    """One step p → p − η ∇(Cost + (λ/2)Σ‖W^[l]‖²) on the batch X, Y, in place: W^[l] → (1 − ηλ) W^[l] − η ∂C/∂W^[l]
    (weight decay) and b^[l] → b^[l] − η ∂C/∂b^[l], eqs (15), (24), (25): one step of the rule training.fit uses."""
    WeightDecay(eta, lam).step(net.trainable(), net.trainable_gradients(X, Y))
