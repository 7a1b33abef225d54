"""The series' data, samples as columns everywhere: Higham & Higham's ten points, made-up data for Figure 6's
network, scikit-learn's handwritten digits (shipped inside the package, no download), and a noisy set that invites
overfitting."""
import numpy as np

from . import _validate
from .network import Network

_X = [[0.1, 0.3, 0.1, 0.6, 0.4, 0.6, 0.5, 0.9, 0.4, 0.7],
      [0.1, 0.4, 0.5, 0.9, 0.2, 0.3, 0.6, 0.2, 0.4, 0.6]]


def higham_data():
    """The 10 points X and their targets Y, both (2, 10): category A is y = (1, 0)ᵀ, category B is y = (0, 1)ᵀ."""
    X = np.array(_X)
    Y = np.zeros((2, 10))
    Y[0, :5] = 1.0
    Y[1, 5:] = 1.0
    return X, Y


FIGURE6_SIZES = (4, 3, 4, 5, 2)
"""Layer sizes of the network drawn in the lecture's Figure 6, whose highlighted weight is ω_43^[3]."""


def figure6_example(seed=6184, n_samples=10):
    """Figure 6's 4-3-4-5-2 network (weights and biases 0.5 N(0, 1), as netbp.m) and made-up data for it:
    `n_samples` points x in [0, 1]^4, category A (y = (1, 0)ᵀ) where x_1 + x_2 > x_3 + x_4, else B (y = (0, 1)ᵀ).
    The seed puts ω_43^[3] where the first point's C (18) bends visibly along it, away from its tangent (25)."""
    net = Network(FIGURE6_SIZES, seed=seed)
    X = np.random.default_rng(seed).uniform(0, 1, size=(4, n_samples)).round(2)
    A = X[0] + X[1] > X[2] + X[3]
    return net, X, np.vstack([A, ~A]).astype(float)


def one_hot(labels, n):
    """Targets y with y_j = 1 at neuron j = label + 1 (1-based) and 0 elsewhere: shape (n, N)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-d array of whole numbers 0..{n - 1}")
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        raise ValueError(f"labels must lie in 0..{n - 1}, not {labels.min()}..{labels.max()}")
    Y = np.zeros((n, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def split(N, n_first, seed=None):
    """A random split of the sample numbers 0..N−1 into n_first and N − n_first, each part in increasing order."""
    order = np.random.default_rng(seed).permutation(N)
    return np.sort(order[:n_first]), np.sort(order[n_first:])


def digits_data(n_test=450, seed=0):
    """The 1797 handwritten digits of scikit-learn (8 × 8 pixels, no download), split at random (seeded) into
    training and test data: X (64, N) with pixels scaled to [0, 1], Y (10, N) with y_j = 1 at neuron j = digit + 1,
    and the digits themselves. Returns X_train, Y_train, d_train, X_test, Y_test, d_test."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    N = digits.target.size
    n_test = _validate.positive_int("n_test", n_test)
    if n_test >= N:
        raise ValueError(f"n_test = {n_test} leaves no training data: there are only {N} digits")
    train, test = split(N, N - n_test, seed)
    X, d = digits.data.T / 16.0, digits.target
    Y = one_hot(d, 10)
    return X[:, train], Y[:, train], d[train], X[:, test], Y[:, test], d[test]


def digit_image(x):
    """The 8 × 8 picture of one digit x (a column of 64 pixels)."""
    x = np.asarray(x)
    if x.shape != (64,):
        raise ValueError(f"a digit is a column of 64 pixels (8 × 8), not shape {x.shape}")
    return x.reshape(8, 8)


def wave_boundary(x1):
    """The true boundary of noisy_data: x_2 = 1/2 + (1/4) sin(2π x_1)."""
    return 0.5 + 0.25 * np.sin(2 * np.pi * np.asarray(x1))


def flipped_labels(X, Y):
    """Which points of noisy_data carry the label the wave does not give them (A below x_2 = wave_boundary(x_1),
    B above): the flips that a network can only learn by heart."""
    X, Y = np.asarray(X), np.asarray(Y)
    return (X[1] > wave_boundary(X[0])) != (Y[1] == 1)


def noisy_data(n_train=60, n_val=200, flip=0.1, seed=0):
    """Points uniform in the unit square, category A below the wave x_2 = 1/2 + (1/4) sin(2π x_1) and B above it,
    each label flipped with probability `flip`: noise that a large network can learn by heart. Targets as in the
    running example (A is y = (1, 0)ᵀ, B is y = (0, 1)ᵀ). Returns X_train, Y_train, X_val, Y_val."""
    n_train, n_val = _validate.positive_int("n_train", n_train), _validate.positive_int("n_val", n_val)
    if isinstance(flip, bool) or not isinstance(flip, (int, float)) or not 0 <= flip < 0.5:
        raise ValueError(f"flip is a probability below 1/2 (beyond it the labels mean the opposite), not {flip!r}")
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (2, n_train + n_val))
    above = X[1] > wave_boundary(X[0])
    Y = one_hot(np.where(above ^ (rng.uniform(size=above.size) < flip), 1, 0), 2)
    return X[:, :n_train], Y[:, :n_train], X[:, n_train:], Y[:, n_train:]


def regression_curve(x):
    """The smooth function behind regression_data: y = sin(2πx), which leaves (0, 1) on both sides."""
    return np.sin(2 * np.pi * np.asarray(x))


def regression_data(n_train=40, n_val=40, noise=0.1, seed=0):
    """Noisy samples of y = sin(2πx) + noise · N(0, 1) at x drawn uniformly from [0, 1] (seeded): a regression task
    whose targets lie outside (0, 1), the range of a sigmoid output. Returns X, Y, X_val, Y_val, each (1, N)."""
    n_train, n_val = _validate.positive_int("n_train", n_train), _validate.positive_int("n_val", n_val)
    noise = _validate.nonnegative_finite("noise", noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(1, n_train + n_val))
    y = regression_curve(x) + noise * rng.standard_normal(x.shape)
    return x[:, :n_train], y[:, :n_train], x[:, n_train:], y[:, n_train:]
