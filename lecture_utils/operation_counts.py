"""Why backpropagation is fast: multiply-adds of one forward pass, of Lemma 1's backward pass, and of the P + 1 forward
passes that finite differences need (P for forward mode); the numbers the backward pass keeps; and finite differences
themselves, one extra forward pass per parameter."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .cost import mean_cost
from .forward import forward_pass
from .layers import LayerDict
from .lemma1 import ParameterGradients


def _sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes must list n_1, ..., n_L for L >= 2 layers, not {sizes!r}")
    return [_validate.positive_int(f"n_{l}", n) for l, n in enumerate(sizes, start=1)]


def parameter_count(sizes):
    """P = Σ_{l=2}^{L} n_l (n_{l−1} + 1), the number of weights and biases."""
    n = _sizes(sizes)
    return sum(n[l] * (n[l - 1] + 1) for l in range(1, len(n)))


def forward_multiply_adds(sizes):
    """Multiply-adds of one forward pass, F = Σ_{l=2}^{L} n_l n_{l−1}, eq (RM3): one per weight in (19)."""
    n = _sizes(sizes)
    return sum(n[l] * n[l - 1] for l in range(1, len(n)))


def backward_multiply_adds(sizes):
    """Multiply-adds of Lemma 1's backward pass: (W^[l+1])ᵀ δ^[l+1] of (23) for l = L−1..2, Σ_{l=3}^{L} n_l n_{l−1},
    plus the outer products δ^[l] (a^[l−1])ᵀ of (25), Σ_{l=2}^{L} n_l n_{l−1}."""
    n = _sizes(sizes)
    return sum(n[l] * n[l - 1] for l in range(2, len(n))) + forward_multiply_adds(n)


def numbers_kept(sizes):
    """How many numbers the backward pass keeps from the forward pass, per sample: a^[1], ..., a^[L], Σ_l n_l
    ((25) needs a^[l−1], and σ'(z^[l]) = a^[l](1 − a^[l]) comes from a^[l] for the sigmoid)."""
    return sum(_sizes(sizes))


@dataclass(frozen=True)
class GradientCost:
    """What one gradient of C (18) costs a network of layer sizes `sizes`, in multiply-adds."""
    sizes: tuple
    P: int
    forward: int
    lemma1: int
    finite_differences: int
    forward_mode: int

    def in_forward_passes(self, method):
        """A method's multiply-adds as a number of forward passes: `method` is lemma1, finite_differences or
        forward_mode."""
        return getattr(self, method) / self.forward


def gradient_cost(sizes):
    """The multiply-adds of one gradient by Lemma 1 (forward + backward pass), by forward differences (P + 1 forward
    passes) and by forward mode (P forward passes, each also carrying one derivative, not counted here)."""
    P, F = parameter_count(sizes), forward_multiply_adds(sizes)
    return GradientCost(tuple(_sizes(sizes)), P, F, F + backward_multiply_adds(sizes), (P + 1) * F, P * F)


def forward_difference_gradients(net, x, y, h=1e-7):
    """∂Cost/∂p ≈ (Cost(p + h) − Cost(p)) / h for every weight and bias p: P + 1 forward passes, eq (RM4)."""
    x, y = net.check_data(x, y)
    h = _validate.positive_finite("h", h)

    def cost(W, b):
        fp = forward_pass(W, b, x, net.activation.f, net.cost_function.output_activation)
        return mean_cost(net.cost_function.per_sample(fp.output, y))

    C = cost(net.W, net.b)
    slopes = {"W": {}, "b": {}}
    for name, store in (("W", net.W), ("b", net.b)):
        for l in store:
            slopes[name][l] = np.zeros(store[l].shape)
            for index in np.ndindex(store[l].shape):
                nudged = dict(store)
                nudged[l] = store[l].copy()
                nudged[l][index] += h
                W, b = (nudged, net.b) if name == "W" else (net.W, nudged)
                slopes[name][l][index] = (cost(W, b) - C) / h
    return ParameterGradients(LayerDict("∂C/∂W^[l]", 2, net.L, slopes["W"]),
                              LayerDict("∂C/∂b^[l]", 2, net.L, slopes["b"]))
