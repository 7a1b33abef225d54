"""The LSTM cell: beside its hidden state h_t it keeps a cell state c_t, changed only by gated addition,
c_t = f_t ∘ c_{t−1} + i_t ∘ g_t (LS2), so that ∂c_t/∂c_{t−1} = diag(f_t): along this path the error is multiplied
by the forget gate alone, with no weight matrix and no σ' factor (LS4). The four gates' weighted inputs are stacked
as one z_t = W h_{t−1} + U x_t + b (LS1) with rows [f; i; g; o], n_h each."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .activations import sigma, sigma_prime, tanh, tanh_prime
from .recurrence import RNNGradients, SequenceModel, TimeDict, init_arrays, output_layer, steps, time_sum

#: The order of the gates in the rows of W, U, b: forget, input, candidate, output.
GATES = ("f", "i", "g", "o")


def gates(z, n_h):
    """f, i, g, o from the stacked weighted input z_t, eq (LS1): σ of the forget, input and output rows, tanh of
    the candidate's."""
    zf, zi, zg, zo = (z[k * n_h:(k + 1) * n_h] for k in range(4))
    return sigma(zf), sigma(zi), tanh(zg), sigma(zo)


def lstm_step(W, U, b, h_prev, c_prev, x):
    """One step of the cell: z_t (LS1), its gates, c_t = f ∘ c_{t−1} + i ∘ g (LS2), h_t = o ∘ tanh(c_t) (LS3)."""
    z = W @ h_prev + U @ x + b[:, None]
    f, i, g, o = gates(z, W.shape[1])
    c = f * c_prev + i * g
    return z, (f, i, g, o), c, o * tanh(c)


@dataclass
class LSTMForward:
    """The forward pass through time: x_t, z_t, the gates (f, i, g, o)_t, c_t and h_t (c_0 = h_0 = 0), the output."""
    x: TimeDict
    z: TimeDict
    gate: TimeDict
    c: TimeDict
    h: TimeDict
    z_out: np.ndarray
    a: np.ndarray


@dataclass
class LSTMGradients(RNNGradients):
    """As RNNGradients, with δ_t = ∂C/∂z_t the four gates' rows stacked, and also the cell state's error ∂C/∂c_t
    (.delta_c) and the hidden state's ∂C/∂h_t (.delta_h) for t = 1..T, one column per sequence."""
    delta_c: TimeDict = None
    delta_h: TimeDict = None


def lstm_forward(params, X, T, n_x, cost):
    """(LS1)–(LS3) for t = 1..T from h_0 = c_0 = 0, then the output a = σ(V h_T + c) (RN2)."""
    W, U, b, V, c_out = (params[s] for s in "WUbVc")
    n_h, N = W.shape[1], X.shape[1]
    x = steps(X, T, n_x)
    z, gate, c, h = TimeDict("z_t", 1, T), TimeDict("gates_t", 1, T), TimeDict("c_t", 0, T), TimeDict("h_t", 0, T)
    c[0] = h[0] = np.zeros((n_h, N), dtype=np.result_type(W, U, b, X))
    for t in range(1, T + 1):
        z[t], gate[t], c[t], h[t] = lstm_step(W, U, b, h[t - 1], c[t - 1], x[t])
    z_out, a = output_layer(V, c_out, h[T], cost)
    return LSTMForward(x, z, gate, c, h, z_out, a)


def cell_error(delta_h, o, c, delta_c_next, f_next):
    """∂C/∂c_t = ∂C/∂h_t ∘ o_t ∘ tanh'(c_t) + ∂C/∂c_{t+1} ∘ f_{t+1}, eq (LS4): through h_t, and along the cell."""
    return delta_h * o * tanh_prime(c) + delta_c_next * f_next


def gate_errors(delta_h, delta_c, gate, c, c_prev):
    """δ_t = ∂C/∂z_t, stacked [f; i; g; o], eq (LS5): each gate's share of ∂C/∂c_t (or of ∂C/∂h_t for o) times its
    own activation's derivative, read from its output."""
    f, i, g, o = gate
    return np.vstack([delta_c * c_prev * f * (1 - f),          # c_t = f ∘ c_{t−1} + ...
                      delta_c * g * i * (1 - i),               # ... + i ∘ g
                      delta_c * i * (1 - g * g),               # ... + i ∘ g, g = tanh
                      delta_h * tanh(c) * o * (1 - o)])        # h_t = o ∘ tanh(c_t)


def lstm_backward(params, fp, Y, cost):
    """Backpropagation through time for the LSTM: the output error (22), ∂C/∂h_T = Vᵀ δ; then for t = T..1 the
    cell's error (LS4), the gates' δ_t (LS5), and ∂C/∂h_{t−1} = Wᵀ δ_t (LS6); the shared W, U, b as sums over t
    (RN5), (RN6), the output layer's V, c by (24), (25)."""
    W, V = params["W"], params["V"]
    T, N = max(fp.z), Y.shape[1]
    delta_out = cost.output_error(fp.z_out, fp.a, Y, sigma_prime)                          # (22)
    delta, delta_c, delta_h = TimeDict("δ_t", 1, T), TimeDict("∂C/∂c_t", 1, T), TimeDict("∂C/∂h_t", 1, T)
    delta_h[T] = V.T @ delta_out
    zero = np.zeros_like(fp.c[T])
    for t in range(T, 0, -1):
        f_next = fp.gate[t + 1][0] if t < T else zero
        delta_c[t] = cell_error(delta_h[t], fp.gate[t][3], fp.c[t], delta_c[t + 1] if t < T else zero, f_next)
        delta[t] = gate_errors(delta_h[t], delta_c[t], fp.gate[t], fp.c[t], fp.c[t - 1])   # (LS5)
        if t > 1:
            delta_h[t - 1] = W.T @ delta[t]                                                 # (LS6)
    dW = time_sum(delta, TimeDict("h_{t-1}", 1, T, {t: fp.h[t - 1] for t in range(1, T + 1)}), T)   # (RN6)
    dU = time_sum(delta, fp.x, T)
    db = sum(delta[t] for t in range(1, T + 1)).sum(axis=1) / N                             # (RN5)
    return LSTMGradients(delta, delta_out, dW, dU, db, delta_out @ fp.h[T].T / N, delta_out.sum(axis=1) / N,
                         delta_c=delta_c, delta_h=delta_h)


class LSTM(SequenceModel):
    """An LSTM reading sequences of T steps of n_x inputs with n_h cells, answering a = σ(V h_T + c) (RN2);
    weights drawn as scale · N(0, 1), biases 0 except the forget gate's, forget_bias (a gate open at the start,
    σ(forget_bias) ≈ 1, carries the cell state, and its error, through many steps)."""

    def __init__(self, n_x, n_h, n_y, T, seed=None, scale=0.5, forget_bias=1.0, cost="quadratic"):
        self._setup(n_x, n_h, n_y, T, cost, 4 * n_h)
        scale = _validate.nonnegative_finite("scale", scale)
        self.forget_bias = float(_validate.finite_array("forget_bias", forget_bias))
        drawn = init_arrays({s: self.shapes[s] for s in ("W", "U", "V")}, seed, scale)
        self.W, self.U, self.V = drawn["W"], drawn["U"], drawn["V"]
        self.b, self.c = np.zeros(4 * self.n_h), np.zeros(self.n_y)
        self.b[:self.n_h] = self.forget_bias

    def __repr__(self):
        return (f"LSTM(n_x={self.n_x}, n_h={self.n_h}, n_y={self.n_y}, T={self.T}, "
                f"cost={self.cost_function.name!r})")

    def run(self, params, X):
        """The forward pass with the parameters `params` ({"W": ..., ...}) on checked sequences X."""
        return lstm_forward(params, X, self.T, self.n_x, self.cost_function)

    def forward(self, X):
        """The forward pass through time (LS1)–(LS3), (RN2): .z[t], .gate[t] = (f, i, g, o), .c[t], .h[t], .a."""
        return self.run(self.values(), self.check_input(X))

    def gradients(self, X, Y):
        """Backpropagation through time: .delta[t], .delta_c[t], .delta_h[t], .delta_out and .dW, .dU, .db, .dV,
        .dc (the gradients of Cost (9))."""
        X, Y = self.check_data(X, Y)
        return lstm_backward(self.values(), self.run(self.values(), X), Y, self.cost_function)
