"""The series' one figure style: its colours, its sizes for the page and for the lecture room, and the helpers
every figure shares (the axes to draw on, the unit square of the running example)."""
import os

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler

#: Colours used everywhere: category A, category B, the highlighted weight, affected and unaffected neurons.
COLORS = {"A": "#1f77b4", "B": "#d62728", "highlight": "#d62728", "affected": "#ff9f1c",
          "unaffected": "#d9d9d9", "edge": "#9a9a9a", "neuron": "#4a4a4a"}
#: The decision regions' shading: B (a_1^[L] <= a_2^[L]) light red, A light blue.
REGION_COLORS = ("#f6d5d5", "#d5e5f6")
#: One colour per layer l = 2, 3, ... for the ‖δ^[l]‖ curves (and per run of a sweep).
LAYER_COLORS = plt.get_cmap("viridis")
#: Dash patterns cycled along a sequence of lines, so that colour never tells them apart alone: lines four apart
#: share a pattern, and their colours differ the more (tests/test_figure_accessibility.py measures both).
LINE_STYLES = ("-", "--", ":", "-.")
#: Markers cycled the same way, for series drawn as points.
MARKERS = ("o", "s", "^", "D")
#: Lines drawn without a colour of their own: A's blue, B's red, orange, dark grey, each with its own dash pattern;
#: the four stay apart under every simulated colour-vision deficiency (matplotlib's default green and orange do not).
CYCLE = cycler(color=[COLORS["A"], COLORS["B"], COLORS["affected"], COLORS["neuron"]], linestyle=LINE_STYLES)

_STYLE = {"figure.figsize": (8.0, 5.0), "figure.dpi": 100, "savefig.dpi": 100, "font.size": 14,
          "axes.titlesize": 16, "axes.labelsize": 15, "legend.fontsize": 13, "xtick.labelsize": 13,
          "ytick.labelsize": 13, "lines.linewidth": 2.5, "lines.markersize": 9, "axes.grid": True,
          "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
          "svg.hashsalt": "lecture5", "image.cmap": "RdBu", "axes.prop_cycle": CYCLE}
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


def axes_or_current(ax):
    """The axes to draw on: `ax` itself, or pyplot's current axes when ax is None."""
    return plt.gca() if ax is None else ax


def sequence_color(i, n, top=0.9):
    """The colour of item i of n in a sequence (layers, runs, epochs): evenly along LAYER_COLORS up to `top`."""
    return LAYER_COLORS(i / max(1, n - 1) * top)


def sequence_style(i):
    """The dash pattern of item i of a sequence, drawn with sequence_color: LINE_STYLES in turn."""
    return LINE_STYLES[i % len(LINE_STYLES)]


def sequence_marker(i):
    """The marker of item i of a sequence drawn as points: MARKERS in turn."""
    return MARKERS[i % len(MARKERS)]


def unit_square(ax):
    """The input space [0, 1]² of the 10 points, to scale, with axes x_1 and x_2."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
