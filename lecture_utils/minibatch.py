"""Mini-batch gradient descent: Lemma 1 with one column per sample, (22)–(25) averaged over the batch as in Cost (9);
L2 weight decay and early stopping."""
from dataclasses import dataclass, field

import numpy as np

from . import _validate
from .cost import mean_cost
from .layers import LayerDict
from .lemma1 import ParameterGradients, backward_step
from .progress import EpochProgress
from .stochastic_gradient import DivergenceError, delta_norms, divergence


def batch_gradients(W, b, X, Y, activation, cost):
    """∂Cost/∂W^[l], ∂Cost/∂b^[l] (l = 2..L) of Cost (9) over the columns of X, Y: the forward pass (19), (20) and
    (22)–(25) with matrices in place of vectors, eqs (12.1)–(12.3) of notebook 12. σ' is read from a^[l] by eq (2),
    σ'(z) = σ(z)(1 − σ(z)). The 1/N of the mean (9) is applied once, to Δ^[L]: (23) is linear in δ, so every
    Δ^[l] / N follows, and (24), (25) become plain sums over the batch."""
    L = max(W)
    f, prime_of_a = activation.f, activation.prime_from_output
    out_f = cost.output_activation or f
    a, z = {1: X}, {}
    # forward.forward_pass computes the same; this copy adds b in place and skips its records, which keeps the
    # batch gradient within 1.25 times its matrix products (benchmarks/bench_minibatch.py; about 1.26 with it)
    for l in range(2, L + 1):
        z[l] = W[l] @ a[l - 1]
        z[l] += b[l][:, None]                            # (19), one column per sample
        a[l] = (out_f if l == L else f)(z[l])            # (20)
    delta = cost.output_error(z[L], a[L], Y, lambda _: prime_of_a(a[L]))      # (22), or a^[L] − y
    delta = delta / X.shape[1]                           # Δ^[L] / N
    dW, db = {}, {}
    for l in range(L, 1, -1):
        dW[l] = delta @ a[l - 1].T                       # (25), summed over the batch
        db[l] = delta.sum(axis=1)                        # (24), summed over the batch
        if l > 2:
            delta = backward_step(W[l], delta, z[l - 1], lambda _, m=l - 1: prime_of_a(a[m]))   # (23)
    return dW, db


def minibatch_gradients(net, X, Y):
    """The gradient of Cost (9) over a batch X (n_1, N), Y (n_L, N), checked for shape, as a record (.dW, .db)."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("a mini-batch X must have shape (n_1, N), one sample per column")
    dW, db = batch_gradients(net.W, net.b, X, Y, net.activation, net.cost_function)
    return _record(net.L, dW, db)


def per_sample_gradients(net, X, Y):
    """The same gradient by a loop over the samples: Lemma 1 for each column x^{i}, then the mean, eq (9)."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("X must have shape (n_1, N), one sample per column")
    N = X.shape[1]
    dW = {l: np.zeros_like(net.W[l]) for l in net.W}
    db = {l: np.zeros_like(net.b[l]) for l in net.b}
    for i in range(N):
        g = net.gradients(X[:, i], Y[:, i])
        for l in net.W:
            dW[l] += g.dW[l] / N
            db[l] += g.db[l] / N
    return _record(net.L, dW, db)


def _record(L, dW, db):
    return ParameterGradients(LayerDict("∂C/∂W^[l]", 2, L, dW), LayerDict("∂C/∂b^[l]", 2, L, db))


# --- L2 regularisation (weight decay) ---------------------------------------------------------------
def weight_penalty(net, lam):
    """(λ/2) Σ_l ‖W^[l]‖_F², the L2 penalty on the weights (the biases are not penalised)."""
    return 0.5 * lam * sum(np.sum(net.W[l] * net.W[l]) for l in net.W)


def regularised_cost(net, X, Y, lam):
    """Cost (9) plus the L2 penalty: Cost + (λ/2) Σ_l ‖W^[l]‖_F²."""
    X, Y = net.check_data(X, Y)
    return net._cost(X, Y) + weight_penalty(net, _validate_lam(lam))


def gradient_step(net, X, Y, eta, lam=0.0):
    """One step p → p − η ∇(Cost + (λ/2)Σ‖W^[l]‖²) on the batch X, Y, in place: W^[l] → (1 − ηλ) W^[l] − η ∂C/∂W^[l]
    (weight decay) and b^[l] → b^[l] − η ∂C/∂b^[l], eqs (15), (24), (25)."""
    eta, lam = _validate.positive_finite("eta", eta), _validate_lam(lam)
    g = minibatch_gradients(net, X, Y)
    _update(net.W, net.b, g.dW, g.db, eta, lam)


def _update(W, b, dW, db, eta, lam):
    for l in dW:
        W_l, b_l = W[l], b[l]  # in place on the arrays themselves (training checks for divergence each epoch)
        if lam:
            W_l *= 1.0 - eta * lam
        W_l -= eta * dW[l]
        b_l -= eta * db[l]


def _validate_lam(lam):
    if isinstance(lam, bool) or not isinstance(lam, (int, float, np.floating)) or not np.isfinite(lam) or lam < 0:
        raise ValueError(f"the weight decay lam (λ) must be a finite number >= 0, not {lam!r}")
    return float(lam)


# --- training -------------------------------------------------------------------------------------
def accuracy(net, X, Y):
    """The fraction of samples whose largest output a_j^[L] is at the neuron j where y_j is largest."""
    return float(np.mean(np.argmax(net.output(X), axis=0) == np.argmax(Y, axis=0)))


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


def _finite(net):
    return all(np.isfinite(net.W[l]).all() and np.isfinite(net.b[l]).all() for l in net.W)


class _Recorder:
    def __init__(self, net, X, Y, X_val, Y_val, record_deltas, last_epoch):
        self.net, self.X, self.Y, self.X_val, self.Y_val = net, X, Y, X_val, Y_val
        self.record_deltas, self.last_epoch = int(record_deltas), last_epoch
        self.rows = []

    def _measure(self, X, Y):
        net, nan = self.net, float("nan")
        if not _finite(net):
            return nan, nan
        a = net._forward(X).output
        return (float(mean_cost(net.cost_function.per_sample(a, Y))),
                float(np.mean(np.argmax(a, axis=0) == np.argmax(Y, axis=0))))

    def record(self, epoch):
        net, nan = self.net, float("nan")
        cost, acc = self._measure(self.X, self.Y)
        row = {"epoch": epoch, "cost": cost, "accuracy": acc}
        if self.X_val is not None:
            row["val_cost"], row["val_accuracy"] = self._measure(self.X_val, self.Y_val)
        if self.record_deltas and (epoch % self.record_deltas == 0 or epoch == self.last_epoch):
            row["delta"] = (delta_norms(net, self.X, self.Y) if np.isfinite(cost)
                            else {l: nan for l in range(2, net.L + 1)})
        elif self.record_deltas:
            row["delta"] = {l: nan for l in range(2, net.L + 1)}
        self.rows.append(row)
        return row

    def history(self, eta, lam, best_epoch=None, stopped_epoch=None):
        rows, L = self.rows, self.net.L
        column = (lambda k: np.array([r[k] for r in rows]))
        h = TrainingHistory(column("epoch").astype(int), column("cost"), column("accuracy"), eta=eta, lam=lam,
                            best_epoch=best_epoch, stopped_epoch=stopped_epoch)
        if self.X_val is not None:
            h.val_cost, h.val_accuracy = column("val_cost"), column("val_accuracy")
        if self.record_deltas:
            h.delta_norm = LayerDict("‖δ^[l]‖", 2, L, {l: np.array([r["delta"][l] for r in rows])
                                                       for l in range(2, L + 1)})
        return h


def train(net, X, Y, eta, epochs, batch_size=None, seed=None, lam=0.0, X_val=None, Y_val=None, patience=None,
          record_deltas=False, progress=False):
    """Mini-batch gradient descent on Cost (9) + (λ/2)Σ‖W^[l]‖², in place: each epoch shuffles the columns of X
    (seeded) and steps once per batch of `batch_size` columns (None: the whole data, plain gradient descent).
    With validation data and `patience`, stops early once the validation cost has not improved for `patience`
    epochs and restores the parameters of the best epoch. record_deltas=True records ‖δ^[l]‖ every epoch, an
    integer k every k-th epoch (NaN between). Raises DivergenceError, in words, when Cost (9) stops
    being finite or rises well above its start (stochastic_gradient.divergence: a
    sigmoid network's quadratic cost is bounded, so "diverged" cannot only mean "infinite"). Returns a TrainingHistory."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("X must be a batch of shape (n_1, N) with one training point per column")
    N = X.shape[1]
    eta, lam = _validate.positive_finite("eta", eta), _validate_lam(lam)
    epochs = _validate.positive_int("epochs", epochs)
    batch_size = N if batch_size is None else _validate.positive_int("batch_size", batch_size)
    if batch_size > N:
        raise ValueError(f"batch_size = {batch_size} is larger than the number of training points N = {N}")
    if (X_val is None) != (Y_val is None):
        raise ValueError("give both X_val and Y_val, or neither")
    if X_val is not None:
        X_val, Y_val = net.check_data(X_val, Y_val)
    if patience is not None:
        if X_val is None:
            raise ValueError("early stopping (patience) needs validation data X_val, Y_val to watch")
        patience = _validate.positive_int("patience", patience)
    rng = np.random.default_rng(seed)
    W, b, act, cost_fn = net.W, net.b, net.activation, net.cost_function
    if not isinstance(record_deltas, bool):
        record_deltas = _validate.positive_int("record_deltas", record_deltas)
    recorder = _Recorder(net, X, Y, X_val, Y_val, record_deltas, epochs)
    start = recorder.record(0)
    best_epoch, best_val = 0, start.get("val_cost")
    best_params = (W.copy(), b.copy()) if patience is not None else None
    bar = EpochProgress(epochs, start["cost"]) if progress else None
    stopped = epochs
    for epoch in range(1, epochs + 1):
        order = rng.permutation(N) if batch_size < N else np.arange(N)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for s in range(0, N, batch_size):
                cols = order[s:s + batch_size]
                dW, db = batch_gradients(W, b, X[:, cols], Y[:, cols], act, cost_fn)
                _update(W, b, dW, db, eta, lam)
            row = recorder.record(epoch)
        reason = divergence(start["cost"], row["cost"])
        if reason:
            raise DivergenceError(
                f"training diverged in epoch {epoch}: {reason}. The learning rate eta = {eta:g} is too large for "
                f"this network; try a smaller eta (for example eta = {eta / 10:g}).", epoch,
                recorder.history(eta, lam), reason)
        if bar is not None:
            bar.update(epoch, row["cost"])
        if X_val is not None and row["val_cost"] < best_val:
            best_epoch, best_val = epoch, row["val_cost"]
            if patience is not None:
                best_params = (W.copy(), b.copy())
        elif patience is not None and epoch - best_epoch >= patience:
            stopped = epoch
            break
    if patience is not None and best_epoch != stopped:
        for l in W:
            W[l][...], b[l][...] = best_params[0][l], best_params[1][l]
    if bar is not None:
        bar.close(best_epoch if patience is not None else None)
    return recorder.history(eta, lam, best_epoch if X_val is not None else None, stopped)
