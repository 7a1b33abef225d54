"""Training by the stochastic gradient method (15), following the lecture's pseudocode."""
import math
import warnings
from itertools import repeat
from operator import add, mul, sub
from dataclasses import dataclass, field

import numpy as np

from . import _validate
from .activations import ACTIVATIONS
from .cost import mean_cost
from .diagonal import D
from .layers import LayerDict
from .lemma1 import backpropagate
from .output_layer import OUTPUTS


class DivergenceError(ValueError):
    """Training blew up: the learning rate eta was too large for this network and data."""

    def __init__(self, message, iteration, history, reason=""):
        super().__init__(message)
        self.iteration, self.history, self.reason = iteration, history, reason


@dataclass
class History:
    """Cost (9), ‖δ^[l]‖ and the gradient norms at the recorded iterations (as delta_norms and gradient_norms
    compute them; the gradient norms are None in a history saved before they were recorded)."""
    iteration: np.ndarray
    cost: np.ndarray
    delta_norm: LayerDict
    eta: float = field(default=float("nan"))
    gradient_norm: np.ndarray = None
    sample_gradient_rms: np.ndarray = None

    def __len__(self):
        return len(self.iteration)

    def save(self, path):
        """Write the history to an .npz file (used for the benchmark's full 1e6-step run)."""
        kept = {name: getattr(self, name) for name in _GRADIENT_FIELDS if getattr(self, name) is not None}
        np.savez(path, iteration=self.iteration, cost=self.cost, eta=self.eta,
                 **{f"delta_norm_{l}": v for l, v in self.delta_norm.items()}, **kept)

    @classmethod
    def load(cls, path):
        """Read a history written by save (an older file, without the gradient norms, loads with them None)."""
        with np.load(path) as f:
            layers = sorted(int(k.rsplit("_", 1)[1]) for k in f.files if k.startswith("delta_norm_"))
            norms = LayerDict("‖δ^[l]‖", 2, max(layers), {l: f[f"delta_norm_{l}"] for l in layers})
            kept = {name: f[name] for name in _GRADIENT_FIELDS if name in f.files}
            return cls(f["iteration"], f["cost"], norms, float(f["eta"]), **kept)


_GRADIENT_FIELDS = ("gradient_norm", "sample_gradient_rms")


def delta_norms(net, X, Y):
    """‖δ^[l]‖ for l = 2..L as the root mean square over the data of ‖δ^[l](x^{i})‖, eq (21): the typical size of
    a layer's error, which by (24), (25) sets how fast its biases and weights learn. Any model with a `gradients`
    method (a Network, or a network with normalisation, residual connections, dropout) gives its own δ^[l]."""
    return _delta_rms(net.gradients(X, Y).delta, net.L)


def gradient_norms(net, X, Y):
    """(‖∇Cost‖, RMS over i of ‖∇C_{x^{i}}‖), all weights and biases by (24), (25): the gradient of Cost (9), and
    the typical gradient of one sample's C (18), which one step (15) follows."""
    if np.ndim(X) != 2:
        raise ValueError("X must be a batch of shape (n_1, N) with one training point per column")
    fp, g = _one_pass(net, X, Y)
    return _gradient_norms_of(g, fp.a, net.L)


def _one_pass(net, X, Y):
    """One forward pass (19), (20) and one backward pass of Lemma 1 on checked data: all that a record reads."""
    X, Y = net.check_data(X, Y)
    fp = net.forward(X)
    return fp, backpropagate(net.W, fp, Y, net.activation, net.cost_function, net.output_activation)


def _delta_rms(delta, L):
    """RMS over the samples (the last axis) of each sample's ‖δ^[l]‖, all its other entries together (a neuron's
    column, or a convolutional layer's channels × rows × columns)."""
    def rms(d):
        d = np.abs(d) if d.ndim > 1 else np.abs(d)[:, None]
        return float(np.sqrt(np.mean(np.sum(d.reshape(-1, d.shape[-1]) ** 2, axis=0))))
    return {l: rms(delta[l]) for l in range(2, L + 1)}


def _gradient_norms_of(g, a, L):
    full = sum(np.sum(g.dW[l] ** 2) + np.sum(g.db[l] ** 2) for l in range(2, L + 1))
    # sample i: ∂C/∂W^[l] = δ^[l] (a^[l-1])ᵀ (25) has norm ‖δ^[l]‖ ‖a^[l-1]‖, and ∂C/∂b^[l] = δ^[l] (24)
    per_sample = sum(np.sum(g.delta[l] ** 2, axis=0) * (1 + np.sum(a[l - 1] ** 2, axis=0)) for l in range(2, L + 1))
    return float(np.sqrt(full)), float(np.sqrt(np.mean(per_sample)))


def record(net, X, Y, iteration):
    """(iteration, Cost (9), {l: ‖δ^[l]‖}, (‖∇Cost‖, RMS_i ‖∇C_{x^{i}}‖)) for the network as it is now, all from one
    forward and one backward pass (NaN once the network is not finite): one row of a History."""
    nan = float("nan")
    if net.parameters_finite():
        fp, g = _one_pass(net, X, Y)
        cost = float(mean_cost(net.cost_function.per_sample(fp.output, Y)))
        if np.isfinite(cost):
            return iteration, cost, _delta_rms(g.delta, net.L), _gradient_norms_of(g, fp.a, net.L)
    return iteration, nan, {l: nan for l in range(2, net.L + 1)}, (nan, nan)


def history_from_records(rows, L, eta):
    """A History from records (iteration, Cost (9), {l: ‖δ^[l]‖}, (‖∇Cost‖, RMS_i ‖∇C_{x^{i}}‖)) of a network
    with L layers."""
    norms = LayerDict("‖δ^[l]‖", 2, L, {l: np.array([r[2][l] for r in rows]) for l in range(2, L + 1)})
    gradients = np.array([r[3] for r in rows]).reshape(-1, 2)
    return History(np.array([r[0] for r in rows], dtype=int), np.array([r[1] for r in rows]), norms, eta,
                   gradients[:, 0], gradients[:, 1])


#: Training has diverged when Cost (9) is no longer finite, or has risen above RISE_FACTOR times its starting
#: value and by more than RISE_MARGIN (the margin keeps the noise of a nearly trained network from counting), or
#: when every ‖δ^[l]‖ is below STUCK_DELTA while Cost (9) is still above STUCK_COST (saturated neurons).
RISE_FACTOR, RISE_MARGIN, STUCK_DELTA, STUCK_COST = 1.5, 0.05, 1e-12, 1e-3


def divergence(cost_at_start, cost_now, norms=None):
    """Why training counts as diverged, in words, or "" if it has not; `norms` are the ‖δ^[l]‖ now, if known."""
    if not np.isfinite(cost_now):
        return "the weights or Cost (9) are no longer finite numbers"
    if cost_now > RISE_FACTOR * cost_at_start and cost_now > cost_at_start + RISE_MARGIN:
        return (f"Cost (9) rose from {cost_at_start:.3g} at the start to {cost_now:.3g}, so the steps overshoot "
                f"instead of descending")
    if norms and cost_now > STUCK_COST and all(v < STUCK_DELTA for v in norms.values()):
        return (f"every ‖δ^[l]‖ fell below {STUCK_DELTA:g} with Cost (9) still {cost_now:.3g}: the neurons have "
                f"saturated, so by (24), (25) nothing can learn any more")
    return ""


def divergence_message(when, reason, eta, on_dashboard=False):
    """The words every trainer stops with: when it happened, why (divergence), and what to try. sgd and train say
    it in a DivergenceError; the dashboard shows it under its controls, naming its own η slider and Reset button."""
    if on_dashboard:
        return (f"Training stopped: {when} {reason}. The learning rate η = {eta:g} is too large; press Reset and try "
                f"a smaller η (for example η = {eta / 10:g}).")
    return (f"training diverged {when}: {reason}. The learning rate eta = {eta:g} is too large for this network; "
            f"try a smaller eta (for example eta = {eta / 10:g}).")


def sample_indices(n_samples, n_iter, seed=None):
    """The pseudocode's random choices: n_iter integers uniformly from 0..N−1, with replacement."""
    return np.random.default_rng(seed).integers(0, n_samples, size=n_iter)


def sgd(net, X, Y, eta, n_iter, seed=None, record_every=None, cost_at_start=None, kernel="auto"):
    """The lecture's pseudocode with update (15): n_iter times pick one x^{k} uniformly at random (with
    replacement), do a forward and a backward pass, and update W^[l], b^[l] in place. Returns a History
    of Cost (9) and ‖δ^[l]‖ at iteration 0, every `record_every` iterations and at the end. `seed` is an
    int, None or a numpy Generator (pass the same Generator again to continue one random stream).
    Raises DivergenceError when training diverges, judged against Cost (9) before these iterations, or
    against `cost_at_start` when it is given (a run continued in pieces passes its cost at iteration 0).
    `kernel` chooses who does the arithmetic, always the same steps on the same random choices: "compiled"
    (numba), "python" (Python floats), "numpy", or "auto", the fastest that applies (see choose_kernel)."""
    X, Y = net.check_data(X, Y)
    if X.ndim != 2:
        raise ValueError("X must be a batch of shape (n_1, N) with one training point per column")
    eta = _validate.positive_finite("eta", eta)
    n_iter = _validate.positive_int("n_iter", n_iter)
    record_every = max(1, n_iter // 1000) if record_every is None else _validate.positive_int("record_every",
                                                                                                record_every)
    kernel = KERNELS[choose_kernel(net, kernel)]
    choices = sample_indices(X.shape[1], n_iter, seed)
    rows = [record(net, X, Y, 0)]
    for start in range(0, n_iter, record_every):
        stop = min(start + record_every, n_iter)
        kernel(net, X, Y, eta, choices[start:stop])
        rows.append(record(net, X, Y, stop))
        reason = divergence(rows[0][1] if cost_at_start is None else cost_at_start, rows[-1][1], rows[-1][2])
        if reason:
            raise DivergenceError(divergence_message(f"by iteration {stop}", reason, eta), stop,
                                  history_from_records(rows, net.L, eta), reason)
    return history_from_records(rows, net.L, eta)


# --- the kernels: the same arithmetic as the pseudocode, in the same order ---------------------------
def choose_kernel(net, kernel="auto"):
    """The name of the kernel sgd uses for `net`: the one asked for ("compiled", "python", "numpy"), or for "auto"
    the compiled one where it applies (numba installed, the quadratic cost, layers of at most 6 neurons), else
    Python floats for layers of a few neurons, else numpy."""
    if kernel not in ("auto", *KERNELS):
        raise ValueError(f"kernel must be 'auto', 'compiled', 'python' or 'numpy', not {kernel!r}")
    if kernel == "compiled":
        reason = _compiled_cannot_train(net)
        if reason:
            raise ValueError(f"kernel='compiled' cannot train this network: {reason}")
    elif kernel == "python" and not _floats_are_faster(net, any_size=True):
        raise ValueError("kernel='python' needs the quadratic cost and one of the activations sigmoid, tanh, relu in "
                         "every layer, the output layer included")
    if kernel != "auto":
        return kernel
    if max(net.sizes) <= COMPILED_MAX_NEURONS and not _compiled_cannot_train(net, say_once=True):
        return "compiled"
    return "python" if _floats_are_faster(net) else "numpy"


#: "auto" compiles for layers of up to this many neurons, where the Python-float kernel ran before (the compiled one
#: gives its very bits); larger layers keep numpy's kernel, whose products go to the BLAS ("compiled" takes any size).
COMPILED_MAX_NEURONS = 6


def _floats_are_faster(net, any_size=False):
    """Python floats beat numpy for layers of a few neurons, where each numpy call (about 0.5 µs) dominates; the
    float kernel knows one activation for all layers, so a different output layer (linear) takes the numpy kernel."""
    return ((any_size or max(net.sizes) <= 6) and net.cost_function.name == "quadratic"
            and net.activation.scalar is not None and net.output_activation == net.activation)


def _steps_numpy(net, X, Y, eta, choices):
    """SGD steps (15) on numpy arrays, for any size: all δ^[l] with the current weights, then the updates."""
    L, f, fprime, cost = net.L, net.activation.f, net.activation.prime_from_output, net.cost_function
    W, b = net.W, net.b
    out_f, out_fprime = net.output_activation.f, net.output_activation.prime_from_output
    for k in choices:
        a = {1: X[:, k]}
        z = {}
        for l in range(2, L + 1):
            z[l] = W[l] @ a[l - 1] + b[l]
            a[l] = (out_f if l == L else f)(z[l])
        delta = cost.output_error(z[L], a[L], Y[:, k], lambda _: out_fprime(a[L]))
        for l in range(L, 1, -1):
            next_delta = fprime(a[l - 1]) * (W[l].T @ delta) if l > 2 else None
            step = eta * delta
            W[l] -= step[:, None] * a[l - 1]
            b[l] -= step
            delta = next_delta


def _steps_floats(net, X, Y, eta, choices):
    """SGD steps (15) on Python floats, entry by entry: the same formulas as _steps_numpy, in the same order."""
    f, fprime = net.activation.scalar
    L = net.L
    W = [None, None] + [net.W[l].tolist() for l in range(2, L + 1)]
    b = [None, None] + [net.b[l].tolist() for l in range(2, L + 1)]
    xs, ys = X.T.tolist(), Y.T.tolist()
    forward, backward = range(2, L + 1), range(L, 1, -1)

    def dot(u, v):
        return sum(map(mul, u, v))

    try:
        for i in choices.tolist():
            a = [None, xs[i]]
            for l in forward:  # z^[l] = W^[l] a^[l-1] + b^[l] (19), a^[l] = σ(z^[l]) (20)
                a.append(list(map(f, map(add, b[l], map(dot, W[l], repeat(a[l - 1]))))))
            delta = list(map(mul, map(fprime, a[L]), map(sub, a[L], ys[i])))  # (22)
            for l in backward:
                if l > 2:  # (23), with W^[l] before its update
                    next_delta = list(map(mul, map(fprime, a[l - 1]), map(dot, zip(*W[l]), repeat(delta))))
                step = [eta * d for d in delta]
                for w_j, s_j in zip(W[l], step):  # W^[l] -= eta δ^[l] (a^[l-1])ᵀ, (25)
                    for k, a_k in enumerate(a[l - 1]):
                        w_j[k] -= s_j * a_k
                b[l] = list(map(sub, b[l], step))  # b^[l] -= eta δ^[l], (24)
                if l > 2:
                    delta = next_delta
    finally:
        for l in forward:
            net.W[l][...] = W[l]
            net.b[l][...] = b[l]


# --- the compiled kernel: _steps_floats's loops on one flat array of parameters, compiled by numba -------------
#: The activations the compiled kernel knows, by their number in _compiled_loop (linear only for the output layer).
COMPILED_ACTIVATIONS = {"sigmoid": 0, "tanh": 1, "relu": 2, "linear": 3}


def _compiled_loop(parameters, sizes, xs, ys, eta, choices, hidden, output):
    """SGD steps (15) on the 1-D array `parameters` (W^[l] row by row, then b^[l], for l = 2..L), one point xs[k],
    target ys[k] per k in choices: _steps_floats's formulas in its order, in loops numba can compile. `hidden`,
    `output`: the activations' numbers in COMPILED_ACTIVATIONS. Plain Python runs it too (slowly), to the same bits."""
    L = sizes.shape[0]  # layers 1..L are rows 0..L-1 of a
    width = 0
    for i in range(L):
        width = max(width, sizes[i])
    a = np.zeros((L, width))
    delta = np.zeros(width)
    next_delta = np.zeros(width)
    start = np.zeros(L, dtype=np.int64)  # where W^[i+1] starts in parameters; its b^[i+1] follows it
    at = 0
    for i in range(1, L):
        start[i] = at
        at += sizes[i] * sizes[i - 1] + sizes[i]
    for t in range(choices.shape[0]):
        k = choices[t]
        for m in range(sizes[0]):  # a^[1] = x^{k}
            a[0, m] = xs[k, m]
        for i in range(1, L):  # z^[l] = W^[l] a^[l-1] + b^[l] (19), a^[l] = f(z^[l]) (20)
            code = output if i == L - 1 else hidden
            n_in, w = sizes[i - 1], start[i]
            b = w + sizes[i] * n_in
            for j in range(sizes[i]):
                dot = 0.0
                for m in range(n_in):
                    dot += parameters[w + j * n_in + m] * a[i - 1, m]
                z = parameters[b + j] + dot
                if code == 0:
                    a[i, j] = 1.0 / (1.0 + math.exp(-z)) if z > -700.0 else 0.0  # as sigma_scalar
                elif code == 1:
                    a[i, j] = math.tanh(z)
                elif code == 2:
                    a[i, j] = z if z > 0.0 else 0.0
                else:
                    a[i, j] = z
        for j in range(sizes[L - 1]):  # δ^[L] = f'(z^[L]) ∘ (a^[L] − y) (22), f' read from a^[L]
            out = a[L - 1, j]
            if output == 0:
                prime = out * (1.0 - out)
            elif output == 1:
                prime = 1.0 - out * out
            elif output == 2:
                prime = 1.0 if out > 0.0 else 0.0
            else:
                prime = 1.0
            delta[j] = prime * (out - ys[k, j])
        for i in range(L - 1, 0, -1):
            n_in, n_out, w = sizes[i - 1], sizes[i], start[i]
            b = w + n_out * n_in
            if i > 1:  # δ^[l-1] = f'(z^[l-1]) ∘ (W^[l])ᵀ δ^[l] (23), with W^[l] before its update
                for m in range(n_in):
                    dot = 0.0
                    for j in range(n_out):
                        dot += parameters[w + j * n_in + m] * delta[j]
                    before = a[i - 1, m]
                    if hidden == 0:
                        prime = before * (1.0 - before)
                    elif hidden == 1:
                        prime = 1.0 - before * before
                    else:
                        prime = 1.0 if before > 0.0 else 0.0
                    next_delta[m] = prime * dot
            for j in range(n_out):
                step = eta * delta[j]
                for m in range(n_in):  # W^[l] -= eta δ^[l] (a^[l-1])ᵀ, (25)
                    parameters[w + j * n_in + m] -= step * a[i - 1, m]
                parameters[b + j] -= step  # b^[l] -= eta δ^[l], (24)
            if i > 1:
                for m in range(n_in):
                    delta[m] = next_delta[m]


_COMPILED = {}  # "kernel": the compiled _compiled_loop, or "unavailable": why numba could not compile it
_SIGNATURE = "void(float64[::1], int64[::1], float64[:, ::1], float64[:, ::1], float64, int64[::1], int64, int64)"


def compiled_loop():
    """_compiled_loop compiled by numba on first use (numba is imported only then), and cached on disk (numba's
    cache=True, beside this module or, in a read-only install, in the user's cache folder; without either, compiled
    in each session). Raises ImportError, in words, where numba is missing or cannot compile."""
    if "kernel" not in _COMPILED and "unavailable" not in _COMPILED:
        try:
            import numba
            with warnings.catch_warnings():  # a cache that cannot be written is numba's warning, not the reader's
                warnings.simplefilter("ignore")
                try:
                    _COMPILED["kernel"] = numba.njit(_SIGNATURE, cache=True, error_model="numpy")(_compiled_loop)
                except RuntimeError:  # no folder to cache in: compile for this session only
                    _COMPILED["kernel"] = numba.njit(_SIGNATURE, error_model="numpy")(_compiled_loop)
        except ImportError as error:  # numba not installed, or not for this numpy
            _COMPILED["unavailable"] = f"numba cannot be imported here ({error})"
        except Exception as error:  # numba installed, but it fails to compile
            _COMPILED["unavailable"] = f"numba could not compile sgd's kernel ({type(error).__name__}: {error})"
    if "unavailable" in _COMPILED:
        raise ImportError(_COMPILED["unavailable"])
    return _COMPILED["kernel"]


def _compiled_cannot_train(net, say_once=False):
    """Why the compiled kernel cannot train `net`, in words, or "" if it can. With say_once, a missing numba is said
    once per session, as a warning that sgd falls back to its other kernels."""
    if net.cost_function.name != "quadratic":
        return f"it knows the quadratic cost (9) only, not {net.cost_function.name!r}"
    hidden = {name: code for name, code in COMPILED_ACTIVATIONS.items() if name != "linear"}
    if net.activation.name not in hidden or net.activation != ACTIVATIONS[net.activation.name]:
        return f"it knows the hidden activations {', '.join(hidden)} only, not {net.activation.name!r}"
    out = net.output_activation
    if out.name not in COMPILED_ACTIVATIONS or out != OUTPUTS[out.name]:
        return f"it knows the output activations {', '.join(COMPILED_ACTIVATIONS)} only, not {out.name!r}"
    try:
        compiled_loop()
    except ImportError as error:
        if say_once and not _COMPILED.get("said"):
            _COMPILED["said"] = True
            warnings.warn(f"{error}, so lu.sgd uses its Python or numpy kernel instead: the same steps, about 100 "
                          f"times slower. Install numba for the compiled kernel.", RuntimeWarning, stacklevel=4)
        return str(error)
    return ""


def _pack(net):
    """W^[2], b^[2], ..., W^[L], b^[L] of `net` in one 1-D array, each W^[l] row by row: the compiled kernel's
    `parameters`."""
    return np.concatenate([np.concatenate([net.W[l].ravel(), net.b[l].ravel()]) for l in range(2, net.L + 1)])


def _unpack(parameters, net):
    """Write the compiled kernel's `parameters` back into net.W, net.b (in place, as the other kernels update)."""
    at = 0
    for l in range(2, net.L + 1):
        for array in (net.W[l], net.b[l]):
            array[...] = parameters[at:at + array.size].reshape(array.shape)
            at += array.size


def _steps_compiled(net, X, Y, eta, choices):
    """SGD steps (15) by the compiled kernel: _steps_floats's formulas in its order, on the parameters packed into
    one array and written back into net.W, net.b afterwards."""
    parameters = _pack(net)
    compiled_loop()(parameters, np.asarray(net.sizes, dtype=np.int64), np.ascontiguousarray(X.T, dtype=float),
                    np.ascontiguousarray(Y.T, dtype=float), float(eta), np.ascontiguousarray(choices, dtype=np.int64),
                    COMPILED_ACTIVATIONS[net.activation.name], COMPILED_ACTIVATIONS[net.output_activation.name])
    _unpack(parameters, net)


KERNELS = {"compiled": _steps_compiled, "python": _steps_floats, "numpy": _steps_numpy}
"""sgd's kernels by name: all do the pseudocode's arithmetic on the same random choices."""


def sgd_pseudocode(net, X, Y, eta, n_iter, seed=None):
    """The lecture's pseudocode transcribed line by line, with D^[l] as diagonal matrices: slow, but literal."""
    X, Y = net.check_data(X, Y)
    eta = _validate.positive_finite("eta", eta)
    L, W, b = net.L, net.W, net.b
    # the lecture's σ in every layer; a linear output layer (MS1) has D^[L] = I (the cross-entropy's softmax is
    # not the lecture's: this transcription keeps σ there, as it always has)
    out = net.output_activation if net.cost_function.output_activation is None else net.activation
    for k in sample_indices(X.shape[1], _validate.positive_int("n_iter", n_iter), seed):
        a, z, Dm, delta = {1: X[:, k]}, {}, {}, {}
        for l in range(2, L + 1):
            f = out if l == L else net.activation
            z[l] = W[l] @ a[l - 1] + b[l]
            a[l] = f.f(z[l])
            Dm[l] = D(z[l], f.prime)
        delta[L] = Dm[L] @ (a[L] - Y[:, k])
        for l in range(L - 1, 1, -1):
            delta[l] = Dm[l] @ W[l + 1].T @ delta[l + 1]
        for l in range(L, 1, -1):
            W[l] -= eta * np.outer(delta[l], a[l - 1])
            b[l] -= eta * delta[l]
