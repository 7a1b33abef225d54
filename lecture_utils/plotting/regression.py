"""Regression figures: the data, the function behind it, and the fitted curve a^[L](x) of networks with one input
and one output neuron, e.g. at several epochs of training (notebook 12)."""
import numpy as np

from .descriptions import describe, figure_number, span
from .style import COLORS, axes_or_current, sequence_color, sequence_style


def plot_regression_fit(nets, X, Y, ax=None, curve=None, band=None, n_points=200):
    """The samples (x, y) as dots and a^[L](x) of each network in `nets` ({label: Network}; an integer label reads
    "epoch label") over [min x, max x]; `curve` the function behind the data (dashed); `band` = (low, high) shades
    the range an output is confined to, such as (0, 1) for a sigmoid output."""
    ax = axes_or_current(ax)
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.ndim != 2 or X.shape[0] != 1 or Y.shape != X.shape:
        raise ValueError(f"the regression figure needs one input and one output: X and Y of shape (1, N), not "
                         f"{X.shape} and {Y.shape}")
    x = np.linspace(X.min(), X.max(), n_points)[None, :]
    if band is not None:
        ax.axhspan(*band, color=COLORS["unaffected"], alpha=0.5, lw=0,
                   label=f"({band[0]:g}, {band[1]:g}), a sigmoid's range" if tuple(band) == (0, 1)
                   else f"({band[0]:g}, {band[1]:g})")
    if curve is not None:
        ax.plot(x[0], curve(x[0]), "--", color=COLORS["neuron"], lw=1.5, label="the function behind the data")
    ax.plot(X[0], Y[0], "o", color=COLORS["A"], markersize=6, alpha=0.8, label="data $(x, y)$")
    text = (f"{X.shape[1]} samples (x, y) as dots for x from {figure_number(X.min())} to {figure_number(X.max())}, "
            f"y from {figure_number(Y.min())} to {figure_number(Y.max())}"
            + ("; the function behind the data dashed" if curve is not None else "")
            + (f"; the band from {band[0]:g} to {band[1]:g} shaded grey" if band is not None else ""))
    for i, (label, net) in enumerate(nets.items()):
        if net.sizes[0] != 1 or net.sizes[-1] != 1:
            raise ValueError(f"the regression figure draws networks with n_1 = n_L = 1, not sizes {list(net.sizes)}")
        name = f"epoch {label}" if isinstance(label, (int, np.integer)) else str(label)
        fitted = net.output(x)[0]
        ax.plot(x[0], fitted, sequence_style(i), color=sequence_color(i, len(nets)), label=name)
        rms = np.sqrt(np.mean((net.output(X)[0] - Y[0]) ** 2))
        text += (f"; {name}: a^[L](x) between {figure_number(fitted.min())} and {figure_number(fitted.max())}, "
                 f"RMS distance to the data {figure_number(rms)}")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$ and $a^{[L]}(x)$")
    ax.legend(loc="best", fontsize="small")
    return describe(ax, text)
