"""What every model with trainable() and gradients() shares (batch_normalisation, residual): its gradient record,
the training seam for arrays named by parameter_stores(), one complex-step check of all its parameters, and
‖δ^[l]‖ layer by layer."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .derivative_checks import relative_error
from .layers import LayerDict
from .training import Parameter


@dataclass
class ModelGradients:
    """δ^[l] = ∂C/∂z^[l] for l = 2..L (one column per sample) and ∂Cost/∂p for each parameter, in the order of the
    model's trainable(), with their symbols."""
    delta: LayerDict
    symbols: list
    values: list

    def __getitem__(self, symbol):
        """The gradient of the parameter called `symbol`, e.g. "γ^[3]"."""
        if symbol not in self.symbols:
            raise KeyError(f"no parameter {symbol!r}; the parameters are {', '.join(self.symbols)}")
        return self.values[self.symbols.index(symbol)]


class StoredParameters:
    """What lu.fit and the complex-step check need, for a model whose parameter_stores() names its arrays (symbol →
    (LayerDict, l)): trainable() in that order (weights W^[l] decay, nothing else does), parameters_finite() and
    with_value()."""

    def trainable(self):
        """The arrays training updates in place, in the order of parameter_stores()."""
        return [Parameter(s, store[l], decays=s.startswith("W")) for s, (store, l) in self.parameter_stores().items()]

    def parameters_finite(self):
        """Whether every parameter is a finite number."""
        return all(np.isfinite(store[l]).all() for store, l in self.parameter_stores().values())

    def with_value(self, symbol, index, value):
        """A copy with one entry (index, 0-based) of the parameter `symbol` set to value (complex for a complex
        step); the model itself is unchanged."""
        return with_entry(self, symbol, index, value)


def with_entry(model, symbol, index, value):
    """A copy of a model with entry `index` (0-based) of its parameter `symbol` set to value, complex for a complex
    step (that one array becomes complex); the model itself is unchanged. The model names its arrays by
    parameter_stores(): symbol → (LayerDict, l)."""
    stores = model.parameter_stores()
    if symbol not in stores:
        raise KeyError(f"no parameter {symbol!r}; the parameters are {', '.join(stores)}")
    new = model.copy()
    store, l = new.parameter_stores()[symbol]
    values = store[l].astype(np.result_type(store[l], value))
    values[index] = value
    store[l] = values
    return new


def complex_step_gradients(model, X, Y, h=1e-30):
    """∂Cost/∂p = Im Cost(p + ih) / h for every entry of every array of model.trainable(), one at a time, in the
    model's current mode: the reference that model.gradients must match to rounding."""
    h = _validate.positive_finite("h", h)
    out = []
    for p in model.trainable():
        grad = np.zeros(p.value.shape)
        for index in np.ndindex(p.value.shape):
            stepped = model.with_value(p.symbol, index, p.value[index] + 1j * h)
            grad[index] = np.imag(stepped.cost(X, Y)) / h
        out.append(grad)
    return out


def gradient_error(model, X, Y):
    """The largest relative error (lu.relative_error) between model.gradients and complex_step_gradients over the
    parameters: a number for lu.agreement."""
    exact = model.gradients(X, Y).values
    return max(relative_error(g, c) for g, c in zip(exact, complex_step_gradients(model, X, Y)))


def delta_norm_profile(model, X, Y):
    """‖δ^[l]‖ for l = 2..L as an array from l = 2: the root mean square over the columns of model.gradients(X, Y)
    .delta[l], as lu.delta_norm_by_layer measures a Network (for which the two agree)."""
    delta = model.gradients(X, Y).delta
    return np.array([np.sqrt(np.mean(np.sum(np.abs(delta[l]) ** 2, axis=0))) for l in range(2, model.L + 1)])
