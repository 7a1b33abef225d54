"""Lemma 1 without Hadamard products: D^[l] = diag(σ'(z^[l])) and the expanded product for δ^[l]."""
import numpy as np

from . import _validate
from .activations import sigma_prime


def D(z, prime=sigma_prime):
    """D^[l] = diag(σ'(z^[l])), the n_l × n_l diagonal matrix with (i, i) entry σ'(z_i^[l])."""
    z = np.asarray(z)
    if z.ndim != 1:
        raise ValueError(f"D^[l] is built from one sample's z^[l] of shape (n_l,), not shape {z.shape}")
    return np.diag(prime(z))


def output_error_diagonal(z_L, a_L, y, prime=sigma_prime):
    """δ^[L] = D^[L] (a^[L] − y), the matrix form of eq (22)."""
    return D(z_L, prime) @ (a_L - y)


def backward_step_diagonal(W_next, delta_next, z, prime=sigma_prime):
    """δ^[l] = D^[l] (W^[l+1])ᵀ δ^[l+1], the matrix form of eq (23)."""
    return D(z, prime) @ W_next.T @ delta_next


def error_propagator(net, fp, l):
    """The matrix D^[l] (W^[l+1])ᵀ D^[l+1] ⋯ (W^[L])ᵀ D^[L] that carries a^[L] − y back to δ^[l] (D^[L] = I for a
    linear output layer, (MS2))."""
    L, prime = net.L, net.activation.prime
    prime_L = net.output_activation.prime if net.cost_function.output_activation is None else prime
    M = D(fp.z[l], prime_L if l == L else prime)
    for m in range(l + 1, L + 1):
        M = M @ net.W[m].T @ D(fp.z[m], prime_L if m == L else prime)
    return M


def delta_expanded(net, x, y, l):
    """δ^[l] = D^[l] (W^[l+1])ᵀ D^[l+1] ⋯ (W^[L])ᵀ D^[L] (a^[L] − y), Lemma 1 unrolled (quadratic cost)."""
    if net.cost_function.name != "quadratic":
        raise ValueError("the expanded product for δ^[l] is the lecture's, for the quadratic cost (18)")
    x, y = net.check_data(x, y)
    if x.ndim != 1:
        raise ValueError("the expanded product for δ^[l] is for one sample x of shape (n_1,), not a batch")
    l = _validate.layer(l, 2, net.L, "δ^[l]")
    fp = net.forward(x)
    return error_propagator(net, fp, l) @ (fp.output - y)
