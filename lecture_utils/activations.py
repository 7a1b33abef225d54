"""The activation function: the sigmoid (1) and its derivative (2), with tanh and ReLU as alternatives."""
import math
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

import numpy as np

from . import _validate


def sigma(z):
    """Sigmoid σ(z) = 1 / (1 + e^{−z}), eq (1); no overflow warning for any real z."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z)))


def sigma_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)), eq (2), computed as σ(z)σ(−z) to stay accurate in both tails."""
    z = np.asarray(z)
    return sigma(z) * sigma(-z)


def tanh(z):
    """Hyperbolic tangent, an alternative to σ with values in (−1, 1)."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh'(z) = 1 − tanh(z)² = 1 / cosh(z)², computed in the second form to stay accurate in the tails."""
    with np.errstate(over="ignore"):
        return 1.0 / np.cosh(z) ** 2


def relu(z):
    """ReLU(z) = max(z, 0); keeps the imaginary part of a complex step where Re z > 0."""
    z = np.asarray(z)
    return np.where(np.real(z) > 0, z, 0.0 * z)


def relu_prime(z):
    """ReLU'(z) = 1 for z > 0 and 0 otherwise (the value 0 chosen at the kink z = 0)."""
    return (np.real(np.asarray(z)) > 0).astype(float)


def sigma_scalar(z, exp=math.exp):
    """σ(z) of one Python float, eq (1): the fast SGD kernel's σ (no overflow: e^{−z} is not taken below z = −700)."""
    return 1.0 / (1.0 + exp(-z)) if z > -700.0 else 0.0


@dataclass(frozen=True)
class Activation:
    """Everything about one activation f: f itself, its derivative f', f' written through the output a = f(z)
    (what the backward pass reads, eq (2) for σ), the largest value of |f'| (the factor per layer in the bound on
    the expanded product, notebook 14), and f and f'-from-the-output on Python floats for the fast kernel of sgd
    (None: sgd uses its numpy kernel)."""
    name: str
    f: Callable
    prime: Callable
    prime_from_output: Callable
    prime_max: float
    scalar: Optional[Tuple[Callable, Callable]] = None

    def __repr__(self):
        return f"Activation({self.name!r})"


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigma, sigma_prime, lambda a: a * (1.0 - a), prime_max=0.25,
                          scalar=(sigma_scalar, lambda a: a * (1.0 - a))),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda a: 1.0 - a * a, prime_max=1.0,
                       scalar=(math.tanh, lambda a: 1.0 - a * a)),
    "relu": Activation("relu", relu, relu_prime, lambda a: (a > 0).astype(float), prime_max=1.0,
                       scalar=(lambda z: z if z > 0.0 else 0.0, lambda a: 1.0 if a > 0.0 else 0.0)),
}
"""The activations known by name; any Activation record can also be passed to Network itself."""


def activation(name):
    """The activation called `name` (an Activation passes through unchanged)."""
    return _validate.registered("activation", name, ACTIVATIONS, Activation)
