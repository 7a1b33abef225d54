"""Figures for the lecture, in one style: pure plot_*(…, ax) functions that draw and return the axes."""
import os

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .activations import sigma, sigma_prime
from .data import categories
from .layers import neurons_downstream

#: Colours used everywhere: category A, category B, the highlighted weight, affected and unaffected neurons.
COLORS = {"A": "#1f77b4", "B": "#d62728", "highlight": "#d62728", "affected": "#ff9f1c",
          "unaffected": "#d9d9d9", "edge": "#9a9a9a", "neuron": "#4a4a4a"}
#: One colour per layer l = 2, 3, ... for the ‖δ^[l]‖ curves.
LAYER_COLORS = plt.get_cmap("viridis")

_STYLE = {"figure.figsize": (8.0, 5.0), "figure.dpi": 100, "savefig.dpi": 100, "font.size": 14,
          "axes.titlesize": 16, "axes.labelsize": 15, "legend.fontsize": 13, "xtick.labelsize": 13,
          "ytick.labelsize": 13, "lines.linewidth": 2.5, "lines.markersize": 9, "axes.grid": True,
          "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
          "svg.hashsalt": "lecture5", "image.cmap": "RdBu"}
_PRESENTATION = {"figure.figsize": (11.0, 6.5), "font.size": 20, "axes.titlesize": 24, "axes.labelsize": 22,
                 "legend.fontsize": 18, "xtick.labelsize": 18, "ytick.labelsize": 18, "lines.linewidth": 3.5,
                 "lines.markersize": 13}


def use_lecture_style(presentation=None):
    """Apply the series' one figure style; presentation=True makes fonts and lines readable from the back of a room
    (by default it is on when the environment variable LECTURE_PRESENTATION is 1, as `make present` sets it)."""
    if presentation is None:
        presentation = os.environ.get("LECTURE_PRESENTATION") == "1"
    mpl.rcParams.update(_STYLE)
    if presentation:
        mpl.rcParams.update(_PRESENTATION)


def _axes(ax):
    return plt.gca() if ax is None else ax


def _unit_square(ax):
    """The input space [0, 1]² of the 10 points, to scale, with axes x_1 and x_2."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_data(X, Y, ax=None, size=None):
    """The data points: category A (y = (1, 0)ᵀ) as circles, category B (y = (0, 1)ᵀ) as crosses."""
    ax = _axes(ax)
    cat = categories(Y)
    s = size or 3 * mpl.rcParams["lines.markersize"] ** 2
    ax.scatter(X[0, cat == 1], X[1, cat == 1], s=s, marker="o", facecolors="none", edgecolors=COLORS["A"],
               linewidths=2.5, label="category A", zorder=3)
    ax.scatter(X[0, cat == 2], X[1, cat == 2], s=s, marker="x", color=COLORS["B"], linewidths=2.5,
               label="category B", zorder=3)
    return _unit_square(ax)


def decision_grid(net, resolution=200):
    """The unit square on a resolution × resolution grid and, at each point, a_1^[L] − a_2^[L] (> 0 means A)."""
    t = np.linspace(0, 1, resolution)
    x1, x2 = np.meshgrid(t, t)
    a = net.output(np.vstack([x1.ravel(), x2.ravel()]))
    return x1, x2, (a[0] - a[1]).reshape(x1.shape)


def plot_decision_regions(net, X=None, Y=None, ax=None, resolution=200):
    """Shade where the network says A (a_1^[L] > a_2^[L]) or B, draw the boundary, and the data if given."""
    ax = _axes(ax)
    x1, x2, margin = decision_grid(net, resolution)
    ax.contourf(x1, x2, margin > 0, levels=[-0.5, 0.5, 1.5], colors=["#f6d5d5", "#d5e5f6"])
    if margin.min() < 0 < margin.max():
        ax.contour(x1, x2, margin, levels=[0], colors="k", linewidths=1.5)
    if X is not None:
        plot_data(X, Y, ax)
    return _unit_square(ax)


NETBP_FACTOR = 20
"""netbp.m plots Σ_i ‖y − a^[L]‖², which is 2N = 20 times Cost (9) on the 10 points."""


def plot_cost_history(history, ax=None, label=None, netbp_scale=False):
    """Cost (9) against iteration on a log scale (netbp_scale=True multiplies by 20, the paper's scale)."""
    ax = _axes(ax)
    factor = NETBP_FACTOR if netbp_scale else 1
    ax.semilogy(history.iteration, factor * history.cost, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\Sigma_i\,\|y - a^{[L]}\|^2$ (netbp.m)" if netbp_scale else "Cost (9)")
    return ax


def plot_delta_history(history, ax=None):
    """‖δ^[l]‖ for every layer l = 2..L against iteration, on a log scale."""
    ax = _axes(ax)
    layers = sorted(history.delta_norm)
    for i, l in enumerate(layers):
        ax.semilogy(history.iteration, history.delta_norm[l], label=rf"$\|\delta^{{[{l}]}}\|$",
                    color=LAYER_COLORS(i / max(1, len(layers) - 1) * 0.85))
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\|\delta^{[l]}\|$")
    ax.legend(loc="best")
    return ax


def neuron_positions(sizes, gap=1.0):
    """Where draw_network puts neuron j of layer l: x = 1 + gap (l − 1), y centred per layer, 1-based keys (l, j)."""
    return {(l, j): (1.0 + gap * (l - 1), (n - 1) / 2 - (j - 1)) for l, n in enumerate(sizes, start=1)
            for j in range(1, n + 1)}


def _points_per_data_unit(ax):
    """How many typographic points one data unit spans on an equal-aspect axes, at the figure's current size."""
    fig = ax.figure
    box = ax.get_position()
    width, height = box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return min(width / (x1 - x0), height / (y1 - y0))


def draw_network(sizes, ax=None, highlight=None, show_downstream=True, gap=1.7):
    """The network with layers 1..L and neurons numbered 1..n_l; highlight=(l, j, k) draws ω_jk^[l] in red and
    marks the neurons it can change (downstream) against those it cannot (upstream, grey); layers sit gap apart."""
    ax = _axes(ax)
    pos = neuron_positions(sizes, gap)
    affected = set()
    if highlight is not None:
        l, j, k = highlight
        affected = neurons_downstream(sizes, l, j) if show_downstream else set()
        if not 1 <= k <= sizes[l - 2]:
            raise IndexError(f"k = {k} is out of range 1..{sizes[l - 2]} for layer {l - 1}")
    for l in range(2, len(sizes) + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
                ax.plot([x0, x1], [y0, y1], color=COLORS["edge"], lw=1.0, alpha=0.6, zorder=1)
    bottom = -(max(sizes) - 1) / 2 - 0.45
    legend = highlight is not None and show_downstream
    ax.set_xlim(0.5, 1.0 + gap * (len(sizes) - 1) + 0.5)
    ax.set_ylim(bottom - 1.0 - 0.7 * legend, (max(sizes) - 1) / 2 + 0.5)
    # Text sizes follow the style (larger for presentations) but never outgrow the drawing: a neuron's number
    # fits its circle, a layer's label the gap between layers, whatever the size of the axes.
    per_unit = _points_per_data_unit(ax)
    base = mpl.rcParams["font.size"]
    number_size, label_size = min(0.8 * base, 0.3 * per_unit), min(0.85 * base, gap * per_unit / 4.2)
    for (l, j), (x, y) in pos.items():
        face = "white"
        if highlight is not None:
            face = COLORS["affected"] if (l, j) in affected else COLORS["unaffected"]
        ax.add_patch(plt.Circle((x, y), 0.18, facecolor=face, edgecolor=COLORS["neuron"], lw=2, zorder=3))
        ax.text(x, y, str(j), ha="center", va="center", fontsize=number_size, zorder=4)
    if highlight is not None:
        l, j, k = highlight
        (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
        ax.plot([x0, x1], [y0, y1], color=COLORS["highlight"], lw=4.5, zorder=2)
        ax.annotate(rf"$\omega_{{{j}{k}}}^{{[{l}]}}$", ((x0 + x1) / 2, (y0 + y1) / 2), xytext=(0, 14),
                    textcoords="offset points", ha="center", va="bottom", color=COLORS["highlight"],
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                    fontsize=min(1.2 * base, 1.4 * label_size), zorder=5)
    for l, n in enumerate(sizes, start=1):
        ax.text(pos[(l, 1)][0], bottom, f"layer {l}\n$n_{{{l}}} = {n}$", ha="center", va="top",
                fontsize=label_size)
    if legend:
        for key, text in (("affected", "can change"), ("unaffected", "untouched")):
            ax.scatter([], [], s=200, color=COLORS[key], edgecolors=COLORS["neuron"], label=text)
        ax.legend(loc="lower center", ncol=2, frameon=False, fontsize=label_size)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


# --- figures for the core notebooks 01–06 -------------------------------------------------------------
def plot_sigmoid(ax=None, z_max=8.0):
    """The sigmoid σ(z), eq (1), and its derivative σ'(z) = σ(z)(1 − σ(z)), eq (2), on −z_max ≤ z ≤ z_max."""
    ax = _axes(ax)
    z = np.linspace(-z_max, z_max, 401)
    ax.plot(z, sigma(z), label=r"$\sigma(z)$, eq (1)")
    ax.plot(z, sigma_prime(z), label=r"$\sigma'(z)$, eq (2)", linestyle="--")
    ax.set_xlabel("$z$")
    ax.set_ylabel("value")
    ax.legend(loc="upper left")
    return ax


def parameter_symbol(param):
    """The lecture's symbol for a parameter named (l, j, k), ω_jk^[l], or (l, j), b_j^[l], in LaTeX."""
    if len(param) == 3:
        l, j, k = param
        return rf"$\omega_{{{j}{k}}}^{{[{l}]}}$"
    l, j = param
    return rf"$b_{{{j}}}^{{[{l}]}}$"


def cost_along(net, X, Y, param, values):
    """Cost (9) on X, Y (C of eq (18) for one sample) with the parameter (l, j, k) or (l, j) set to each of values;
    net itself is left unchanged."""
    trial = net.copy()
    setter = trial.set_weight if len(param) == 3 else trial.set_bias
    costs = []
    for value in values:
        setter(*param, value)
        costs.append(trial.cost(X, Y))
    return np.array(costs)


def plot_cost_along(values, costs, param, ax=None, at=None, slope=None, ylabel="Cost (9)", label=None):
    """The cost against one parameter; with at=(p, C(p)) and slope, the tangent line there, whose slope is ∂C/∂p."""
    ax = _axes(ax)
    ax.plot(values, costs, label=label)
    if at is not None:
        p, c = at
        ax.plot([p], [c], "o", color="k", zorder=3)
        if slope is not None:
            half = 0.3 * (np.max(values) - np.min(values))
            t = np.array([p - half, p + half])
            ax.plot(t, c + slope * (t - p), "--", color=COLORS["highlight"],
                    label=f"tangent, slope {slope:.3g} from Lemma 1")
    ax.set_xlabel(parameter_symbol(param))
    ax.set_ylabel(ylabel)
    if label is not None or slope is not None:
        ax.legend(loc="best")
    return ax


def plot_single_sample_steps(cost_before, cost_full, costs_single, ax=None):
    """Cost (9) after one step (15) on each single sample x^{i}, against before and after one full-gradient step."""
    ax = _axes(ax)
    i = np.arange(1, len(costs_single) + 1)
    ax.bar(i, costs_single, color=COLORS["edge"], label="after a step (15) on point $i$ alone")
    ax.axhline(cost_before, color="k", linestyle=":", label="before the step")
    ax.axhline(cost_full, color=COLORS["highlight"], label="after a step on Cost (9)")
    ax.axhline(np.mean(costs_single), color=COLORS["A"], linestyle="--", label="mean of the bars")
    ax.set_xticks(i)
    ax.set_xlabel("training point $i$ used for the step")
    ax.set_ylabel("Cost (9) after the step")
    spread = max(np.ptp(costs_single), abs(cost_before - cost_full), 1e-12)
    ax.set_ylim(min(np.min(costs_single), cost_full) - 0.3 * spread, max(np.max(costs_single), cost_before)
                + 0.6 * spread)
    ax.legend(loc="upper left", fontsize=mpl.rcParams["legend.fontsize"] * 0.85)
    return ax


def plot_nudge(dz, dC, delta, l, j, ax=None):
    """The change ΔC in C after adding Δz to z_j^[l], against Δz, beside the prediction δ_j^[l] Δz from (21)."""
    ax = _axes(ax)
    ax.plot(dz, dC, "o", label=r"$\Delta C$ measured")
    ax.plot(dz, delta * np.asarray(dz), "-", color=COLORS["highlight"],
            label=rf"$\delta_{{{j}}}^{{[{l}]}}\,\Delta z$, from (21)")
    ax.set_xlabel(rf"$\Delta z$ added to $z_{{{j}}}^{{[{l}]}}$")
    ax.set_ylabel(r"$\Delta C$")
    ax.legend(loc="best")
    return ax


def plot_step_size_errors(h, errors, ax=None):
    """Relative error of numerical derivatives against the step h, log–log; errors maps a method's name to its errors
    (an error of 0, an exact match, is drawn at 1e-17)."""
    ax = _axes(ax)
    for name, err in errors.items():
        ax.loglog(h, np.maximum(err, 1e-17), "o-", label=name)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("relative error")
    ax.legend(loc="upper center", fontsize=mpl.rcParams["legend.fontsize"] * 0.85)
    return ax


def plot_single_sample_costs(values, per_sample, Y, param, ax=None):
    """Each single-sample cost C_{x^{i}} (13) against one parameter (rows of per_sample, coloured by the category
    of Y's column i), and their average, Cost (9)."""
    ax = _axes(ax)
    cat = categories(Y)
    for i, costs in enumerate(per_sample):
        first = i == int(np.argmax(cat == cat[i]))
        ax.plot(values, costs, color=COLORS["A" if cat[i] == 1 else "B"], lw=1.2, alpha=0.7,
                label=f"cost (13) of one category {'AB'[cat[i] - 1]} point" if first else None)
    ax.plot(values, np.mean(per_sample, axis=0), color="k", label="their average, Cost (9)")
    ax.set_xlabel(parameter_symbol(param))
    ax.set_ylabel("cost")
    ax.legend(loc="best")
    return ax
