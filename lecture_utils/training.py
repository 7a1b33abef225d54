"""The training loop with its parts as objects: a model that lists its parameters and gives the gradient of
Cost (9) on a batch, and an update rule, (15) with or without weight decay. A layer with a training and an
evaluation mode, or a parameter other than W^[l] and b^[l], plugs in through the model without a new loop."""
from dataclasses import dataclass, field

import numpy as np

from . import _validate
from .classification import accuracy_of_outputs
from .layers import LayerDict
from .progress import EpochProgress
from .stochastic_gradient import DivergenceError, delta_norms, divergence, divergence_message


@dataclass
class Parameter:
    """One trainable array of a model, updated in place: its symbol (W^[2], b^[2], ...), the array itself, and
    whether weight decay applies to it (weights yes, biases no)."""
    symbol: str
    value: np.ndarray
    decays: bool


class GradientDescent:
    """The update (15) on a batch: p → p − η ∂Cost/∂p for every parameter, in place."""

    def __init__(self, eta):
        self.eta = _validate.positive_finite("eta", eta)

    def step(self, parameters, gradients):
        for p, g in zip(parameters, gradients):
            p.value -= self.eta * g

    def __repr__(self):
        return f"GradientDescent(eta={self.eta:g})"


class WeightDecay(GradientDescent):
    """(15) on Cost (9) + (λ/2) Σ_l ‖W^[l]‖²: a weight becomes (1 − ηλ) W − η ∂Cost/∂W (the penalty's gradient is
    λW); biases step as in GradientDescent."""

    def __init__(self, eta, lam):
        super().__init__(eta)
        self.lam = _validate.nonnegative_finite("the weight decay lam (λ)", lam)

    def step(self, parameters, gradients):
        for p, g in zip(parameters, gradients):
            if p.decays and self.lam:
                p.value *= 1.0 - self.eta * self.lam
            p.value -= self.eta * g

    def __repr__(self):
        return f"WeightDecay(eta={self.eta:g}, lam={self.lam:g})"


@dataclass
class TrainingHistory:
    """Per epoch (0 = before training): Cost (9) and accuracy on the training data and, if given, the validation
    data; ‖δ^[l]‖ if recorded; the epoch with the least validation cost and the epoch where training stopped."""
    epoch: np.ndarray
    cost: np.ndarray
    accuracy: np.ndarray
    val_cost: np.ndarray = None
    val_accuracy: np.ndarray = None
    delta_norm: LayerDict = None
    best_epoch: int = None
    stopped_epoch: int = None
    eta: float = field(default=float("nan"))
    lam: float = 0.0


class _Recorder:
    """Cost (9), accuracy and, when asked, ‖δ^[l]‖ after each epoch, measured in the model's evaluation mode."""

    def __init__(self, model, X, Y, X_val, Y_val, record_deltas, last_epoch):
        self.model, self.X, self.Y, self.X_val, self.Y_val = model, X, Y, X_val, Y_val
        self.record_deltas, self.last_epoch = int(record_deltas), last_epoch
        self.rows = []

    def _measure(self, X, Y):
        model, nan = self.model, float("nan")
        if not model.parameters_finite():
            return nan, nan
        a = model.output(X)
        return float(np.mean(model.cost_function.per_sample(a, Y))), accuracy_of_outputs(a, Y)

    def record(self, epoch):
        model, nan = self.model, float("nan")
        cost, acc = self._measure(self.X, self.Y)
        row = {"epoch": epoch, "cost": cost, "accuracy": acc}
        if self.X_val is not None:
            row["val_cost"], row["val_accuracy"] = self._measure(self.X_val, self.Y_val)
        if self.record_deltas and (epoch % self.record_deltas == 0 or epoch == self.last_epoch):
            row["delta"] = (delta_norms(model, self.X, self.Y) if np.isfinite(cost)
                            else {l: nan for l in range(2, model.L + 1)})
        elif self.record_deltas:
            row["delta"] = {l: nan for l in range(2, model.L + 1)}
        self.rows.append(row)
        return row

    def history(self, eta, lam, best_epoch=None, stopped_epoch=None):
        rows, L = self.rows, self.model.L
        column = (lambda k: np.array([r[k] for r in rows]))
        h = TrainingHistory(column("epoch").astype(int), column("cost"), column("accuracy"), eta=eta, lam=lam,
                            best_epoch=best_epoch, stopped_epoch=stopped_epoch)
        if self.X_val is not None:
            h.val_cost, h.val_accuracy = column("val_cost"), column("val_accuracy")
        if self.record_deltas:
            h.delta_norm = LayerDict("‖δ^[l]‖", 2, L, {l: np.array([r["delta"][l] for r in rows])
                                                       for l in range(2, L + 1)})
        return h


def _in_mode(model, training):
    """Switch a model that has a training and an evaluation mode (an attribute `training`) into one of them."""
    if hasattr(model, "training"):
        model.training = training


def fit(model, X, Y, update, epochs, batch_size=None, seed=None, validation=None, patience=None,
        record_deltas=False, progress=False):
    """Mini-batch training of `model` by the rule `update`, in place. Each epoch shuffles the columns of X
    (seeded) and steps once per batch of `batch_size` columns (None: the whole data, plain gradient descent), in
    the model's training mode; Cost (9) and the rest are recorded after each epoch in its evaluation mode.
    `validation` = (X_val, Y_val) is watched; with `patience`, training stops once its cost has not improved for
    that many epochs and the parameters of the best epoch are restored. Raises DivergenceError, in words, when
    Cost (9) stops being finite or rises well above its start. Returns a TrainingHistory.

    The model provides: trainable() (its Parameters), trainable_gradients(X, Y) (∂Cost/∂p on a batch, in the same
    order), output(X), cost_function, parameters_finite(), L, check_data and gradients (for ‖δ^[l]‖); and, if it
    has modes, an attribute `training` that fit sets True for the updates and False for the records."""
    X, Y = model.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("X must be a batch of shape (n_1, N) with one training point per column")
    N = X.shape[1]
    epochs = _validate.positive_int("epochs", epochs)
    batch_size = N if batch_size is None else _validate.positive_int("batch_size", batch_size)
    if batch_size > N:
        raise ValueError(f"batch_size = {batch_size} is larger than the number of training points N = {N}")
    X_val, Y_val = validation if validation is not None else (None, None)
    if X_val is not None:
        X_val, Y_val = model.check_data(X_val, Y_val)
    if patience is not None:
        if X_val is None:
            raise ValueError("early stopping (patience) needs validation data X_val, Y_val to watch")
        patience = _validate.positive_int("patience", patience)
    if not isinstance(record_deltas, bool):
        record_deltas = _validate.positive_int("record_deltas", record_deltas)
    eta, lam = update.eta, getattr(update, "lam", 0.0)
    rng = np.random.default_rng(seed)
    parameters = model.trainable()
    _in_mode(model, False)
    recorder = _Recorder(model, X, Y, X_val, Y_val, record_deltas, epochs)
    start = recorder.record(0)
    best_epoch, best_val = 0, start.get("val_cost")
    best_params = [p.value.copy() for p in parameters] if patience is not None else None
    bar = EpochProgress(epochs, start["cost"]) if progress else None
    stopped = epochs
    for epoch in range(1, epochs + 1):
        order = rng.permutation(N) if batch_size < N else np.arange(N)
        _in_mode(model, True)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for s in range(0, N, batch_size):
                cols = order[s:s + batch_size]
                update.step(parameters, model.trainable_gradients(X[:, cols], Y[:, cols]))
            _in_mode(model, False)
            row = recorder.record(epoch)
        reason = divergence(start["cost"], row["cost"])
        if reason:
            raise DivergenceError(divergence_message(f"in epoch {epoch}", reason, eta), epoch,
                                  recorder.history(eta, lam), reason)
        if bar is not None:
            bar.update(epoch, row["cost"])
        if X_val is not None and row["val_cost"] < best_val:
            best_epoch, best_val = epoch, row["val_cost"]
            if patience is not None:
                best_params = [p.value.copy() for p in parameters]
        elif patience is not None and epoch - best_epoch >= patience:
            stopped = epoch
            break
    if patience is not None and best_epoch != stopped:
        for p, kept in zip(parameters, best_params):
            p.value[...] = kept
    if bar is not None:
        bar.close(best_epoch if patience is not None else None)
    return recorder.history(eta, lam, best_epoch if X_val is not None else None, stopped)


def train(net, X, Y, eta, epochs, batch_size=None, seed=None, lam=0.0, X_val=None, Y_val=None, patience=None,
          record_deltas=False, progress=False):
    """Mini-batch gradient descent on Cost (9) + (λ/2)Σ‖W^[l]‖², in place: fit with the rule (15), with weight
    decay when lam > 0. record_deltas=True records ‖δ^[l]‖ every epoch, an integer k every k-th epoch (NaN
    between); see fit for the rest. A sigmoid network's quadratic cost is bounded, so "diverged" cannot only mean
    "infinite" (stochastic_gradient.divergence). Returns a TrainingHistory."""
    if (X_val is None) != (Y_val is None):
        raise ValueError("give both X_val and Y_val, or neither")
    lam = _validate.nonnegative_finite("the weight decay lam (λ)", lam)
    update = WeightDecay(eta, lam) if lam else GradientDescent(eta)
    return fit(net, X, Y, update, epochs, batch_size, seed, None if X_val is None else (X_val, Y_val), patience,
               record_deltas, progress)
