"""Lemma 1: the output error (22), the backward step (23), and the gradients (24), (25)."""
from dataclasses import dataclass

from .activations import sigma_prime
from .layers import LayerDict


def output_error(z_L, a_L, y, prime=sigma_prime):
    """Output error δ^[L] = σ'(z^[L]) ∘ (a^[L] − y), eq (22)."""
    return prime(z_L) * (a_L - y)


def backward_step(W_next, delta_next, z, prime=sigma_prime):
    """One step back, δ^[l] = σ'(z^[l]) ∘ (W^[l+1])ᵀ δ^[l+1], eq (23)."""
    return prime(z) * (W_next.T @ delta_next)


def bias_gradient(delta):
    """∂C/∂b^[l] = δ^[l], eq (24); for a batch, the mean over the columns (the gradient of (9))."""
    return delta.copy() if delta.ndim == 1 else delta.mean(axis=1)


def weight_gradient(delta, a_prev):
    """∂C/∂W^[l] = δ^[l] (a^[l-1])ᵀ, eq (25), an outer product; for a batch, the mean of the outer products."""
    if delta.ndim == 1:
        return delta[:, None] * a_prev[None, :]
    return delta @ a_prev.T / delta.shape[1]


@dataclass
class ParameterGradients:
    """∂C/∂W^[l] (.dW) and ∂C/∂b^[l] (.db) for l = 2..L, however they were computed."""
    dW: LayerDict
    db: LayerDict


@dataclass
class Gradients:
    """δ^[l], ∂C/∂W^[l] and ∂C/∂b^[l] for l = 2..L; a batch has δ^[l] with one column per sample."""
    delta: LayerDict
    dW: LayerDict
    db: LayerDict


def backpropagate(W, fp, y, activation, cost, output=None):
    """The backward pass of Lemma 1 from a forward pass fp: (22), then (23) for l = L−1..2, then (24), (25).
    `output` is the output layer's activation if it differs from the hidden one (linear: (22) becomes (MS2))."""
    L = fp.a.L
    delta = LayerDict("δ^[l]", 2, L)
    delta[L] = cost.output_error(fp.z[L], fp.a[L], y, (output or activation).prime)
    for l in range(L - 1, 1, -1):
        delta[l] = backward_step(W[l + 1], delta[l + 1], fp.z[l], activation.prime)
    dW = LayerDict("∂C/∂W^[l]", 2, L, {l: weight_gradient(delta[l], fp.a[l - 1]) for l in range(2, L + 1)})
    db = LayerDict("∂C/∂b^[l]", 2, L, {l: bias_gradient(delta[l]) for l in range(2, L + 1)})
    return Gradients(delta, dW, db)
