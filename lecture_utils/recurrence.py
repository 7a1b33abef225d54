"""Recurrence: a network that reads a sequence x_1, ..., x_T with one hidden state, h_t = σ(W h_{t−1} + U x_t + b)
(RN1), and answers at the end, a = σ(V h_T + c) (RN2). Unrolled over t = 1..T it is a deep network whose layers
share W, U and b, so Lemma 1 applies step by step (backpropagation through time, RN3–RN5) and a shared weight's
gradient is the sum over t of its terms (RN6). A batch holds one sequence per column: X has T·n_x rows, x_t in
rows (t−1)·n_x .. t·n_x − 1."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .activations import activation as _activation
from .cost import cost_function, mean_cost
from .training import Parameter


class TimeDict(dict):
    """A dict keyed by the time step t = first..T whose missing keys are explained in the lecture's terms."""

    def __init__(self, symbol, first, T, items=()):
        super().__init__(items)
        self.symbol, self.first, self.T = symbol, first, T

    def __missing__(self, t):
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)):
            raise KeyError(f"{self.symbol} is numbered by a whole time step t, not {t!r}")
        raise KeyError(f"{self.symbol} exists for t = {self.first}..{self.T}, not t = {t}")

    def __repr__(self):
        return f"{self.symbol} for t = {self.first}..{self.T}: " + dict.__repr__(self)


# --- the data: a memory task --------------------------------------------------------------------------------
def memory_task(T, N, seed=None, noise=0.2):
    """N sequences of T scalar inputs (X of shape (T, N), n_x = 1): x_1 = +1 (category 1) or −1 (category 2),
    drawn with equal chance, then x_2..x_T noise N(0, noise²); the target at time T is the category of x_1, one-hot
    (Y of shape (2, N)). Answering it means carrying x_1 through T − 1 steps; guessing is right half the time."""
    T, N = _validate.positive_int("the sequence length T", T), _validate.positive_int("N", N)
    noise = _validate.nonnegative_finite("noise", noise)
    rng = np.random.default_rng(seed)
    category = rng.integers(0, 2, size=N)
    X = noise * rng.standard_normal((T, N))
    X[0] = np.where(category == 0, 1.0, -1.0)
    return X, np.eye(2)[:, category]



def memory_verdict(accuracy, chance=0.5, margin=0.1):
    """The outcome of a run on the memory task in words every machine prints alike: "solved (100%)" from 99%
    up, "guessing" within `margin` of `chance` (the exact share of a guess flips with the last bit of the
    weights), otherwise the accuracy to whole percents."""
    accuracy = _validate.nonnegative_finite("accuracy", accuracy)
    if accuracy >= 0.99:
        return f"solved ({accuracy:.0%})"
    if abs(accuracy - chance) < margin:
        return f"guessing (within {margin:.0%} of {chance:.0%})"
    return f"{accuracy:.0%}"


# --- checks shared by the recurrent models -------------------------------------------------------------------
def check_sequences(X, T, n_x):
    """X as a batch (T·n_x, N) of sequences, one per column (one sequence (T·n_x,) becomes a column), or a
    ValueError in terms of the sequence length T and the input size n_x."""
    X = _validate.finite_array("X", X)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"X must hold one sequence per column, shape (T·n_x, N) = ({T * n_x}, N), not an array "
                         f"with {X.ndim} dimensions")
    if X.shape[0] != T * n_x:
        hint = ""
        if X.shape[0] % n_x == 0:
            hint = f": that is a sequence of {X.shape[0] // n_x} steps, but this network reads T = {T}"
        if X.shape[1] == T * n_x:
            hint = " (sequences are columns: did you pass the transpose?)"
        raise ValueError(f"X has {X.shape[0]} rows but a sequence of T = {T} steps of n_x = {n_x} inputs has "
                         f"T·n_x = {T * n_x}{hint}")
    if X.shape[1] == 0:
        raise ValueError("X has no columns: a batch needs at least one sequence")
    return X


def check_targets(X, Y, n_y):
    """Y as one target (n_y, N) per sequence of X, or a ValueError saying what does not match."""
    Y = _validate.finite_array("y", Y)
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2 or Y.shape[0] != n_y:
        raise ValueError(f"y must have n_y = {n_y} rows, one target per sequence, not shape {Y.shape}")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X holds {X.shape[1]} sequence(s) but y holds {Y.shape[1]}: each sequence needs exactly "
                         f"one target")
    return Y


def steps(X, T, n_x):
    """x_1, ..., x_T of a checked batch, as a TimeDict of (n_x, N) arrays."""
    return TimeDict("x_t", 1, T, {t: X[(t - 1) * n_x:t * n_x] for t in range(1, T + 1)})


def output_layer(V, c, h_T, cost):
    """z = V h_T + c and a = σ(z) (or the cost's own output activation, softmax for cross-entropy), eq (RN2)."""
    z = V @ h_T + c[:, None]
    return z, (cost.output_activation or _activation("sigmoid").f)(z)


def time_sum(delta, inputs, T):
    """Σ_{t=1}^T δ_t (input_t)ᵀ, the mean over the batch's columns: the gradient of a shared weight, eq (RN6)."""
    N = delta[1].shape[1]
    return sum(delta[t] @ inputs[t].T for t in range(1, T + 1)) / N


def delta_norms_through_time(delta):
    """‖δ_t‖ for t = first..T, the root mean square over the sequences (columns) of each column's norm."""
    return np.array([float(np.sqrt(np.mean(np.sum(np.abs(delta[t]) ** 2, axis=0)))) for t in sorted(delta)])


def init_arrays(shapes, seed, scale):
    """scale · N(0, 1) arrays of the given shapes, drawn in order from one seeded generator."""
    rng = np.random.default_rng(seed)
    return {name: scale * rng.standard_normal(shape) for name, shape in shapes.items()}


class SequenceModel:
    """What the RNN and the LSTM share: the arrays W, U, b, V, c as Parameters (the model protocol of
    training.fit), the checks of X and y, and Cost (9) with any parameter values (for the complex step)."""

    def _setup(self, n_x, n_h, n_y, T, cost, rows):
        """The sizes, checked, the cost, and the shapes of W, U, b (with `rows` rows), V and c."""
        self.n_x, self.n_h = _validate.positive_int("n_x", n_x), _validate.positive_int("the hidden size n_h", n_h)
        self.n_y = _validate.positive_int("n_y", n_y)
        self.T = _validate.positive_int("the sequence length T", T)
        self.cost_function = cost_function(cost)
        n_x, n_h, n_y = self.n_x, self.n_h, self.n_y
        self.shapes = {"W": (rows, n_h), "U": (rows, n_x), "b": (rows,), "V": (n_y, n_h), "c": (n_y,)}

    @property
    def L(self):
        """The depth of the unrolled network: the input, one layer per time step, and the output, T + 2."""
        return self.T + 2

    def trainable(self):
        """W, U, b (shared by every time step), then the output layer's V, c; weight decay applies to weights."""
        return [Parameter(s, getattr(self, s), decays=s in ("W", "U", "V")) for s in self.shapes]

    def trainable_gradients(self, X, Y):
        """∂Cost/∂p of Cost (9) on the batch X, Y for each of trainable(), in the same order."""
        return self.gradients(X, Y).values

    def parameters_finite(self):
        """Whether every entry of W, U, b, V, c is a finite number."""
        return all(np.isfinite(getattr(self, s)).all() for s in self.shapes)

    def values(self):
        """The parameters by symbol, {"W": W, "U": U, ...} (the arrays themselves, not copies)."""
        return {s: getattr(self, s) for s in self.shapes}

    def check_input(self, X):
        """X as a batch (T·n_x, N) of sequences, or a ValueError in terms of T and n_x."""
        return check_sequences(X, self.T, self.n_x)

    def check_data(self, X, Y):
        """X (T·n_x, N) and y (n_y, N), one sequence and its target per column, or a ValueError."""
        X = self.check_input(X)
        return X, check_targets(X, Y, self.n_y)

    def output(self, X):
        """a = the answer at time T for each sequence (a column per sequence)."""
        return self.forward(X).a

    def cost(self, X, Y):
        """Cost (9) over the sequences: the mean of C = ½‖y − a‖² (18), or of the cross-entropy; complex when a
        parameter is (the complex step of lu.complex_step_gradients reads its imaginary part)."""
        X, Y = self.check_data(X, Y)
        C = mean_cost(self.cost_function.per_sample(self.run(self.values(), X).a, Y))
        return complex(C) if np.iscomplexobj(C) else float(C)

    def copy(self):
        """An independent copy: changing one model's parameters leaves the other's alone."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for s in self.shapes:
            setattr(new, s, getattr(self, s).copy())
        return new

    def with_value(self, symbol, index, value):
        """A copy with entry `index` of the parameter `symbol` ("W", "U", "b", "V" or "c") set to value; a complex
        value makes that array complex. The model itself is unchanged."""
        if symbol not in self.shapes:
            raise KeyError(f"no parameter {symbol!r}; the parameters are {', '.join(self.shapes)}")
        new = self.copy()
        array = getattr(new, symbol).astype(np.result_type(getattr(new, symbol), value))
        array[index] = value
        setattr(new, symbol, array)
        return new

    def predict(self, X):
        """The category of each sequence: the (1-based) number of the largest output."""
        return np.argmax(self.output(X), axis=0) + 1


# --- the plain recurrent network ---------------------------------------------------------------------------
@dataclass
class RNNForward:
    """The forward pass through time: x_t, z_t and h_t (h_0 = 0) for t = 1..T, then the output's z and a."""
    x: TimeDict
    z: TimeDict
    h: TimeDict
    z_out: np.ndarray
    a: np.ndarray


@dataclass
class RNNGradients:
    """δ_t = ∂C/∂z_t (t = 1..T, one column per sequence), the output error δ, and the gradients of Cost (9)."""
    delta: TimeDict
    delta_out: np.ndarray
    dW: np.ndarray
    dU: np.ndarray
    db: np.ndarray
    dV: np.ndarray
    dc: np.ndarray

    @property
    def values(self):
        """∂Cost/∂W, ∂Cost/∂U, ∂Cost/∂b, ∂Cost/∂V, ∂Cost/∂c: the order of the model's trainable()."""
        return [self.dW, self.dU, self.db, self.dV, self.dc]


def rnn_step(W, U, b, h_prev, x, f):
    """z_t = W h_{t−1} + U x_t + b and h_t = f(z_t), eq (RN1): layer t of the unrolled network, (19), (20)."""
    z = W @ h_prev + U @ x + b[:, None]
    return z, f(z)


def rnn_forward(params, X, T, n_x, f, cost):
    """(RN1) for t = 1..T from h_0 = 0, then the output (RN2); params holds W, U, b, V, c."""
    W, U, b, V, c = (params[s] for s in "WUbVc")
    x = steps(X, T, n_x)
    z, h = TimeDict("z_t", 1, T), TimeDict("h_t", 0, T)
    h[0] = np.zeros((W.shape[0], X.shape[1]), dtype=np.result_type(W, U, b, X))
    for t in range(1, T + 1):
        z[t], h[t] = rnn_step(W, U, b, h[t - 1], x[t], f)
    z_out, a = output_layer(V, c, h[T], cost)
    return RNNForward(x, z, h, z_out, a)


def bptt(params, fp, Y, activation, cost):
    """Backpropagation through time: δ = σ'(z) ∘ (a − y) at the output (22); δ_T = f'(z_T) ∘ Vᵀ δ (RN3);
    δ_t = f'(z_t) ∘ Wᵀ δ_{t+1} for t = T−1..1 (RN4), which is (23) with the same W at every step; then the
    gradients of Cost (9): the output layer's by (24), (25), and the shared W, U, b as sums over t (RN5), (RN6)."""
    W, V = params["W"], params["V"]
    T, N = max(fp.z), Y.shape[1]
    delta_out = cost.output_error(fp.z_out, fp.a, Y, _activation("sigmoid").prime)          # (22)
    delta = TimeDict("δ_t", 1, T)
    delta[T] = activation.prime(fp.z[T]) * (V.T @ delta_out)                               # (RN3)
    for t in range(T - 1, 0, -1):
        delta[t] = activation.prime(fp.z[t]) * (W.T @ delta[t + 1])                         # (RN4)
    dW = time_sum(delta, TimeDict("h_{t-1}", 1, T, {t: fp.h[t - 1] for t in range(1, T + 1)}), T)   # (RN6)
    dU = time_sum(delta, fp.x, T)                                                          # (RN6)
    db = sum(delta[t] for t in range(1, T + 1)).sum(axis=1) / N                            # (RN5)
    return RNNGradients(delta, delta_out, dW, dU, db, delta_out @ fp.h[T].T / N, delta_out.sum(axis=1) / N)


class RNN(SequenceModel):
    """A recurrent network: n_x inputs per step, n_h hidden neurons, n_y outputs, sequences of T steps;
    h_t = f(W h_{t−1} + U x_t + b) (RN1), a = σ(V h_T + c) (RN2); every weight and bias drawn as scale · N(0, 1)."""

    def __init__(self, n_x, n_h, n_y, T, seed=None, scale=0.5, activation="sigmoid", cost="quadratic"):
        self._setup(n_x, n_h, n_y, T, cost, n_h)
        self.activation = _activation(activation)
        scale = _validate.nonnegative_finite("scale", scale)
        for s, v in init_arrays(self.shapes, seed, scale).items():
            setattr(self, s, v)

    def __repr__(self):
        return (f"RNN(n_x={self.n_x}, n_h={self.n_h}, n_y={self.n_y}, T={self.T}, "
                f"activation={self.activation.name!r}, cost={self.cost_function.name!r})")

    def run(self, params, X):
        """The forward pass with the parameters `params` ({"W": ..., ...}) on checked sequences X."""
        return rnn_forward(params, X, self.T, self.n_x, self.activation.f, self.cost_function)

    def forward(self, X):
        """The forward pass through time (RN1), (RN2): .x[t], .z[t], .h[t] and the output .a."""
        return self.run(self.values(), self.check_input(X))

    def gradients(self, X, Y):
        """Backpropagation through time: .delta[t] = δ_t for t = 1..T, .delta_out, and .dW, .dU, .db, .dV, .dc."""
        X, Y = self.check_data(X, Y)
        return bptt(self.values(), self.run(self.values(), X), Y, self.activation, self.cost_function)

