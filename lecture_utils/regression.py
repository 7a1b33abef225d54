"""Regression: what Cost (9) an output confined to a range cannot get below, and training watched at chosen epochs,
so that the fitted curve can be drawn as it forms (notebook 12)."""
import numbers

import numpy as np

from . import _validate
from .training import GradientDescent, fit


def range_cost_floor(Y, low=0.0, high=1.0):
    """The least Cost (9) any outputs a^[L] in [low, high] can have on targets Y: (1/N) Σ_i ½‖y^{i} − clip(y^{i})‖²,
    eq (MS3), with clip the nearest point of [low, high]; for a sigmoid output, [0, 1]."""
    Y = _validate.finite_array("Y", Y)
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2 or Y.shape[1] == 0:
        raise ValueError(f"Y must be targets of shape (n_L, N), one sample per column, not shape {Y.shape}")
    if not low < high:
        raise ValueError(f"the output range needs low < high, not [{low}, {high}]")
    return float(np.mean(0.5 * np.sum((Y - np.clip(Y, low, high)) ** 2, axis=0)))


def train_watched(net, X, Y, eta, watch, batch_size=None, seed=None, X_val=None, Y_val=None):
    """lu.train for max(watch) epochs, in place, keeping a copy of the network at each epoch in `watch` (0 is the
    start): (the TrainingHistory, {epoch: Network}). One run, the same as lu.train's with the same arguments."""
    if isinstance(watch, (str, bytes)) or not hasattr(watch, "__iter__"):
        raise ValueError(f"watch must list the epochs to keep the network at, such as (0, 100, 1000), not {watch!r}")
    watch = list(watch)
    if not watch or any(isinstance(e, bool) or not isinstance(e, numbers.Integral) or e < 0 for e in watch):
        raise ValueError(f"watch must list whole epochs >= 0, not {watch!r}")
    if sorted(set(watch)) != watch or watch[-1] == 0:
        raise ValueError(f"watch must list distinct epochs in increasing order, the last >= 1, not {watch!r}")
    X, Y = net.check_data(X, Y)
    N = X.shape[-1] if X.ndim == 2 else 1
    batch_size = N if batch_size is None else _validate.positive_int("batch_size", batch_size)
    watcher = _Watcher(GradientDescent(eta), net, watch, steps_per_epoch=-(-N // batch_size))
    validation = None if X_val is None else (X_val, Y_val)
    return fit(net, X, Y, watcher, watch[-1], batch_size, seed, validation), watcher.snapshots


class _Watcher:
    """An update rule that steps by `rule` and keeps a copy of `model` at the end of each watched epoch."""

    def __init__(self, rule, model, watch, steps_per_epoch):
        self.rule, self.model, self.watch, self.per_epoch = rule, model, set(watch), steps_per_epoch
        self.eta, self.steps = rule.eta, 0
        self.snapshots = {0: model.copy()} if 0 in self.watch else {}

    def step(self, parameters, gradients):
        self.rule.step(parameters, gradients)
        self.steps += 1
        epoch, rest = divmod(self.steps, self.per_epoch)
        if rest == 0 and epoch in self.watch:
            self.snapshots[epoch] = self.model.copy()
