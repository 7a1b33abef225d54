"""Independent checks on backpropagation: central differences and complex-step derivatives of the cost."""
import numpy as np

from . import _validate
from .layers import LayerDict
from .lemma1 import ParameterGradients


def parameters(net):
    """Every parameter's name in the lecture's numbering: (l, j, k) for ω_jk^[l], then (l, j) for b_j^[l]."""
    weights = [(l, j, k) for l in range(2, net.L + 1) for j in range(1, net.n(l) + 1)
               for k in range(1, net.n(l - 1) + 1)]
    biases = [(l, j) for l in range(2, net.L + 1) for j in range(1, net.n(l) + 1)]
    return weights + biases


def cost_along(net, X, Y, param, values):
    """Cost (9) on X, Y (C of (18) for one sample) with the parameter (l, j, k) or (l, j) set to each of values: the
    curve whose slope ∂C/∂p the derivatives below measure; net itself is left unchanged."""
    return np.array([float(np.real(net.cost_with(param, value, X, Y))) for value in values])


def central_difference(net, x, y, param, h=1e-6):
    """∂Cost/∂p ≈ (Cost(p + h) − Cost(p − h)) / 2h; truncation error O(h²), rounding error about ε/h."""
    x, y = net.check_data(x, y)
    h = _validate.positive_finite("h", h)
    p = net.parameter(param)
    return float((net.cost_with(param, p + h, x, y) - net.cost_with(param, p - h, x, y)) / (2 * h))


def complex_step(net, x, y, param, h=1e-30):
    """∂Cost/∂p = Im Cost(p + ih) / h + O(h²): no subtraction, so accurate to machine precision."""
    x, y = net.check_data(x, y)
    h = _validate.positive_finite("h", h)
    return float(np.imag(net.cost_with(param, net.parameter(param) + 1j * h, x, y)) / h)


def numerical_gradients(net, x, y, method="complex_step", h=None):
    """∂Cost/∂W^[l] and ∂Cost/∂b^[l] for every l, one parameter at a time by `method`, as a record (.dW, .db)."""
    methods = {"complex_step": complex_step, "central_difference": central_difference}
    if method not in methods:
        raise ValueError(f"method must be one of {', '.join(methods)}, not {method!r}")
    derivative = methods[method]
    kwargs = {} if h is None else {"h": h}
    dW = LayerDict("∂C/∂W^[l]", 2, net.L, {l: np.zeros_like(net.W[l], dtype=float) for l in net.W})
    db = LayerDict("∂C/∂b^[l]", 2, net.L, {l: np.zeros_like(net.b[l], dtype=float) for l in net.b})
    for param in parameters(net):
        target = dW if len(param) == 3 else db
        target[param[0]][tuple(i - 1 for i in param[1:])] = derivative(net, x, y, param, **kwargs)
    return ParameterGradients(dW, db)


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖, ‖b‖). How to read it in float64: below AGREEMENT (1e-6), the two agree (right);
    about 1e-4, suspicious unless the function has a kink nearby; about 1e-2 or above, a bug."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


#: The series' one rule for a check: a relative error below AGREEMENT means the two computations agree (a central
#: difference reaches 1e-8 to 1e-10 on the lecture's networks, a complex step rounding level).
AGREEMENT = 1e-6

#: Below this relative error two float64 computations of one quantity agree to rounding: what is left depends on
#: the machine (its SIMD kernels, its BLAS, the order of its sums), not on the mathematics.
ROUNDING = 1e-13


def agreement(error, bound=ROUNDING):
    """A relative error said so that every machine says the same: "below 1e-13 (agreement to rounding)", or
    "below {bound}" for a looser bound chosen with room to spare, or the error to one digit when it is not below
    `bound` (then something is off). The digits of a rounding-level error are the machine's, never the lecture's."""
    error = _validate.nonnegative_finite("a relative error", error)
    bound = _validate.positive_finite("the bound", bound)
    if error >= bound:
        return f"{error:.0e}, not below {_power(bound)}"
    return f"below {_power(bound)}" + (" (agreement to rounding)" if bound <= ROUNDING else "")


def _power(x):
    """A power of ten as '1e-7' (Python's format pads it to '1e-07'); any other bound as %g writes it."""
    exponent = np.log10(x)
    return f"1e{int(round(exponent))}" if abs(exponent - round(exponent)) < 1e-9 else f"{x:g}"


def complex_step_gradient(f, p, h=1e-30):
    """∂f/∂p for a real function f of an array p, entry by entry: Im f(p + ih e_i) / h (notebook 05's check for a whole array: the reference for notebook 19's layers)."""
    p = np.asarray(p, dtype=float)
    grad = np.empty(p.shape)
    for i in np.ndindex(p.shape):
        step = p.astype(complex)
        step[i] += 1j * h
        grad[i] = np.imag(f(step)) / h
    return grad
