"""The weight explorer's mathematics and figure, without its controls: the cost as a function of one weight
ω_jk^[l], its slope δ_j^[l] a_k^[l-1] from (25) beside a central difference, and the readout in the lecture's
symbols."""
from dataclasses import dataclass

import numpy as np

from ..derivative_checks import agreement, central_difference, cost_along, relative_error
from ..plotting import COLORS, draw_network, parameter_symbol


def weight_values(centre, half_width=4.0, n=81):
    """n values of ω_jk^[l] evenly spaced over [centre − half_width, centre + half_width]."""
    return np.linspace(centre - half_width, centre + half_width, n)

def tangent(omega, C, slope, values):
    """The tangent line C + slope (ω − ω_now) at the current point (omega, C)."""
    return C + slope * (np.asarray(values) - omega)

@dataclass(frozen=True)
class Readout:
    """What the explorer shows for ω_jk^[l]: its value, C, δ_j^[l], a_k^[l-1], their product (25), and the
    central-difference slope with its relative error. For a batch, delta and a hold one value per sample."""
    l: int
    j: int
    k: int
    omega: float
    C: float
    delta: np.ndarray
    a: np.ndarray
    backprop: float
    central: float
    error: float
    equation: str

def readout(net, x, y, l, j, k, h=1e-5):
    """The numbers of the readout: C, δ_j^[l] (= ∂C/∂b_j^[l], (24)), a_k^[l-1], and ∂C/∂ω_jk^[l] = δ_j^[l] a_k^[l-1]
    (25), beside the central difference (C(ω + h) − C(ω − h)) / 2h and the relative error between the two."""
    x, y = net.check_data(x, y)
    omega = net.weight(l, j, k)
    g = net.gradients(x, y)
    delta, a = g.delta[l][j - 1], net.forward(x).a[l - 1][k - 1]
    backprop = float(g.dW[l][j - 1, k - 1])
    central = central_difference(net, x, y, (l, j, k), h=h)
    return Readout(l, j, k, omega, net.cost(x, y), np.atleast_1d(delta), np.atleast_1d(a), backprop, central,
                   relative_error(backprop, central), "18" if x.ndim == 1 else "9")

def latex_number(v, digits=6):
    """v in LaTeX: fixed point when 1e-3 <= |v| < 1e3 (or v = 0), else m × 10^e."""
    if v == 0 or 1e-3 <= abs(v) < 1e3:
        return f"{v:.{digits}f}"
    m, e = f"{v:.{digits - 1}e}".split("e")
    return rf"{m} \times 10^{{{int(e)}}}"

def format_readout(r):
    """The readout as HTML with LaTeX: each quantity with its equation number, and (25) with the numbers plugged in."""
    w = rf"\omega_{{{r.j}{r.k}}}^{{[{r.l}]}}"
    d, a = rf"\delta_{{{r.j}}}^{{[{r.l}]}}", rf"a_{{{r.k}}}^{{[{r.l - 1}]}}"
    C = "C" if r.equation == "18" else r"\mathrm{Cost}"
    lines = [rf"${w} = {r.omega:.4f}$, &nbsp; ${C} = {r.C:.6f}$ &nbsp; ({r.equation})"]
    if r.equation == "18":
        lines += [rf"${d} = \partial C / \partial b_{{{r.j}}}^{{[{r.l}]}} = {r.delta[0]:.6f}$ &nbsp; (24)",
                  rf"${a} = {r.a[0]:.6f}$",
                  rf"$\partial C / \partial {w} = {d}\, {a} = ({r.delta[0]:.6f})({r.a[0]:.6f}) = {latex_number(r.backprop)}$"
                  " &nbsp; (25)"]
    else:
        N = len(r.delta)
        lines += [rf"$\partial \mathrm{{Cost}} / \partial {w} = \frac{{1}}{{{N}}} \sum_{{i=1}}^{{{N}}} "
                  rf"{d}(x^{{\{{i\}}}})\, {a}(x^{{\{{i\}}}}) = {latex_number(r.backprop)}$ &nbsp; (25) averaged as in (9)"]
    lines += [f"central difference: {r.central:.6e}, &nbsp; relative error {r.error:.1e}"]
    return "<br>".join(lines)

def describe_readout(r):
    """The readout in plain text, for a screen reader and as the saved picture's alt text: the same numbers as
    format_readout (the relative error as a bound: its digits are the machine's), the symbols written as the
    lecture writes them in prose (ω_43^[3])."""
    w, d, a = f"ω_{r.j}{r.k}^[{r.l}]", f"δ_{r.j}^[{r.l}]", f"a_{r.k}^[{r.l - 1}]"
    if r.equation == "18":
        return (f"{w} = {r.omega:.4f}, C = {r.C:.6f} (18); {d} = {r.delta[0]:.6f} (24); {a} = {r.a[0]:.6f}; "
                f"∂C/∂{w} = {d} {a} = {r.backprop:.6g} (25); central difference {r.central:.6e}, "
                f"relative error {agreement(r.error, 1e-6)}.")
    return (f"{w} = {r.omega:.4f}, Cost = {r.C:.6f} (9); ∂Cost/∂{w} = {r.backprop:.6g} (25) averaged over the "
            f"{len(r.delta)} samples as in (9); central difference {r.central:.6e}, relative error "
            f"{agreement(r.error, 1e-6)}.")

def plot_cost_curve(values, costs, ax, equation="18"):
    """C against ω_jk^[l]: the curve, then the current point and the tangent (returned as two empty lines)."""
    ax.plot(values, costs, color=COLORS["edge"], label="C" if equation == "18" else "Cost")
    pad = 0.1 * (costs.max() - costs.min()) or 0.01
    ax.set_ylim(costs.min() - pad, costs.max() + pad)  # the tangent may leave the frame; the curve may not
    point, = ax.plot([], [], "o", color=COLORS["highlight"], zorder=4, label="current ω")
    line, = ax.plot([], [], "--", color=COLORS["highlight"], lw=2, label=r"tangent, slope $\delta_j a_k$ (25)")
    ax.set_ylabel("C (18)" if equation == "18" else "Cost (9)")
    return point, line

def update_point_and_tangent(point, line, r, values):
    """Move the current point to (ω, C) and redraw the tangent with slope δ_j^[l] a_k^[l-1] from the readout r."""
    point.set_data([r.omega], [r.C])
    line.set_data(values, tangent(r.omega, r.C, r.backprop, values))

def plot_explorer(fig, net, x, y, l, j, k, values):
    """The explorer's figure on fig: the network with ω_jk^[l] and the neurons downstream highlighted, and the
    curve of C against ω_jk^[l]; returns (point, tangent line, curve axes) for updates in place. The curve depends
    on every parameter but ω_jk^[l], so moving ω_jk^[l] moves the point along it and never changes the curve."""
    fig.clear()
    ax_net, ax_c = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    draw_network(net.sizes, ax_net, highlight=(l, j, k))
    equation = "18" if np.ndim(x) == 1 else "9"
    point, line = plot_cost_curve(values, cost_along(net, x, y, (l, j, k), values), ax_c, equation)
    ax_c.set_xlabel(parameter_symbol((l, j, k)))
    ax_c.set_xlim(values[0], values[-1])
    ax_c.legend(loc="lower right", fontsize="x-small")  # clear of Figure 6's ω_43^[3], its curve and its tangent
    return point, line, ax_c
