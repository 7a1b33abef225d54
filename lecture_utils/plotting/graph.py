"""Reverse mode drawn: a small network's computational graph of Values with each node's value and gradient and each
edge's local gradient, its nodes grouped by layer; and what a gradient costs against the number of parameters P."""
import re

import matplotlib.pyplot as plt
import numpy as np

from .descriptions import describe, figure_number, plain, span
from .style import COLORS, axes_or_current, sequence_color

_SYMBOL = re.compile(r"^(ω|a|b|z|y)_(\d+)(?:\^\[(\d+)\])?$")


def node_symbol(node):
    """A node's label as mathtext ("z_1^[2]" becomes $z_1^{[2]}$); an operation without a label by its sign."""
    match = _SYMBOL.match(node.label)
    if match is None:
        constants = [p.data for p in node.parents if not p.label and not p.parents]
        return node.label or node.op + "".join(f"{c:g}" for c in constants)
    name, j, l = match.groups()
    name = r"\omega" if name == "ω" else name
    return f"${name}_{{{j}}}" + (f"^{{[{l}]}}$" if l else "$")


def node_layer(node, children):
    """The layer l a node belongs to: its label's [l] (a^[1] is layer 1), else that of the node it feeds;
    the cost's own nodes (and y) belong to no layer (None)."""
    while True:
        match = _SYMBOL.match(node.label)
        if match is not None or node.label == "C" or not children.get(node):
            return int(match.group(3)) if match is not None and match.group(3) else None
        node = children[node][0]


def graph_layout(C):
    """Positions (column, row) of the nodes of C's graph, constants left out: a node's column is one more than its
    parents' furthest; a leaf sits just left of the first node it feeds."""
    order = [v for v in C.topological_order() if v.label or v.parents]
    children = {}
    for v in order:
        for p in v.parents:
            children.setdefault(p, []).append(v)
    column = {}
    for v in order:
        column[v] = 1 + max((column[p] for p in v.parents if p in column), default=-1)
    for v in order:
        if not v.parents:
            column[v] = min(column[c] for c in children[v]) - 1
    rows = {}
    for v in sorted(order, key=lambda v: not v.parents):
        rows.setdefault(column[v], []).append(v)
    return {v: (c, -i) for c, stack in rows.items() for i, v in enumerate(stack)}, children


def plot_computational_graph(C, ax=None, digits=3):
    """C's graph after C.backward(): each node with its value (black) and its gradient ∂C/∂node (red) below it, each
    edge with its local gradient ∂child/∂parent, the nodes of each layer l in that layer's colour (the cost's own
    nodes white); a node's gradient is the sum, over its edges out, of local gradient × the child's gradient (RM2)."""
    ax = axes_or_current(ax)
    pos, children = graph_layout(C)
    layer = {v: node_layer(v, children) for v in pos}
    layers = sorted({l for l in layer.values() if l is not None})
    face = {l: sequence_color(i, len(layers), top=0.8) for i, l in enumerate(layers)}
    for v, (c, r) in pos.items():
        for p, local in zip(v.parents, v.local_grads):
            if p not in pos:
                continue
            (c0, r0) = pos[p]
            ax.annotate("", (c - 0.3, r + 0.1 * (r0 - r)), (c0 + 0.3, r0 - 0.1 * (r0 - r)),
                        arrowprops=dict(arrowstyle="->", color=COLORS["edge"]))
            ax.text((c + c0) / 2, (r + r0) / 2 + 0.05, f"{local:.{digits}g}", ha="center", va="bottom",
                    fontsize="x-small", color=COLORS["neuron"], zorder=4,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    for v, (c, r) in pos.items():
        color = face.get(layer[v])
        ax.text(c, r, node_symbol(v), ha="center", va="center", fontsize="small", zorder=3,
                bbox=dict(boxstyle="round,pad=0.35", facecolor="white" if color is None else (*color[:3], 0.35),
                          edgecolor=COLORS["neuron"]))
        ax.text(c, r - 0.28, f"{v.data:.{digits}g}", ha="center", va="top", fontsize="x-small")
        ax.text(c, r - 0.46, f"{v.grad:.{digits}g}", ha="center", va="top", fontsize="x-small",
                color=COLORS["highlight"])
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=(*face[l][:3], 0.35), edgecolor=COLORS["neuron"])
               for l in layers]
    ax.legend(handles, [f"layer {l}" for l in layers], loc="upper left", ncol=len(layers), fontsize="small",
              frameon=False, bbox_to_anchor=(0, 1.02))
    columns = [c for c, _ in pos.values()]
    ax.set_xlim(min(columns) - 0.6, max(columns) + 0.6)
    ax.set_ylim(min(r for _, r in pos.values()) - 0.7, 0.6)
    ax.axis("off")
    leaves = [v for v in pos if not v.parents and v.label]
    return describe(ax, f"The computational graph of C = {figure_number(C.data, digits)}: {len(pos)} nodes in "
                        f"{len(set(c for c, _ in pos.values()))} columns from the inputs on the left to C on the "
                        f"right, "
                        f"grouped by layer ({', '.join(f'layer {l}' for l in layers)}), each with its value and "
                        f"below it, in red, its gradient ∂C/∂node. The gradients of the leaves: "
                        + ", ".join(f"{plain(node_symbol(v))} {figure_number(v.grad, digits)}" for v in leaves))


METHOD_STYLE = {"lemma1": ("Lemma 1 (reverse mode): forward + backward pass", COLORS["A"], "o-"),
                "finite_differences": ("finite differences: P + 1 forward passes", COLORS["B"], "s--"),
                "forward_mode": ("forward mode: P forward passes", COLORS["affected"], "^:")}


def plot_gradient_costs(costs, ax=None):
    """Multiply-adds of one gradient, in forward passes, against the number of parameters P on log–log axes, for
    each GradientCost in `costs`: Lemma 1 stays below 3; the others grow like P."""
    ax = axes_or_current(ax)
    costs = sorted(costs, key=lambda c: c.P)
    P = np.array([c.P for c in costs])
    for method, (label, color, style) in METHOD_STYLE.items():
        ax.loglog(P, [c.in_forward_passes(method) for c in costs], style, color=color, label=label)
    ax.set_xlabel("number of parameters $P$")
    ax.set_ylabel("multiply-adds / one forward pass")
    ax.set_ylim(top=300 * costs[-1].in_forward_passes("finite_differences"))  # room for the legend above the lines
    ax.legend(loc="upper left", fontsize="small")
    return describe(ax, f"Multiply-adds of one gradient, in forward passes, against the number of parameters P from "
                        f"{P[0]} to {P[-1]}, log-log: " + "; ".join(
                            f"{label} {span([c.in_forward_passes(method) for c in costs])}"
                            for method, (label, _, _) in METHOD_STYLE.items()))
