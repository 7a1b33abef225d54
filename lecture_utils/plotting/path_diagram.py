"""The paths of the chain rule (CR3) drawn on the network: every path from neuron j of layer l to the cost C, each
neuron marked with how many of them pass through it."""
import matplotlib as mpl
import matplotlib.pyplot as plt

from ..chain_rule import path_count, paths
from .diagram import draw_network, neuron_positions
from .descriptions import describe
from .style import COLORS, axes_or_current


def path_counts(sizes, l, j, through=None):
    """How many of the paths from z_j^[l] to C pass through each later neuron (m, i), and how many there are (key
    "C"); through=k keeps only the paths whose first step goes to neuron k of layer l+1."""
    chosen = [p for p in paths(sizes, l, j) if through is None or p[1][1] == through]
    counts = {}
    for path in chosen:
        for neuron in path[1:]:
            counts[neuron] = counts.get(neuron, 0) + 1
    counts["C"] = len(chosen)
    return counts


def plot_paths(sizes, l, j, ax=None, through=None, gap=1.7):
    """The network with every path from z_j^[l] to C in red and, above each neuron, how many of them pass through it;
    through=k draws only the paths whose first step is to neuron k of layer l+1 (one group of (26))."""
    ax = axes_or_current(ax)
    L = len(sizes)
    if through is not None and l == L:
        raise ValueError(f"a path from the output layer L = {L} has no first step to group by")
    if through is not None and not 1 <= through <= sizes[l]:
        raise IndexError(f"through = {through} is out of range 1..{sizes[l]} for layer {l + 1}")
    counts = path_counts(sizes, l, j, through)  # refuses l, j out of range in the lecture's terms
    draw_network(sizes, ax=ax, gap=gap)
    pos = neuron_positions(sizes, gap)
    pos["C"] = (1.0 + gap * L, 0.0)
    for i in range(1, sizes[-1] + 1):
        (x0, y0), (x1, y1) = pos[(L, i)], pos["C"]
        ax.plot([x0, x1], [y0, y1], color=COLORS["edge"], ls="-", lw=1.0, alpha=0.6, zorder=1)
    edges = {(a, b) for p in paths(sizes, l, j) if through is None or p[1][1] == through
             for a, b in zip(p, p[1:] + ("C",))}
    for a, b in edges:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color=COLORS["highlight"], ls="-", lw=3.0, alpha=0.8, zorder=2)
    size = 0.8 * mpl.rcParams["font.size"]
    for neuron, (x, y) in pos.items():
        if neuron == "C":
            face = COLORS["affected"]
        elif neuron == (l, j):
            face = COLORS["highlight"]
        else:
            face = COLORS["affected"] if neuron in counts else COLORS["unaffected"]
        ax.add_patch(plt.Circle((x, y), 0.18, facecolor=face, edgecolor=COLORS["neuron"], lw=2, zorder=3.5))
        if neuron in counts and neuron != "C":
            ax.annotate(str(counts[neuron]), (x, y), xytext=(0, 15), textcoords="offset points", ha="center",
                        va="bottom", fontsize=size, color=COLORS["highlight"], zorder=5)
    ax.text(*pos["C"], "$C$", ha="center", va="center", fontsize=size, zorder=4)
    ax.annotate(f"{counts['C']} paths", pos["C"], xytext=(0, 15), textcoords="offset points", ha="center",
                va="bottom", fontsize=size, color=COLORS["highlight"], zorder=5)
    ax.set_xlim(0.5, pos["C"][0] + 0.7)
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + 0.4)  # room for the counts above the top neurons
    widths = " × ".join(str(n) for n in sizes[l:]) or "1"
    group = "" if through is None else f" through $z_{{{through}}}^{{[{l + 1}]}}$"
    total = path_count(sizes, l) if through is None else counts["C"]
    ax.set_title(f"{total} paths from $z_{{{j}}}^{{[{l}]}}$ to $C${group}"
                 + ("" if through is not None else f": {widths}"), fontsize=mpl.rcParams["font.size"])
    through_layer = "; ".join(f"layer {m}: " + ", ".join(f"neuron {i} {counts[(m, i)]}" for i in range(1, n + 1)
                                                         if (m, i) in counts)
                              for m, n in enumerate(sizes, start=1) if m > l)
    return describe(ax, f"The {counts['C']} paths from z_{j}^[{l}] (red neuron) to C drawn in red on the network "
                        f"{'-'.join(map(str, sizes))}"
                        + ("" if through is None else f", only those whose first step goes to neuron {through} of "
                                                      f"layer {l + 1}")
                        + f"; how many pass through each neuron: {through_layer}")
