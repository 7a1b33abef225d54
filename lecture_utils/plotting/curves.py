"""Curves of the derivatives' story: σ and σ', the cost along one parameter with its tangent, single-sample costs
and steps, a nudge of z_j^[l], the error of numerical derivatives against the step, and output errors δ^[L]."""
import matplotlib as mpl
import numpy as np

from ..activations import sigma, sigma_prime
from ..classification import categories
from .diagram import parameter_symbol
from .style import COLORS, axes_or_current


def plot_sigmoid(ax=None, z_max=8.0):
    """The sigmoid σ(z), eq (1), and its derivative σ'(z) = σ(z)(1 − σ(z)), eq (2), on −z_max ≤ z ≤ z_max."""
    ax = axes_or_current(ax)
    z = np.linspace(-z_max, z_max, 401)
    ax.plot(z, sigma(z), label=r"$\sigma(z)$, eq (1)")
    ax.plot(z, sigma_prime(z), label=r"$\sigma'(z)$, eq (2)", linestyle="--")
    ax.set_xlabel("$z$")
    ax.set_ylabel("value")
    ax.legend(loc="upper left")
    return ax

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
    return ax

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
    return ax

def plot_nudge(dz, dC, delta, l, j, ax=None):
    """The change ΔC in C after adding Δz to z_j^[l], against Δz, beside the prediction δ_j^[l] Δz from (21)."""
    ax = axes_or_current(ax)
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
    ax = axes_or_current(ax)
    for name, err in errors.items():
        ax.loglog(h, np.maximum(err, 1e-17), "o-", label=name)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("relative error")
    ax.legend(loc="upper center", fontsize=mpl.rcParams["legend.fontsize"] * 0.85)
    return ax

def plot_single_sample_costs(values, per_sample, Y, param, ax=None):
    """Each single-sample cost C_{x^{i}} (13) against one parameter (rows of per_sample, coloured by the category
    of Y's column i), and their average, Cost (9)."""
    ax = axes_or_current(ax)
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

def plot_output_errors(z, curves, ax=None):
    """δ_1^[L] against z_1^[L] for a wrong output (target y_1 = 0), one labelled curve per formula."""
    ax = axes_or_current(ax)
    for (label, values), color in zip(curves.items(), (COLORS["B"], COLORS["A"], COLORS["affected"])):
        ax.plot(z, values, label=label, color=color)
    ax.set_xlabel(r"$z_1^{[L]}$")
    ax.set_ylabel(r"$\delta_1^{[L]}$")
    ax.legend(loc="best")
    return ax
