"""Self-checked exercises for notebook 20: backpropagation through time."""
import numpy as np

from ..recurrence import RNN
from .feedback import compare, no_answer

__all__ = ["check_shared_weight_gradient"]


def _scalar_rnn(w, u, b, v, c):
    """The one-neuron RNN of the exercise, T = 2: h_t = σ(w h_{t−1} + u x_t + b), a = σ(v h_2 + c)."""
    net = RNN(1, 1, 1, 2)
    net.W, net.U, net.b = np.array([[w]], float), np.array([[u]], float), np.array([b], float)
    net.V, net.c = np.array([[v]], float), np.array([c], float)
    return net


def check_shared_weight_gradient(w, u, b, v, c, x, y, answer):
    """∂C/∂u of C = ½(a − y)² (18) for the one-neuron RNN with T = 2 inputs x = (x_1, x_2): the sum over t of
    δ_t x_t, eq (RN6)."""
    if answer is None:
        return no_answer("∂C/∂u")
    net = _scalar_rnn(w, u, b, v, c)
    X, Y = np.asarray(x, dtype=float).reshape(2, 1), np.asarray(y, dtype=float).reshape(1, 1)
    g = net.gradients(X, Y)
    d1, d2 = float(g.delta[1][0, 0]), float(g.delta[2][0, 0])
    x1, x2 = X[:, 0]
    h1 = float(net.forward(X).h[1][0, 0])
    d1_no_prime = w * d2
    return compare(answer, d1 * x1 + d2 * x2, "∂C/∂u", mistakes=[
        (d2 * x2, "That is the last step's term δ_2 x_2 only: u is used at both steps, so ∂C/∂u = δ_1 x_1 + δ_2 x_2 "
                  "(RN6), one term per time step."),
        (d1 * x1, "That is the first step's term δ_1 x_1 only: u is used at both steps, so ∂C/∂u = δ_1 x_1 + "
                  "δ_2 x_2 (RN6)."),
        (d1_no_prime * x1 + d2 * x2, "δ_1 misses its factor σ'(z_1): δ_1 = σ'(z_1) w δ_2 (RN4), as (23)."),
        (-(d1 * x1 + d2 * x2), "The sign is flipped: the output error is σ'(z) (a − y), output minus target (22)."),
        (d2 * h1, "That is ∂C/∂w (δ_2 h_1, as h_0 = 0), not ∂C/∂u: u multiplies the inputs x_t."),
    ], right="∂C/∂u = δ_1 x_1 + δ_2 x_2: the shared weight collects one term (25) from every step it is used at.")
