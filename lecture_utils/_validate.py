"""Checks that turn bad input into errors in the lecture's own terms (layers 1..L, neurons 1..n_l)."""
import numbers

import numpy as np


def finite_array(name, value):
    """`value` as a float (or complex) array, refusing NaN and infinity by name."""
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be an array of numbers ({exc})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValueError(f"{name} must be an array of numbers, not {arr.dtype}")
    if not np.iscomplexobj(arr):
        arr = arr.astype(float)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinity")
    return arr


def positive_int(name, value):
    """A whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, not {value!r}")
    return int(value)


def positive_finite(name, value):
    """A real number > 0 and finite, such as the learning rate eta."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, not {value!r}")
    return float(value)


def nonnegative_finite(name, value):
    """A real number >= 0 and finite, such as the weight decay λ or the spread `scale` of the weights."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, not {value!r}")
    return float(value)


def registered(kind, name, registry, record_type):
    """The record called `name` in a registry such as ACTIVATIONS or COSTS; a record of `record_type` passes
    through unchanged; an unknown name is refused with the known ones listed."""
    if isinstance(name, record_type):
        return name
    if not isinstance(name, str) or name not in registry:
        raise ValueError(f"unknown {kind} {name!r}; known: {', '.join(registry)}")
    return registry[name]


def layer(l, first, L, what):
    """A layer number l in first..L, e.g. W^[l] exists for l = 2..L."""
    if isinstance(l, bool) or not isinstance(l, numbers.Integral):
        raise KeyError(f"{what} is numbered by a whole layer number l, not {l!r}")
    if not first <= l <= L:
        raise KeyError(f"{what} exists for l = {first}..{L}, not l = {l}")
    return int(l)


def neuron(symbol, index, n, l):
    """A 1-based neuron number such as j in 1..n_l."""
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        raise IndexError(f"{symbol} must be a whole neuron number, not {index!r}")
    if not 1 <= index <= n:
        raise IndexError(f"{symbol} = {index} is out of range 1..{n} for layer {l}")
    return int(index)


def samples(name, value, n, l, symbol):
    """One sample of shape (n,) or a batch (n, N) with samples as columns, for layer l with n_l = n."""
    arr = finite_array(name, value)
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be one sample of shape ({n},) or a batch of shape ({n}, N) "
                         f"with samples as columns, not an array with {arr.ndim} dimensions")
    if arr.shape[0] != n:
        raise ValueError(f"{name} has {arr.shape[0]} rows but layer {l} has {symbol} = {n} neurons"
                         + (" (samples are columns: did you pass the transpose?)"
                            if arr.ndim == 2 and arr.shape[1] == n else ""))
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError(f"{name} has no columns: a batch needs at least one sample")
    return arr


def matching_target(x, y, nL, L):
    """y for the output layer L, with as many samples as x."""
    y = samples("y", y, nL, L, "n_L")
    if y.ndim != x.ndim or (y.ndim == 2 and y.shape[1] != x.shape[1]):
        nx = 1 if x.ndim == 1 else x.shape[1]
        ny = 1 if y.ndim == 1 else y.shape[1]
        raise ValueError(f"x holds {nx} sample(s) but y holds {ny}: each input needs exactly one target")
    return y
