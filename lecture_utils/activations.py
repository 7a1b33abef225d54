"""The activation function: the sigmoid (1) and its derivative (2), with tanh and ReLU as alternatives."""
from dataclasses import dataclass
from typing import Callable

import numpy as np


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


@dataclass(frozen=True)
class Activation:
    """An activation f with its derivative f', and f' written through the output a = f(z)."""
    name: str
    f: Callable
    prime: Callable
    prime_from_output: Callable

    def __repr__(self):
        return f"Activation({self.name!r})"


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigma, sigma_prime, lambda a: a * (1.0 - a)),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda a: 1.0 - a * a),
    "relu": Activation("relu", relu, relu_prime, lambda a: (a > 0).astype(float)),
}


def activation(name):
    """The activation called `name` (an Activation passes through unchanged)."""
    if isinstance(name, Activation):
        return name
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]
