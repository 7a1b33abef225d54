"""The chain rule behind Lemma 1: along a chain of one neuron per layer δ^[l] is a product of factors (CR1); in a
wide network it is a sum over the paths from z_j^[l] to C (CR3), which grouped by the first step is (26), hence (23)."""
import math
from dataclasses import dataclass
from itertools import product

import numpy as np

from . import _validate
from .forward import weighted_input


# --- C as a function of one weighted input, and its complex step ------------------------------------------
def cost_with_z(net, x, y, l, j, value):
    """C of (18) with z_j^[l] set to value and the forward pass (20), (19) run on from layer l: C as a function of
    z_j^[l] alone, whose slope is δ_j^[l] (21). Complex when value is (the complex step reads its imaginary part)."""
    x, y = _one_sample(net, x, y)
    l, j = _z_index(net.sizes, l, j)
    value = _validate.finite_array(f"z_{j}^[{l}]", value)
    if value.ndim != 0:
        raise ValueError(f"z_{j}^[{l}] is one number, not an array of shape {value.shape}")
    z = net.forward(x).z[l].astype(np.result_type(float, value))
    z[j - 1] = value
    f, output_f = net.activation.f, net.cost_function.output_activation or net.activation.f
    a = (output_f if l == net.L else f)(z)
    for m in range(l + 1, net.L + 1):
        a = (output_f if m == net.L else f)(weighted_input(net.W[m], a, net.b[m]))
    return net.cost_function.per_sample(a, y)


def complex_step_z(net, x, y, l, j, h=1e-30):
    """δ_j^[l] = ∂C/∂z_j^[l] (21) as Im C(z_j^[l] + ih) / h: the forward pass only, no Lemma 1."""
    h = _validate.positive_finite("h", h)
    x, y = _one_sample(net, x, y)
    l, j = _z_index(net.sizes, l, j)
    z = net.forward(x).z[l][j - 1]
    return float(np.imag(cost_with_z(net, x, y, l, j, z + 1j * h)) / h)


# --- step 1: one neuron per layer ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Factor:
    """One factor of the chain (CR1): its symbol in the lecture's notation and its value."""
    symbol: str
    value: float


def chain_factors(net, x, y, l):
    """The factors of ∂C/∂z^[l] along a chain of one neuron per layer, (CR1): σ'(z^[l]), ω^[l+1], σ'(z^[l+1]),
    ..., ω^[L], σ'(z^[L]), a^[L] − y; the scalar form of the lecture's expanded product
    D^[l] (W^[l+1])ᵀ ⋯ D^[L] (a^[L] − y)."""
    _quadratic(net, "the chain's factors")
    x, y = _one_sample(net, x, y)
    l = _validate.layer(l, 2, net.L, "z^[l]")
    wide = [m for m in range(l, net.L + 1) if net.n(m) != 1]
    if wide:
        raise ValueError(f"the scalar chain needs one neuron in each of layers {l}..{net.L}, but layer {wide[0]} "
                         f"has n_{wide[0]} = {net.n(wide[0])}: use delta_by_paths for a wide network")
    fp, prime = net.forward(x), net.activation.prime
    factors = []
    for m in range(l, net.L):
        factors += [Factor(f"σ'(z^[{m}])", float(prime(fp.z[m])[0])),
                    Factor(f"ω^[{m + 1}]", float(net.W[m + 1][0, 0]))]
    return factors + [Factor(f"σ'(z^[{net.L}])", float(prime(fp.z[net.L])[0])),
                      Factor(f"a^[{net.L}] − y", float(fp.output[0] - y[0]))]


def delta_by_chain(net, x, y, l):
    """δ^[l] of a chain of one neuron per layer as the product of its factors, (CR1)."""
    return math.prod(factor.value for factor in chain_factors(net, x, y, l))


# --- step 3: the sum over paths -------------------------------------------------------------------------------
def paths(sizes, l, j):
    """Every path from neuron j of layer l to the output layer L, as tuples ((l, j), (l+1, k_{l+1}), ..., (L, k_L)):
    one neuron per layer, n_{l+1} n_{l+2} ⋯ n_L of them (CR4)."""
    l, j = _z_index(sizes, l, j)
    later = [range(1, n + 1) for n in sizes[l:]]
    return [((l, j),) + tuple(zip(range(l + 1, len(sizes) + 1), ks)) for ks in product(*later)]


def path_count(sizes, l):
    """How many paths lead from a neuron of layer l to C: n_{l+1} n_{l+2} ⋯ n_L, a product of widths (CR4)."""
    sizes = [_validate.positive_int(f"n_{m}", n) for m, n in enumerate(sizes, start=1)]
    l = _validate.layer(l, 2, len(sizes), "z^[l]")
    return math.prod(sizes[l:])


def path_product(net, x, y, path):
    """One path's term of (CR3): σ'(z_j^[l]) ω_kj^[l+1] σ'(z_k^[l+1]) ⋯ σ'(z_i^[L]) (a_i^[L] − y_i)."""
    _quadratic(net, "a path's product")
    x, y = _one_sample(net, x, y)
    return _term(net, net.forward(x), y, _path(net.sizes, path))


def delta_by_paths(net, x, y, l, j):
    """δ_j^[l] as the sum of path_product over every path from z_j^[l] to C, (CR3), each path enumerated."""
    _quadratic(net, "the sum over paths")
    x, y = _one_sample(net, x, y)
    fp = net.forward(x)
    return math.fsum(_term(net, fp, y, path) for path in paths(net.sizes, l, j))


def sum_by_first_step(net, x, y, l, j):
    """The sum of (CR3) grouped by each path's first step, to neuron k of layer l+1: entry k−1 is the sum over the
    paths through z_k^[l+1], which (26) says is ∂z_k^[l+1]/∂z_j^[l] δ_k^[l+1]."""
    _quadratic(net, "the sum over paths")
    x, y = _one_sample(net, x, y)
    l, j = _z_index(net.sizes, l, j)
    if l == net.L:
        raise ValueError(f"a path from the output layer L = {net.L} has no first step: δ^[L] is (22)")
    fp, groups = net.forward(x), [[] for _ in range(net.n(l + 1))]
    for path in paths(net.sizes, l, j):
        groups[path[1][1] - 1].append(_term(net, fp, y, path))
    return np.array([math.fsum(group) for group in groups])


def jacobian_z(net, x, l):
    """∂z^[l+1]/∂z^[l] = W^[l+1] D^[l]: entry (k, j) is ω_kj^[l+1] σ'(z_j^[l]), the link derivative of (26)."""
    l = _validate.layer(l, 2, net.L - 1, "∂z^[l+1]/∂z^[l]")
    x = net.check_input(x)
    if x.ndim != 1:
        raise ValueError(f"∂z^[l+1]/∂z^[l] is for one sample x of shape ({net.n(1)},) = (n_1,), not a batch")
    return net.W[l + 1] * net.activation.prime(net.forward(x).z[l])[None, :]


def _term(net, fp, y, path):
    (m, k), term = path[0], 1.0
    for m_next, k_next in path[1:]:
        term *= net.activation.prime(fp.z[m][k - 1]) * net.W[m_next][k_next - 1, k - 1]
        m, k = m_next, k_next
    return float(term * net.activation.prime(fp.z[m][k - 1]) * (fp.output[k - 1] - y[k - 1]))


# --- checks in the lecture's terms ------------------------------------------------------------------------------
def _z_index(sizes, l, j):
    l = _validate.layer(l, 2, len(sizes), "z^[l]")
    return l, _validate.neuron("j", j, sizes[l - 1], l)


def _path(sizes, path):
    """A path as ((l, j), (l+1, k), ..., (L, i)), or a ValueError saying what a path is."""
    try:
        path = tuple((int(m), int(k)) for m, k in path)
        ok = bool(path) and [m for m, _ in path] == list(range(path[0][0], len(sizes) + 1))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"a path runs from (l, j) through one neuron (m, k) of each later layer m to the output "
                         f"layer L = {len(sizes)}, such as {paths(sizes, max(2, len(sizes) - 1), 1)[0]}; "
                         f"not {path!r}")
    _z_index(sizes, *path[0])
    for m, k in path[1:]:
        _validate.neuron("k", k, sizes[m - 1], m)
    return path


def _one_sample(net, x, y):
    x, y = net.check_data(x, y)
    if x.ndim != 1:
        raise ValueError(f"the chain rule here is for one sample x of shape ({net.n(1)},) = (n_1,), not a batch")
    return x, y


def _quadratic(net, what):
    if net.cost_function.name != "quadratic":
        raise ValueError(f"{what} ends in a^[L] − y, the derivative of the quadratic cost (18), not of "
                         f"{net.cost_function.name}")
