"""Vanishing and exploding errors: ‖δ^[l]‖ layer by layer, beside the bound that |σ'| <= 1/4 puts on the expanded
product δ^[l] = D^[l] (W^[l+1])ᵀ D^[l+1] ⋯ (W^[L])ᵀ D^[L] (a^[L] − y), and the typical-case estimate of how much one
step of (23) shrinks or stretches it."""
import numpy as np

from .stochastic_gradient import delta_norms

def delta_norm_by_layer(net, X, Y):
    """‖δ^[l]‖ for l = 2..L (root mean square over the data, as delta_norms), as an array indexed from l = 2."""
    return np.array(list(delta_norms(net, X, Y).values()))


def delta_bound(net, X, Y):
    """The bound ‖δ^[l]‖ <= ‖D^[l]‖ ‖W^[l+1]‖ ⋯ ‖W^[L]‖ ‖D^[L]‖ ‖a^[L] − y‖ with ‖D^[m]‖ <= max|σ'| and ‖W‖ the
    spectral norm (max|σ'| is the activation's prime_max), for l = 2..L (RMS over the data of ‖a^[L] − y‖); quadratic cost (18), as in the lecture."""
    if net.cost_function.name != "quadratic":
        raise ValueError("the bound follows the expanded product of the lecture, for the quadratic cost (18)")
    X, Y = net.check_data(X, Y)
    d = net.activation.prime_max  # σ'(z) <= σ'(0) = 1/4; tanh' <= 1; ReLU' <= 1
    residual = np.sqrt(np.mean(np.sum((net.output(X) - Y) ** 2, axis=0)))
    bound, out = net.output_activation.prime_max * residual, []   # D^[L] = I for a linear output (MS2)
    for l in range(net.L, 1, -1):            # l = L: D^[L] (a − y); then one (W^[l+1])ᵀ D^[l] more per layer
        out.append(bound)
        bound *= np.linalg.norm(net.W[l], 2) * d
    return np.array(out[::-1])


def rms_prime(net, X):
    """rms f'(z^[l]) over layer l's neurons and the data, l = 2..L−1: the typical entry of D^[l] (σ' <= 1/4, (2))."""
    z = net.forward(X).z
    return np.array([np.sqrt(np.mean(net.activation.prime(z[l]) ** 2)) for l in range(2, net.L)])


def delta_estimate(net, X, Y):
    """Typical ‖δ^[l]‖, l = 2..L, by (23) from the measured ‖δ^[L]‖: (W^[l+1])ᵀ with iid entries of spread s (their RMS)
    stretches a vector by about s √n_l (its n_l entries have variance s² ‖δ^[l+1]‖² each), D^[l] by rms f'(z^[l])."""
    spread = [np.sqrt(np.mean(net.W[l + 1] ** 2)) * np.sqrt(net.n(l)) for l in range(2, net.L)]
    factors = np.array(spread) * rms_prime(net, X)
    last = delta_norm_by_layer(net, X, Y)[-1]
    return last * np.append(np.cumprod(factors[::-1])[::-1], 1.0)


def decay_estimate(net, X, Y):
    """The factor per layer going back by delta_estimate: s √n_l rms f'(z^[l]), averaged as decay_per_layer."""
    if net.L < 3:
        raise ValueError(f"a factor per layer needs a hidden layer between input and output, L >= 3, not L = {net.L}")
    return decay_per_layer(delta_estimate(net, X, Y))


def decay_per_layer(norms):
    """The typical factor by which ‖δ^[l]‖ shrinks (< 1) or grows (> 1) per layer going back: the geometric mean
    of ‖δ^[l]‖ / ‖δ^[l+1]‖ over the layers."""
    norms = np.asarray(norms, dtype=float)
    return float(np.exp(np.mean(np.log(norms[:-1] / norms[1:]))))
