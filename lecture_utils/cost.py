"""The cost: eq (9) over the data and its single-sample form (13)/(18); cross-entropy as an alternative."""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from . import _validate

from .lemma1 import output_error


def single_sample_cost(a_L, y):
    """C = ½‖y − a^[L]‖₂², eq (18); for a batch, one value per column."""
    return 0.5 * np.sum((y - a_L) ** 2, axis=0)


def mean_cost(per_sample):
    """Cost = (1/N) Σ_i C_{x^{i}}, eq (9): the average of the single-sample costs (18)."""
    return np.mean(per_sample)


def softmax(z):
    """a_j = e^{z_j} / Σ_k e^{z_k} down each column (shifted by the largest real part, so no overflow)."""
    z = np.asarray(z)
    e = np.exp(z - np.max(np.real(z), axis=0))
    return e / np.sum(e, axis=0)


def cross_entropy_cost(a_L, y):
    """C = −Σ_j y_j log a_j^[L], the cross-entropy of a softmax output; one value per column."""
    with np.errstate(divide="ignore"):
        return -np.sum(np.where(y != 0, y * np.log(a_L), 0.0), axis=0)


def output_error_cross_entropy(z_L, a_L, y, prime=None):
    """δ^[L] = a^[L] − y for softmax with cross-entropy: no σ' factor."""
    return a_L - y


@dataclass(frozen=True)
class Cost:
    """A cost: its single-sample value, its output error δ^[L], and the output layer's own activation if any."""
    name: str
    per_sample: Callable
    output_error: Callable
    output_activation: Optional[Callable] = None

    def __repr__(self):
        return f"Cost({self.name!r})"


COSTS = {
    "quadratic": Cost("quadratic", single_sample_cost, output_error),
    "cross_entropy": Cost("cross_entropy", cross_entropy_cost, output_error_cross_entropy, softmax),
}


def cost_function(name):
    """The cost called `name` (a Cost passes through unchanged)."""
    return _validate.registered("cost", name, COSTS, Cost)
