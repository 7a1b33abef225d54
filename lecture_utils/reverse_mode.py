"""Reverse-mode differentiation: a scalar computational graph of Values, differentiated backwards by the chain rule;
built for one network and one sample it gives back Lemma 1's ∂C/∂W^[l], ∂C/∂b^[l] and, at its z nodes, δ^[l]."""
import functools
import math
import numbers
import operator
from dataclasses import dataclass

import numpy as np

from .activations import sigma_scalar, tanh_prime
from .layers import LayerDict

SUPPORTED = ("Value supports +, −, ×, / with Values and real numbers, ** with a real number as the exponent, and "
             ".sigma(), .tanh(), .relu(), .exp(), .log()")


def _as_value(other, op):
    """A Value as it is, a real number as a constant Value; anything else is refused by name."""
    if isinstance(other, Value):
        return other
    if isinstance(other, numbers.Real) and not isinstance(other, bool):
        return Value(other)
    raise TypeError(f"{SUPPORTED}; not {op} with {type(other).__name__}")


class Value:
    """One number of a computational graph: .data, the nodes it is computed from (.parents) with the local gradients
    ∂(this node)/∂(parent) (.local_grads), and .grad = ∂(output)/∂(this node) once output.backward() has run."""
    __array_ufunc__ = None  # numpy defers to Value, so an array meets the TypeError below, not a silent broadcast

    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"a Value holds one real number, not {type(data).__name__}")
        if not parents and not math.isfinite(data):
            raise ValueError(f"a Value holds a finite number, not {data}")
        self.data, self.grad = float(data), 0.0
        self.parents, self.local_grads, self.op, self.label = tuple(parents), tuple(local_grads), op, label

    def __repr__(self):
        return f"Value({self.label + ' = ' if self.label else ''}{self.data:.6g}, grad={self.grad:.6g})"

    # each operation: its value, and next to it its local gradients ∂(result)/∂(operand)
    def __add__(self, other):
        other = _as_value(other, "+")
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = _as_value(other, "×")
        return Value(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __pow__(self, n):
        if isinstance(n, bool) or not isinstance(n, numbers.Real):
            raise TypeError(f"{SUPPORTED}; not ** with {type(n).__name__}")
        if (self.data == 0 and n < 1) or (self.data < 0 and n != int(n)):
            raise ValueError(f"{self.data:g} ** {n:g} is not a real number with a derivative")
        return Value(self.data ** n, (self,), (n * self.data ** (n - 1),), f"**{n:g}")

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, not {self.data:g}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sigma(self):
        """σ(z), eq (1), with σ'(z) = σ(z)σ(−z), eq (2)."""
        return Value(sigma_scalar(self.data), (self,), (sigma_scalar(self.data) * sigma_scalar(-self.data),), "σ")

    def tanh(self):
        return Value(math.tanh(self.data), (self,), (float(tanh_prime(self.data)),), "tanh")

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    def __sub__(self, other):
        other = _as_value(other, "−")
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __truediv__(self, other):
        other = _as_value(other, "/")
        return Value(self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data ** 2), "/")

    # the rest, written through the operations above
    def __neg__(self):
        return self * -1.0

    def __rsub__(self, other):
        return _as_value(other, "−") - self

    def __rtruediv__(self, other):
        return _as_value(other, "/") / self

    __radd__, __rmul__ = __add__, __mul__

    # the reverse sweep
    def topological_order(self):
        """Every node this one is computed from, each after all of its parents (an order a forward pass could take)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((parent, False) for parent in node.parents if parent not in seen)
        return order

    def backward(self):
        """Set .grad = ∂(this node)/∂(node) on every node of its graph: 1 here, then, from the last node back,
        each parent gets local gradient × its child's .grad, summed over children (RM2). Grads are set afresh on
        each call, never accumulated across calls; a node shared with another graph keeps the last call's grad."""
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad


def total(values):
    """v_1 + v_2 + ... + v_n of a non-empty list, one + node per term after the first."""
    return functools.reduce(operator.add, values)


ACTIVATION_OPS = {"sigmoid": Value.sigma, "tanh": Value.tanh, "relu": Value.relu}


def quadratic_cost(a_L, y):
    """C = ½ Σ_j (a_j^[L] − y_j)², eq (18), as a node of the graph."""
    return 0.5 * total([(a_j - y_j) ** 2 for a_j, y_j in zip(a_L, y)])


def cross_entropy(z_L, y):
    """C = −Σ_j y_j log a_j^[L] with a^[L] = softmax(z^[L]) (shifted by the largest z_j, a constant), as a node."""
    e = [(z_j - max(z.data for z in z_L)).exp() for z_j in z_L]
    s = total(e)
    return -total([y_j * (e_j / s).log() for e_j, y_j in zip(e, y) if y_j != 0])


@dataclass
class ReverseModeGradients:
    """∂C/∂W^[l] (.dW), ∂C/∂b^[l] (.db) and ∂C/∂z^[l] (.delta) read off the graph's nodes after C.backward();
    the graph itself: the output node .C and the nodes .W, .b, .z, .a as lists per layer (1-based l, 0-based j)."""
    dW: LayerDict
    db: LayerDict
    delta: LayerDict
    C: Value
    W: dict
    b: dict
    z: dict
    a: dict


def network_graph(net, x, y):
    """The computational graph of C (18) for one sample x, y: leaves ω_jk^[l], b_j^[l], x_k (and y_j); nodes
    z_j^[l] (19) and a_j^[l] (20); returns C and the nodes W, b, z, a as lists per layer l."""
    x, y = net.check_data(x, y)
    if x.ndim != 1:
        raise ValueError(f"the graph is built for one sample x of shape ({net.n(1)},) = (n_1,), not a batch of "
                         f"shape {x.shape}")
    if net.activation.name not in ACTIVATION_OPS or net.cost_function.name not in ("quadratic", "cross_entropy"):
        raise ValueError(f"the Value engine knows the activations {', '.join(ACTIVATION_OPS)} and the costs "
                         f"quadratic and cross_entropy, not {net.activation.name!r} with {net.cost_function.name!r}")
    f, L = ACTIVATION_OPS[net.activation.name], net.L
    W = {l: [[Value(w, label=f"ω_{j}{k}^[{l}]") for k, w in enumerate(row, 1)] for j, row in enumerate(net.W[l], 1)]
         for l in range(2, L + 1)}
    b = {l: [Value(b_j, label=f"b_{j}^[{l}]") for j, b_j in enumerate(net.b[l], 1)] for l in range(2, L + 1)}
    a, z = {1: [Value(x_k, label=f"a_{k}^[1]") for k, x_k in enumerate(x, 1)]}, {}
    for l in range(2, L + 1):
        z[l] = [sum((w_jk * a_k for w_jk, a_k in zip(row, a[l - 1])), b_j) for row, b_j in zip(W[l], b[l])]
        a[l] = [f(z_j) for z_j in z[l]]
        for j, (z_j, a_j) in enumerate(zip(z[l], a[l]), 1):
            z_j.label, a_j.label = f"z_{j}^[{l}]", f"a_{j}^[{l}]"
    if net.cost_function.name == "cross_entropy":
        C = cross_entropy(z[L], y)
    else:
        C = quadratic_cost(a[L], [Value(y_j, label=f"y_{j}") for j, y_j in enumerate(y, 1)])
    C.label = "C"
    return C, W, b, z, a


def grads(nodes):
    """The .grad of each node of a list (or a list of rows) as an array of the same shape."""
    return np.array([[v.grad for v in row] if isinstance(row, list) else row.grad for row in nodes])


def reverse_mode_gradients(net, x, y):
    """∂C/∂W^[l], ∂C/∂b^[l] of C (18) for one sample x, y, by reverse mode on the network's graph of Values: the
    numbers of Lemma 1 (net.gradients), found without (22)–(25). Quadratic cost with sigmoid, tanh or relu;
    cross-entropy with a softmax output."""
    C, W, b, z, a = network_graph(net, x, y)
    C.backward()
    layers = range(2, net.L + 1)
    return ReverseModeGradients(LayerDict("∂C/∂W^[l]", 2, net.L, {l: grads(W[l]) for l in layers}),
                                LayerDict("∂C/∂b^[l]", 2, net.L, {l: grads(b[l]) for l in layers}),
                                LayerDict("δ^[l]", 2, net.L, {l: grads(z[l]) for l in layers}), C, W, b, z, a)
