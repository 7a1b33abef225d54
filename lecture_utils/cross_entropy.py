"""The output error of a softmax output with the cross-entropy cost, δ^[L] = a^[L] − y, and why (22) does not apply."""
import numpy as np

from .activations import sigma
from .cost import cost_function


def softmax_jacobian(a):
    """∂a_j/∂z_k = a_j (δ_jk − a_k) for a = softmax(z) (one sample): diag(a) − a aᵀ, not a diagonal D^[L]."""
    a = np.asarray(a)
    if a.ndim != 1:
        raise ValueError(f"the softmax Jacobian is for one sample a^[L] of shape (n_L,), not shape {a.shape}")
    return np.diag(a) - np.outer(a, a)


def output_error_chain_rule(a, y):
    """δ^[L] = (∂a/∂z)ᵀ ∂C/∂a with ∂C/∂a_j = −y_j / a_j: the chain rule written out, before it simplifies."""
    return softmax_jacobian(a).T @ (-np.asarray(y) / a)


def output_error_eq22_misused(z, a, y, prime=None):
    """(22) copied blindly: σ'(z^[L]) ∘ (a^[L] − y) with σ' taken as the softmax's diagonal a(1 − a). Wrong here."""
    return a * (1 - a) * (a - y)


def output_error_by_definition(z, y, cost="cross_entropy", h=1e-30):
    """δ_j^[L] = ∂C/∂z_j^[L], eq (21) at l = L, by one complex step per neuron j (no backpropagation involved)."""
    cost = cost_function(cost)
    activation = cost.output_activation or sigma
    z = np.asarray(z, dtype=complex)
    delta = np.empty(z.shape, dtype=float)
    for j in range(z.size):
        step = np.zeros_like(z)
        step[j] = 1j * h
        delta[j] = np.imag(cost.per_sample(activation(z + step), y)) / h
    return delta

