"""The network drawn as the lecture draws it: layers 1..L of neurons numbered 1..n_l, one weight ω_jk^[l]
highlighted with the neurons it can change; and the lecture's symbol for a parameter."""
import matplotlib as mpl
import matplotlib.pyplot as plt

from ..layers import neurons_downstream
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
                ax.plot([x0, x1], [y0, y1], color=COLORS["edge"], lw=1.0, alpha=0.6, zorder=1)
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

def parameter_symbol(param):
    """The lecture's symbol for a parameter named (l, j, k), ω_jk^[l], or (l, j), b_j^[l], in LaTeX."""
    if len(param) == 3:
        l, j, k = param
        return rf"$\omega_{{{j}{k}}}^{{[{l}]}}$"
    l, j = param
    return rf"$b_{{{j}}}^{{[{l}]}}$"
