"""Curves of the derivatives' story: σ and σ', the cost along one parameter with its tangent, single-sample costs
and steps, a nudge of z_j^[l], the error of numerical derivatives against the step, and output errors δ^[L]."""
import matplotlib as mpl
import numpy as np

from ..activations import sigma, sigma_prime
from ..classification import categories
from .descriptions import decade, describe, figure_number, plain, span
from .diagram import parameter_symbol
from .style import COLORS, LINE_STYLES, MARKERS, axes_or_current


def plot_sigmoid(ax=None, z_max=8.0):
    """The sigmoid σ(z), eq (1), and its derivative σ'(z) = σ(z)(1 − σ(z)), eq (2), on −z_max ≤ z ≤ z_max."""
    ax = axes_or_current(ax)
    z = np.linspace(-z_max, z_max, 401)
    ax.plot(z, sigma(z), label=r"$\sigma(z)$, eq (1)")
    ax.plot(z, sigma_prime(z), label=r"$\sigma'(z)$, eq (2)", linestyle="--")
    ax.set_xlabel("$z$")
    ax.set_ylabel("value")
    ax.legend(loc="upper left")
    peak = int(np.argmax(sigma_prime(z)))
    return describe(ax, f"σ(z), eq (1), solid, rises from {figure_number(sigma(z[0]))} at z = "
                        f"{figure_number(z[0])} through 0.5 at z = 0 to {figure_number(sigma(z[-1]))} at z = "
                        f"{figure_number(z[-1])}; its derivative σ'(z), eq (2), dashed, peaks at "
                        f"{figure_number(sigma_prime(z[peak]))} at z = {figure_number(z[peak])} and falls to "
                        f"{figure_number(sigma_prime(z[0]))} at both ends")

def plot_cost_along(values, costs, param, ax=None, at=None, slope=None, ylabel="Cost (9)", label=None):
    """The cost against one parameter; with at=(p, C(p)) and slope, the tangent line there, whose slope is ∂C/∂p."""
    ax = axes_or_current(ax)
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
    least = int(np.argmin(costs))
    text = (f"{plain(ylabel)} against {plain(parameter_symbol(param))} from {figure_number(values[0])} to "
            f"{figure_number(values[-1])}: it goes {span(costs)}, least {figure_number(costs[least])} at "
            f"{figure_number(values[least])}")
    if at is not None:
        text += f"; a dot at the current value {figure_number(at[0])}, where it is {figure_number(at[1])}"
        if slope is not None:
            text += f", with the tangent of slope {figure_number(slope, 3)} from Lemma 1 (dashed red)"
    return describe(ax, text)

def plot_single_sample_steps(cost_before, cost_full, costs_single, ax=None):
    """Cost (9) after one step (15) on each single sample x^{i}, against before and after one full-gradient step."""
    ax = axes_or_current(ax)
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
    low, high = int(np.argmin(costs_single)), int(np.argmax(costs_single))
    return describe(ax, f"Bars: Cost (9) after one step (15) on each of the {len(costs_single)} points alone, from "
                        f"{figure_number(costs_single[low])} (point {low + 1}) to {figure_number(costs_single[high])} "
                        f"(point {high + 1}), their mean {figure_number(np.mean(costs_single))} (dashed); before "
                        f"the step {figure_number(cost_before)} (dotted), after a step on Cost (9) "
                        f"{figure_number(cost_full)} (solid red)")

def plot_nudge(dz, dC, delta, l, j, ax=None):
    """The change ΔC in C after adding Δz to z_j^[l], against Δz, beside the prediction δ_j^[l] Δz from (21)."""
    ax = axes_or_current(ax)
    ax.plot(dz, dC, "o", label=r"$\Delta C$ measured")
    ax.plot(dz, delta * np.asarray(dz), "-", color=COLORS["highlight"],
            label=rf"$\delta_{{{j}}}^{{[{l}]}}\,\Delta z$, from (21)")
    ax.set_xlabel(rf"$\Delta z$ added to $z_{{{j}}}^{{[{l}]}}$")
    ax.set_ylabel(r"$\Delta C$")
    ax.legend(loc="best")
    return describe(ax, f"ΔC measured (dots) after adding Δz from {figure_number(np.min(dz))} to "
                        f"{figure_number(np.max(dz))} to z_{j}^[{l}] goes from {figure_number(np.ravel(dC)[0])} to "
                        f"{figure_number(np.ravel(dC)[-1])} and lies along the line δ_{j}^[{l}] Δz with "
                        f"δ_{j}^[{l}] = {figure_number(delta, 3)}, from (21)")

def plot_step_size_errors(h, errors, ax=None):
    """Relative error of numerical derivatives against the step h, log–log; errors maps a method's name to its errors
    (an error of 0, an exact match, is drawn at 1e-17)."""
    ax = axes_or_current(ax)
    said = []
    for i, (name, err) in enumerate(errors.items()):
        err = np.maximum(err, 1e-17)
        ax.loglog(h, err, marker=MARKERS[i % len(MARKERS)], ls=LINE_STYLES[i % len(LINE_STYLES)], label=name)
        said.append(f"{plain(name)}: {decade(err[0])} at h = {figure_number(h[0])}, " + error_trend(err))
    ax.set_xlabel("step $h$")
    ax.set_ylabel("relative error")
    ax.legend(loc="upper center", fontsize=mpl.rcParams["legend.fontsize"] * 0.85)
    return describe(ax, f"Relative error against the step h from {figure_number(np.max(h))} to "
                        f"{figure_number(np.min(h))}, log-log. " + "; ".join(said))


def error_trend(err):
    """How an error falls as h shrinks, in words that rounding cannot change (where a curve at rounding level is least,
    and by how much, depends on the CPU): it rises again as rounding takes over, or it reaches rounding level and
    stays there, or it falls to the decade of its last value (truncation alone)."""
    if err[-1] > 100 * err.min():
        return "falling as h shrinks, then rising again as rounding takes over"
    if err.min() < 1e-14:
        return "falling as h shrinks to rounding level, and staying there"
    return f"falling as h shrinks to {decade(err[-1])}"


def plot_single_sample_costs(values, per_sample, Y, param, ax=None):
    """Each single-sample cost C_{x^{i}} (13) against one parameter (rows of per_sample, coloured by the category
    of Y's column i), and their average, Cost (9)."""
    ax = axes_or_current(ax)
    cat = categories(Y)
    for i, costs in enumerate(per_sample):
        first = i == int(np.argmax(cat == cat[i]))
        ax.plot(values, costs, color=COLORS["A" if cat[i] == 1 else "B"], ls="-" if cat[i] == 1 else "--",
                lw=1.2, alpha=0.7, label=f"cost (13) of one category {'AB'[cat[i] - 1]} point" if first else None)
    mean = np.mean(per_sample, axis=0)
    ax.plot(values, mean, color="k", ls="-", label="their average, Cost (9)")
    ax.set_xlabel(parameter_symbol(param))
    ax.set_ylabel("cost")
    ax.legend(loc="best")
    least = int(np.argmin(mean))
    return describe(ax, f"The {len(per_sample)} single-sample costs (13) against {plain(parameter_symbol(param))} "
                        f"from {figure_number(values[0])} to {figure_number(values[-1])}, category A points solid "
                        f"blue ({int(np.sum(cat == 1))}), B dashed red ({int(np.sum(cat == 2))}), between "
                        f"{figure_number(np.min(per_sample))} and {figure_number(np.max(per_sample))}; their "
                        f"average Cost (9) in black goes {span(mean)}, least {figure_number(mean[least])} at "
                        f"{figure_number(values[least])}")

def plot_output_errors(z, curves, ax=None):
    """δ_1^[L] against z_1^[L] for a wrong output (target y_1 = 0), one labelled curve per formula."""
    ax = axes_or_current(ax)
    said = []
    for (label, values), color, style in zip(curves.items(), (COLORS["B"], COLORS["A"], COLORS["affected"]),
                                             LINE_STYLES):
        ax.plot(z, values, label=label, color=color, ls=style)
        said.append(f"{plain(label)} ({'solid' if style == '-' else 'dashed' if style == '--' else 'dotted'}) "
                    f"{span(values)}")
    ax.set_xlabel(r"$z_1^{[L]}$")
    ax.set_ylabel(r"$\delta_1^{[L]}$")
    ax.legend(loc="best")
    return describe(ax, f"δ_1^[L] against z_1^[L] from {figure_number(z[0])} to {figure_number(z[-1])} for a wrong "
                        f"output (y_1 = 0): " + "; ".join(said))
