"""The curvature h of the one-line model (LR2) for a network: the Hessian of Cost (9) and its largest eigenvalue,
and gradient descent (LR1) watched along that eigenvalue's direction."""
from dataclasses import dataclass

import numpy as np

from . import _validate


def parameter_vector(net):
    """All weights and biases as one vector p: W^[2], ..., W^[L] row by row, then b^[2], ..., b^[L] (the order of
    net.trainable(), and of derivative_checks.parameters)."""
    return np.concatenate([p.value.ravel() for p in net.trainable()])


def with_parameters(net, p):
    """A copy of net whose weights and biases are read from the vector p, in parameter_vector's order."""
    p = np.asarray(p, dtype=float)
    if p.shape != (net.n_parameters,):
        raise ValueError(f"p must be a vector of the network's {net.n_parameters} weights and biases, "
                         f"not an array of shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError("p has entries that are not finite")
    new, start = net.copy(), 0
    for parameter in new.trainable():
        size = parameter.value.size
        parameter.value[...] = p[start:start + size].reshape(parameter.value.shape)
        start += size
    return new


def gradient_vector(net, X, Y):
    """∇Cost(p) of (LR1) as one vector, in parameter_vector's order: Lemma 1 over the batch X, Y."""
    return np.concatenate([g.ravel() for g in net.trainable_gradients(X, Y)])


def hessian(net, X, Y, eps=1e-5):
    """The Hessian of Cost (9), column by column as central differences of Lemma 1's gradient,
    (∇Cost(p + ε e_i) − ∇Cost(p − ε e_i)) / 2ε, then symmetrised. Accurate to about 1e-9 relative."""
    eps = _validate.positive_finite("eps", eps)
    p = parameter_vector(net)
    columns = []
    for i in range(p.size):
        step = np.zeros_like(p)
        step[i] = eps
        columns.append((gradient_vector(with_parameters(net, p + step), X, Y)
                        - gradient_vector(with_parameters(net, p - step), X, Y)) / (2 * eps))
    H = np.column_stack(columns)
    return (H + H.T) / 2


def sharpness(net, X, Y):
    """(h, v): the largest eigenvalue of the Hessian of Cost (9) at the network's parameters, the curvature h of
    (LR2) along the steepest direction, and its unit eigenvector v (sign fixed: its largest entry is positive)."""
    values, vectors = np.linalg.eigh(hessian(net, X, Y))
    v = vectors[:, -1]
    return float(values[-1]), v * np.sign(v[np.argmax(np.abs(v))])


@dataclass
class AlongDirection:
    """Gradient descent (LR1) at one η, watched along a unit direction v: component[t] = ∇Cost(p_t) · v."""
    eta: float
    component: np.ndarray

    def ratios(self):
        """component[t + 1] / component[t]: the factor 1 − ηh of (LR2), one value per epoch."""
        return self.component[1:] / self.component[:-1]


def descent_along(net, X, Y, eta, v, epochs):
    """Run (LR1) on a copy of net for `epochs` epochs and record the gradient's component along v each epoch."""
    eta = _validate.positive_finite("eta", eta)
    epochs = _validate.positive_int("epochs", epochs)
    v = np.asarray(v, dtype=float)
    if v.shape != (net.n_parameters,):
        raise ValueError(f"v must be a direction in the network's {net.n_parameters} parameters, "
                         f"not an array of shape {v.shape}")
    p = parameter_vector(net)
    component = []
    for epoch in range(epochs + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            g = gradient_vector(with_parameters(net, p), X, Y) if np.all(np.isfinite(p)) else np.full_like(p, np.nan)
            if not np.all(np.isfinite(g)):
                raise ValueError(f"the gradient stopped being finite at η = {eta:g} in epoch {epoch}: the steps "
                                 f"overshoot; take a smaller η")
            component.append(g @ v)
            p = p - eta * g
    return AlongDirection(eta, np.array(component))
