"""The data and what the network makes of them: the points of the running example by category, the decision
regions of the unit square, and the handwritten digits as pictures."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from ..classification import categories, decision_grid
from ..data import digit_image, flipped_labels, wave_boundary
from .descriptions import describe, figure_number
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
    points = lambda c: ", ".join(f"({figure_number(a)}, {figure_number(b)})" for a, b in X[:, cat == c].T)
    n_A, n_B = int(np.sum(cat == 1)), int(np.sum(cat == 2))
    if X.shape[1] <= 12:
        text = (f"{X.shape[1]} points in the unit square: {n_A} of category A (blue circles) at {points(1)}; "
                f"{n_B} of category B (red crosses) at {points(2)}")
    else:
        text = f"{X.shape[1]} points in the unit square: {n_A} of category A (blue circles), {n_B} of B (red crosses)"
    return describe(unit_square(ax), text)

def plot_decision_regions(net, X=None, Y=None, ax=None, resolution=200):
    """Shade where the network says A (a_1^[L] > a_2^[L]) or B, draw the boundary, and the data if given."""
    ax = axes_or_current(ax)
    x1, x2, margin = decision_grid(net, resolution)
    ax.contourf(x1, x2, margin > 0, levels=[-0.5, 0.5, 1.5], colors=list(REGION_COLORS))
    if margin.min() < 0 < margin.max():
        ax.contour(x1, x2, margin, levels=[0], colors="k", linewidths=1.5)
    share_A = 100 * float(np.mean(margin > 0))
    text = (f"Decision regions of the network on the unit square: it says A on {share_A:.0f}% of the square (light "
            f"blue) and B on {100 - share_A:.0f}% (light red)"
            + (", the boundary between them a black line" if margin.min() < 0 < margin.max() else ""))
    if X is not None:
        right = int(np.sum(categories(net.output(X)) == categories(Y)))
        text += f"; it classifies {right} of the {X.shape[1]} points correctly"
    describe(ax, text)
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
    flipped = flipped_labels(X, Y)
    ax.scatter(*np.asarray(X)[:, flipped], s=800, facecolors="none", edgecolors="k", lw=1.5,
               label="flipped label")
    return describe(ax, f"The true boundary x_2 = wave(x_1), dashed, runs from x_2 = "
                        f"{figure_number(wave_boundary(0.0))} at x_1 = 0 to {figure_number(wave_boundary(1.0))} at x_1 = 1; {int(np.sum(flipped))} of "
                        f"the points have flipped labels (ringed)")


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
    if said_digits is None:
        text = f"{n} handwritten digits as 8 by 8 pictures: " + ", ".join(str(d) for d in true_digits[:n])
    else:
        text = (f"{n} handwritten digits as 8 by 8 pictures, each titled true digit, then what the network said: "
                + ", ".join(f"{t} said as {s}" for t, s in zip(true_digits[:n], said_digits[:n])))
    return describe(fig, text)
