"""The data and what the network makes of them: the points of the running example by category, the decision
regions of the unit square, and the handwritten digits as pictures."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from ..classification import categories, decision_grid
from ..data import digit_image, flipped_labels, wave_boundary
from .style import COLORS, REGION_COLORS, axes_or_current, unit_square


def plot_data(X, Y, ax=None, size=None):
    """The data points: category A (y = (1, 0)ᵀ) as circles, category B (y = (0, 1)ᵀ) as crosses."""
    ax = axes_or_current(ax)
    cat = categories(Y)
    s = size or 3 * mpl.rcParams["lines.markersize"] ** 2
    ax.scatter(X[0, cat == 1], X[1, cat == 1], s=s, marker="o", facecolors="none", edgecolors=COLORS["A"],
               linewidths=2.5, label="category A", zorder=3)
    ax.scatter(X[0, cat == 2], X[1, cat == 2], s=s, marker="x", color=COLORS["B"], linewidths=2.5,
               label="category B", zorder=3)
    return unit_square(ax)

def plot_decision_regions(net, X=None, Y=None, ax=None, resolution=200):
    """Shade where the network says A (a_1^[L] > a_2^[L]) or B, draw the boundary, and the data if given."""
    ax = axes_or_current(ax)
    x1, x2, margin = decision_grid(net, resolution)
    ax.contourf(x1, x2, margin > 0, levels=[-0.5, 0.5, 1.5], colors=list(REGION_COLORS))
    if margin.min() < 0 < margin.max():
        ax.contour(x1, x2, margin, levels=[0], colors="k", linewidths=1.5)
    if X is not None:
        plot_data(X, Y, ax)
    return unit_square(ax)

def plot_wave_data(X, Y, ax=None, net=None):
    """noisy_data's points, on the network's decision regions when `net` is given, with the true boundary
    x_2 = wave_boundary(x_1) dashed and the flipped labels (data.flipped_labels) ringed."""
    ax = axes_or_current(ax)
    if net is None:
        plot_data(X, Y, ax)
    else:
        plot_decision_regions(net, X, Y, ax=ax)
    t = np.linspace(0, 1, 200)
    ax.plot(t, wave_boundary(t), "k--", lw=2, label="true boundary")
    ax.scatter(*np.asarray(X)[:, flipped_labels(X, Y)], s=800, facecolors="none", edgecolors="k", lw=1.5,
               label="flipped label")
    return ax


def plot_digit_grid(X, true_digits, said_digits=None, ncols=6, fig=None):
    """The digits (columns of X) as 8 × 8 pictures, each titled with its true digit and, if given, what the network
    said (true → said)."""
    n = X.shape[1]
    nrows = max(1, -(-n // ncols))
    fig = fig or plt.figure(figsize=(1.9 * ncols, 2.2 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(digit_image(X[:, i]), cmap="gray_r", vmin=0, vmax=1)
            if said_digits is None:
                ax.set_title(f"{true_digits[i]}", fontsize=16)
            else:
                ax.set_title(f"{true_digits[i]} → {said_digits[i]}", fontsize=16, color=COLORS["B"])
    return fig
