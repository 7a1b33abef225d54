"""The network drawn as the lecture draws it: layers 1..L of neurons numbered 1..n_l, one weight ω_jk^[l]
highlighted with the neurons it can change; the errors δ_j^[l] and the gradients ∂C/∂ω_jk^[l] of one backward pass
drawn on it, step by step; and the lecture's symbol for a parameter."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from ..backward_pass import backward_steps, located, number
from ..layers import neurons_downstream
from .descriptions import describe, figure_number
from .style import COLORS, axes_or_current


def neuron_positions(sizes, gap=1.0):
    """Where draw_network puts neuron j of layer l: x = 1 + gap (l − 1), y centred per layer, 1-based keys (l, j)."""
    return {(l, j): (1.0 + gap * (l - 1), (n - 1) / 2 - (j - 1)) for l, n in enumerate(sizes, start=1)
            for j in range(1, n + 1)}


def points_per_data_unit(ax):
    """How many typographic points one data unit spans on an equal-aspect axes, at the figure's current size."""
    fig = ax.figure
    box = ax.get_position()
    width, height = box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return min(width / (x1 - x0), height / (y1 - y0))


def draw_network(sizes, ax=None, highlight=None, show_downstream=True, gap=1.7):
    """The network with layers 1..L and neurons numbered 1..n_l; highlight=(l, j, k) draws ω_jk^[l] in red and
    marks the neurons it can change (downstream) against those it cannot (upstream, grey); layers sit gap apart."""
    ax = axes_or_current(ax)
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
                ax.plot([x0, x1], [y0, y1], color=COLORS["edge"], ls="-", lw=1.0, alpha=0.6, zorder=1)
    bottom = -(max(sizes) - 1) / 2 - 0.45
    legend = highlight is not None and show_downstream
    ax.set_xlim(0.5, 1.0 + gap * (len(sizes) - 1) + 0.5)
    ax.set_ylim(bottom - 1.0 - 0.7 * legend, (max(sizes) - 1) / 2 + 0.5)
    # Text sizes follow the style (larger for presentations) but never outgrow the drawing: a neuron's number
    # fits its circle, a layer's label the gap between layers, whatever the size of the axes.
    per_unit = points_per_data_unit(ax)
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
        ax.plot([x0, x1], [y0, y1], color=COLORS["highlight"], ls="-", lw=4.5, zorder=2)
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
    return describe(ax, network_description(sizes, highlight, affected if show_downstream else None))


def network_description(sizes, highlight=None, affected=None):
    """What draw_network shows, in words: the layers and their neurons, and the highlighted weight's reach."""
    layers = ", ".join(f"layer {l} with {n}" for l, n in enumerate(sizes, start=1))
    text = (f"The network {'-'.join(map(str, sizes))}: {len(sizes)} layers of neurons numbered from 1 ({layers}), "
            f"each neuron joined to every neuron of the next layer")
    if highlight is not None:
        l, j, k = highlight
        text += (f". The weight ω_{j}{k}^[{l}], in red, joins neuron {k} of layer {l - 1} to neuron {j} of layer {l}")
        if affected is not None:
            reach = "; ".join(f"layer {m}: " + ", ".join(str(i) for i in sorted(i for (ml, i) in affected if ml == m))
                              for m in sorted({m for m, _ in affected}))
            text += (f"; it can change {len(affected)} neurons (orange: {reach}); the other "
                     f"{sum(sizes) - len(affected)} are untouched (grey)")
    return text

def parameter_symbol(param):
    """The lecture's symbol for a parameter named (l, j, k), ω_jk^[l], or (l, j), b_j^[l], in LaTeX."""
    if len(param) == 3:
        l, j, k = param
        return rf"$\omega_{{{j}{k}}}^{{[{l}]}}$"
    l, j = param
    return rf"$b_{{{j}}}^{{[{l}]}}$"


def log_scale(v, vmax, decades=3):
    """|v| relative to vmax on a log scale in [0, 1]: 1 at vmax, 0 at `decades` decades below it or smaller."""
    ratio = np.abs(v) / vmax if vmax > 0 else np.zeros_like(np.abs(v))
    with np.errstate(divide="ignore"):
        return np.clip(1 + np.log10(ratio) / decades, 0.0, 1.0)


def signed_color(v, vmax, cmap="RdBu_r"):
    """A diverging colour for v: red for v > 0, blue for v < 0, the deeper the larger |v| (log scale)."""
    return plt.get_cmap(cmap)(0.5 + 0.5 * np.sign(v) * (0.25 + 0.75 * log_scale(v, vmax)))


def steps_done(steps, step):
    """How many of `steps` are done and which one is current: step=None all (none current), an int n the first n
    (the nth current), a BackwardStep itself and all before it."""
    if step is None:
        return len(steps), None
    n = step.index + 1 if hasattr(step, "index") else int(step)
    if not 0 <= n <= len(steps):
        raise ValueError(f"the backward pass has steps 0..{len(steps)} done, not {n}")
    return n, (steps[n - 1] if n else None)


def plot_errors_on_network(net, x, y, ax=None, step=None, gap=1.7):
    """The error flowing backward, drawn from the numbers of one backward pass: each neuron of layers 2..L coloured
    and sized by δ_j^[l] (21) (red > 0, blue < 0, size and depth by |δ_j^[l]| over three decades), each edge by
    ∂C/∂ω_jk^[l] (25). With `step` (a BackwardStep of backward_steps, or the number of steps done) only what the pass has
    computed so far is drawn (the rest grey), the quantities the current step writes ringed black and those it
    reads ringed orange."""
    ax = axes_or_current(ax)
    steps = backward_steps(net, x, y)
    n_done, current = steps_done(steps, step)
    done = steps[:n_done]
    delta = {s.l: s.result for s in done if s.equation in ("22", "23")}
    dW = {s.l: s.result for s in done if s.equation == "25"}
    everything = {s.l: s.result for s in steps if s.equation in ("22", "23")}
    d_max = max(np.abs(d).max() for d in everything.values())
    g_max = max(np.abs(s.result).max() for s in steps if s.equation == "25")
    writes, reads = set(), set()  # ("neuron", l) for a layer's neurons, ("edge", l) for the edges into layer l
    if current is not None:
        writes = {("edge", current.l)} if current.equation == "25" else {("neuron", current.l)}
        reads = {located(symbol, net.L) for symbol in current.reads} - writes
    sizes, pos = net.sizes, neuron_positions(net.sizes, gap)
    for l in range(2, net.L + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                xs, ys = zip(pos[(l - 1, k)], pos[(l, j)])
                if l in dW:
                    g = dW[l][j - 1, k - 1]
                    ax.plot(xs, ys, color=signed_color(g, g_max), ls="-", lw=0.8 + 5 * log_scale(g, g_max), zorder=2)
                else:
                    ax.plot(xs, ys, color=COLORS["edge"], lw=0.8, alpha=0.5, ls=(0, (3, 3)), zorder=1)
                for marks, color in ((writes, "black"), (reads, COLORS["affected"])):
                    if ("edge", l) in marks:
                        ax.plot(xs, ys, color=color, ls="-", lw=10, alpha=0.45, solid_capstyle="round", zorder=1.5)
    base = mpl.rcParams["font.size"]
    for (l, j), (px, py) in pos.items():
        if l in delta:
            d = delta[l][j - 1]
            face, radius = signed_color(d, d_max), 0.1 + 0.13 * log_scale(d, d_max)
            ax.text(px, py - radius - 0.05, number(d), ha="center", va="top", fontsize=0.6 * base, zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
        else:
            face, radius = ("white" if l == 1 else COLORS["unaffected"]), 0.16
        ring, width = COLORS["neuron"], 1.5
        if ("neuron", l) in writes:
            ring, width = "black", 4
        elif ("neuron", l) in reads:
            ring, width = COLORS["affected"], 4
        ax.add_patch(plt.Circle((px, py), radius, facecolor=face, edgecolor=ring, lw=width, zorder=3))
    bottom = -(max(sizes) - 1) / 2 - 0.6
    for l in range(1, len(sizes) + 1):
        ax.text(pos[(l, 1)][0], bottom, f"layer {l}" + ("" if l == 1 else rf"  $\delta^{{[{l}]}}$"), ha="center",
                va="top", fontsize=0.75 * base)
    handles = [Line2D([], [], ls="", marker="o", ms=10, mfc=signed_color(s, 1), mec=COLORS["neuron"], label=text)
               for s, text in ((1, r"$\delta_j^{[l]} > 0$"), (-1, r"$\delta_j^{[l]} < 0$"))]
    if current is not None:
        handles += [Line2D([], [], ls="", marker="o", ms=10, mfc="white", mec=color, mew=3, label=text)
                    for color, text in (("black", "computed now"), (COLORS["affected"], "read"))]
    ax.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=0.7 * base,
              bbox_to_anchor=(0.5, -0.02), handletextpad=0.2, columnspacing=0.8)
    ax.set_xlim(0.5, 1.0 + gap * (len(sizes) - 1) + 0.5)
    ax.set_ylim(bottom - 0.95, (max(sizes) - 1) / 2 + 0.35)
    ax.set_aspect("equal")
    ax.axis("off")
    said = "; ".join(f"δ^[{l}] = (" + ", ".join(figure_number(d, 3) for d in delta[l]) + ")" for l in sorted(delta))
    text = (f"The backward pass on the network {'-'.join(map(str, sizes))}, {n_done} of its {len(steps)} steps "
            f"done: each neuron of layers 2 to {net.L} coloured by the sign of its error (red positive, blue "
            f"negative) and sized by its magnitude, each edge by ∂C/∂ω_jk^[l]. " + (said or "No δ computed yet"))
    if current is not None:
        text += f". Now: {current.title}"
    return describe(ax, text)
