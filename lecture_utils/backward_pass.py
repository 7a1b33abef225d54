"""One backward pass of Lemma 1 as a list of steps, each an equation with its numbers plugged in: (22) at layer L,
(23) for l = L−1, ..., 2, then (24) and (25) layer by layer, l = L, ..., 2. The numbers come from net.forward and
the lemma1 functions, the text rounds them to a few significant digits so a reader can follow with a pencil."""
from dataclasses import dataclass

import numpy as np

from .lemma1 import backward_step, bias_gradient, output_error, weight_gradient

DIGITS = 4  # significant digits of the written-out numbers


@dataclass(frozen=True, eq=False)
class BackwardStep:
    """One equation of the backward pass: its number, the layer l it computes, the quantities it reads and the one
    it writes, the numbers (`values`, by symbol) and the result, and the equation written out (`lines`)."""
    index: int
    equation: str
    l: int
    reads: tuple
    writes: str
    values: dict
    result: np.ndarray
    lines: tuple

    @property
    def title(self):
        """e.g. '(23) at layer l = 3: δ^[3] from z^[3], W^[4], δ^[4]'."""
        return f"({self.equation}) at layer l = {self.l}: {self.writes} from {', '.join(self.reads)}"


def number(v, digits=DIGITS):
    """v rounded to `digits` significant digits as text: fixed point for 1e-3 <= |v| < 1e4, else 3.612e-05."""
    v = float(v)
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e4:
        decimals = max(digits - 1 - int(np.floor(np.log10(abs(float(f"{v:.{digits - 1}e}"))))), 0)
        text = f"{v:.{decimals}f}"
    else:
        text = f"{v:.{digits - 1}e}"
    return text.replace("-", "−")


def target(v):
    """A target y_j as text: whole numbers (the one-hot 0 and 1) as such, others as number()."""
    return f"{int(v)}" if float(v).is_integer() and abs(v) < 1e4 else number(v)


def factor(v):
    """A number as a factor of a product: in parentheses when negative, so signs stay readable."""
    text = number(v)
    return f"({text})" if text.startswith("−") else text


def output_error_lines(z, a, y, prime, L):
    """(22) one component at a time: δ_j^[L] = σ'(z_j^[L]) (a_j^[L] − y_j) with the numbers."""
    delta = output_error(z, a, y, prime)
    return [f"δ_{j}^[{L}] = σ'(z_{j}^[{L}]) (a_{j}^[{L}] − y_{j}) = {factor(prime(z[j - 1]))} × "
            f"({number(a[j - 1])} − {target(y[j - 1])}) = {number(delta[j - 1])}" for j in range(1, len(z) + 1)]


def backward_step_lines(W_next, delta_next, z, prime, l):
    """(23) one component at a time: δ_j^[l] = σ'(z_j^[l]) Σ_k ω_kj^[l+1] δ_k^[l+1], column j of W^[l+1]."""
    delta = backward_step(W_next, delta_next, z, prime)
    lines = []
    for j in range(1, len(z) + 1):
        symbols = " + ".join(f"ω_{k}{j}^[{l + 1}] δ_{k}^[{l + 1}]" for k in range(1, len(delta_next) + 1))
        numbers = " + ".join(f"{factor(W_next[k - 1, j - 1])} × {factor(delta_next[k - 1])}"
                             for k in range(1, len(delta_next) + 1))
        lines.append(f"δ_{j}^[{l}] = σ'(z_{j}^[{l}]) ({symbols}) = {factor(prime(z[j - 1]))} × ({numbers}) = "
                     f"{number(delta[j - 1])}")
    return lines


def bias_gradient_lines(delta, l):
    """(24) one component at a time: ∂C/∂b_j^[l] = δ_j^[l]."""
    db = bias_gradient(delta)
    return [f"∂C/∂b_{j}^[{l}] = δ_{j}^[{l}] = {number(db[j - 1])}" for j in range(1, len(delta) + 1)]


def weight_gradient_lines(delta, a_prev, l):
    """(25) one entry at a time: ∂C/∂ω_jk^[l] = δ_j^[l] a_k^[l−1]."""
    dW = weight_gradient(delta, a_prev)
    return [f"∂C/∂ω_{j}{k}^[{l}] = δ_{j}^[{l}] a_{k}^[{l - 1}] = {factor(delta[j - 1])} × {factor(a_prev[k - 1])} = "
            f"{number(dW[j - 1, k - 1])}" for j in range(1, len(delta) + 1) for k in range(1, len(a_prev) + 1)]


def check_sample(net, x, y):
    """One sample x, y for the network, or a ValueError in the lecture's terms (the pass by hand is for (18))."""
    if net.cost_function.name != "quadratic":
        raise ValueError(f"the backward pass by hand follows Lemma 1 for the quadratic cost (18); this network uses "
                         f"the {net.cost_function.name} cost")
    x, y = net.check_data(x, y)
    if x.ndim != 1:
        raise ValueError(f"the backward pass by hand is for one sample x of shape ({net.n(1)},) = (n_1,), "
                         f"not a batch of shape {x.shape}")
    return x, y


def backward_steps(net, x, y):
    """The steps of one backward pass for the sample x, y: (22) at l = L, (23) for l = L−1..2, then (24) and (25)
    for l = L..2; 3L − 3 steps in all."""
    x, y = check_sample(net, x, y)
    fp, prime, L = net.forward(x), net.activation.prime, net.L
    delta = {L: output_error(fp.z[L], fp.a[L], y, prime)}
    steps = [("22", L, (f"z^[{L}]", f"a^[{L}]", "y"), f"δ^[{L}]",
              {f"z^[{L}]": fp.z[L], f"a^[{L}]": fp.a[L], "y": y}, delta[L],
              output_error_lines(fp.z[L], fp.a[L], y, prime, L))]
    for l in range(L - 1, 1, -1):
        delta[l] = backward_step(net.W[l + 1], delta[l + 1], fp.z[l], prime)
        steps.append(("23", l, (f"z^[{l}]", f"W^[{l + 1}]", f"δ^[{l + 1}]"), f"δ^[{l}]",
                      {f"z^[{l}]": fp.z[l], f"W^[{l + 1}]": net.W[l + 1], f"δ^[{l + 1}]": delta[l + 1]}, delta[l],
                      backward_step_lines(net.W[l + 1], delta[l + 1], fp.z[l], prime, l)))
    for l in range(L, 1, -1):
        steps.append(("24", l, (f"δ^[{l}]",), f"∂C/∂b^[{l}]", {f"δ^[{l}]": delta[l]}, bias_gradient(delta[l]),
                      bias_gradient_lines(delta[l], l)))
        steps.append(("25", l, (f"δ^[{l}]", f"a^[{l - 1}]"), f"∂C/∂W^[{l}]",
                      {f"δ^[{l}]": delta[l], f"a^[{l - 1}]": fp.a[l - 1]}, weight_gradient(delta[l], fp.a[l - 1]),
                      weight_gradient_lines(delta[l], fp.a[l - 1], l)))
    return [BackwardStep(i, eq, l, reads, writes, values, result, tuple(lines))
            for i, (eq, l, reads, writes, values, result, lines) in enumerate(steps)]


def located(symbol, L):
    """Where a quantity of the pass sits on the network drawing: ("neuron", l) for z^[l], a^[l], δ^[l] and y
    (layer L), ("edge", l) for W^[l] and ∂C/∂W^[l], which join layer l − 1 to layer l."""
    if symbol == "y":
        return "neuron", L
    l = int(symbol[symbol.rindex("[") + 1:-1])
    return ("edge", l) if "W^[" in symbol else ("neuron", l)


def written_out(step):
    """The step as text: its equation number and layer, then every component with the numbers plugged in."""
    return "\n".join([step.title, *step.lines])
