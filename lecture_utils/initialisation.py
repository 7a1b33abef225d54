"""Scaled initialisation: the spread of W^[l] set by n_{l-1} (and n_l), so that ‖δ^[l]‖ neither vanishes nor explodes."""
import math

INITS = ("normal", "xavier", "he")


def xavier_std(n_prev, n_l):
    """Xavier (Glorot) spread √(2 / (n_{l−1} + n_l)): z^[l] and δ^[l] keep their variance from layer to layer (tanh)."""
    return math.sqrt(2.0 / (n_prev + n_l))


def he_std(n_prev):
    """He spread √(2 / n_{l−1}): ReLU sets about half of the activations a^[l−1] to zero (those with z^[l−1] < 0), so
    z^[l] keeps its variance only with twice the variance 1/n_{l−1} that would do without ReLU."""
    return math.sqrt(2.0 / n_prev)


def weight_std(init, sizes, scale):
    """The standard deviation of the entries of W^[l] for l = 2..L: `scale` for 'normal' (netbp.m's scale · N(0, 1)),
    xavier_std or he_std otherwise."""
    if init not in INITS:
        raise ValueError(f"unknown initialisation init={init!r}; known: {', '.join(INITS)}")
    if init == "normal":
        return {l: scale for l in range(2, len(sizes) + 1)}
    if init == "xavier":
        return {l: xavier_std(sizes[l - 2], sizes[l - 1]) for l in range(2, len(sizes) + 1)}
    return {l: he_std(sizes[l - 2]) for l in range(2, len(sizes) + 1)}
