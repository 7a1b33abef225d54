"""How training went: Cost (9), ‖δ^[l]‖ and the gradient norms against iteration or epoch, ‖δ^[l]‖ against the
layer l, training against validation cost, a sweep over the learning rate η, and (LR2) watched along the steepest
direction."""
import numpy as np

from .style import COLORS, axes_or_current, sequence_color

NETBP_FACTOR = 20
"""netbp.m plots Σ_i ‖y − a^[L]‖², which is 2N = 20 times Cost (9) on the 10 points."""

#: Verdicts of a learning-rate sweep, each with its line style.
VERDICT_STYLE = {"too slow": ":", "converged": "-", "oscillating": "--", "stalled": (0, (1, 1, 4, 1)),
                 "diverged": "-."}


def plot_cost_history(history, ax=None, label=None, netbp_scale=False):
    """Cost (9) against iteration on a log scale (netbp_scale=True multiplies by 20, the paper's scale)."""
    ax = axes_or_current(ax)
    factor = NETBP_FACTOR if netbp_scale else 1
    ax.semilogy(history.iteration, factor * history.cost, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\Sigma_i\,\|y - a^{[L]}\|^2$ (netbp.m)" if netbp_scale else "Cost (9)")
    return ax

def plot_delta_history(history, ax=None):
    """‖δ^[l]‖ for every layer l = 2..L against iteration, on a log scale."""
    ax = axes_or_current(ax)
    layers = sorted(history.delta_norm)
    for i, l in enumerate(layers):
        ax.semilogy(history.iteration, history.delta_norm[l], label=rf"$\|\delta^{{[{l}]}}\|$",
                    color=sequence_color(i, len(layers), top=0.85))
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\|\delta^{[l]}\|$")
    ax.legend(loc="best")
    return ax

def plot_gradient_history(history, ax=None):
    """‖∇Cost‖ (9) and the RMS over the samples of ‖∇C_{x^{i}}‖ (18) against iteration, on a log scale: the gap
    between them is how much the samples' gradients cancel in their mean."""
    if history.gradient_norm is None:
        raise ValueError("this History has no gradient norms: it was saved before they were recorded; "
                         "train again with lu.sgd to record ‖∇Cost‖")
    ax = axes_or_current(ax)
    ax.semilogy(history.iteration, history.sample_gradient_rms, color=COLORS["edge"],
                label=r"RMS$_i\ \|\nabla C_{x^{\{i\}}}\|$ (18)")
    ax.semilogy(history.iteration, history.gradient_norm, color=COLORS["highlight"],
                label=r"$\|\nabla \mathrm{Cost}\|$ (9)")
    ax.set_xlabel("iteration")
    ax.set_ylabel("gradient norm")
    finite = history.sample_gradient_rms[np.isfinite(history.sample_gradient_rms)]
    if finite.size:
        ax.set_ylim(top=10 * finite.max())  # room above the curves for the legend
    ax.legend(loc="upper center", ncol=2, fontsize="small")
    return ax

def plot_delta_by_layer(norms, ax=None, label=None, bound=None, color=None, ylim=None, estimate=None):
    """‖δ^[l]‖ against the layer l = 2..L on a log scale; with `bound`, the bound from max|σ'| dashed beside it; with
    `estimate` (vanishing.delta_estimate), the typical-case estimate dotted; `ylim` fixes the vertical range, so that
    figures drawn after each change compare at a glance."""
    ax = axes_or_current(ax)
    norms = np.asarray(norms)
    layers = np.arange(2, 2 + len(norms))
    line, = ax.semilogy(layers, norms, "o-", label=label, color=color)
    if bound is not None:
        ax.semilogy(layers, bound, "--", color=line.get_color(), alpha=0.7,
                    label="bound from the expanded product")
    if estimate is not None:
        ax.semilogy(layers, estimate, ":", color="k", linewidth=2.5, zorder=line.get_zorder() + 1,
                    label="typical-case estimate")
    ax.set_xlabel("layer $l$")
    ax.set_ylabel(r"$\|\delta^{[l]}\|$")
    ax.set_xticks(layers)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if label is not None or bound is not None or estimate is not None:
        ax.legend(loc="best")
    return ax

def plot_delta_by_layer_history(history, epochs, ax=None):
    """‖δ^[l]‖ against l at several recorded epochs of a training history (train(..., record_deltas=True))."""
    ax = axes_or_current(ax)
    layers = sorted(history.delta_norm)
    for i, e in enumerate(epochs):
        k = int(np.flatnonzero(history.epoch == e)[0])
        plot_delta_by_layer([history.delta_norm[l][k] for l in layers], ax, label=f"epoch {e}",
                            color=sequence_color(i, len(epochs)))
    return ax

def plot_training_curves(history, ax=None, title=None, labels=("training", "validation"), show_best=True):
    """Cost (9) on the training and the validation data against epoch; a dotted line at the best validation epoch."""
    ax = axes_or_current(ax)
    ax.plot(history.epoch, history.cost, color=COLORS["A"], label=labels[0])
    ax.plot(history.epoch, history.val_cost, color=COLORS["B"], label=labels[1])
    if show_best and history.best_epoch is not None:
        ax.axvline(history.best_epoch, color="k", ls=":", lw=2, label=f"least validation cost (epoch {history.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("Cost (9)")
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return ax

def plot_eta_sweep(runs, ax=None):
    """Cost (9) against epoch for each η of a sweep (learning_rate.eta_sweep), labelled with its verdict; a run that
    diverged ends in a cross where it was stopped."""
    ax = axes_or_current(ax)
    for i, run in enumerate(runs):
        color = sequence_color(i, len(runs))
        h = run.history
        ax.semilogy(h.epoch, h.cost, VERDICT_STYLE.get(run.verdict, "-"), color=color,
                    label=rf"$\eta = {run.eta:g}$: {run.verdict}")
        if run.verdict == "diverged":
            ax.plot(h.epoch[-1], h.cost[-1], "x", color=color, markersize=14, markeredgewidth=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel("Cost (9)")
    ax.legend(loc="best")
    return ax

def plot_descent_along(runs, h, ax=None):
    """|∇Cost · v| against epoch for each run of curvature.descent_along, on a log scale: filled markers where the
    component is positive, open where it is negative (a flip each epoch is an oscillation), and dashed the
    prediction |1 − ηh|^t of the one-line model (LR2) from the same start."""
    ax = axes_or_current(ax)
    for i, run in enumerate(runs):
        color = sequence_color(i, len(runs))
        t, c = np.arange(len(run.component)), np.asarray(run.component)
        ax.semilogy(t, np.abs(c), "-", color=color, alpha=0.5, linewidth=1.5)
        positive = c > 0
        ax.semilogy(t[positive], c[positive], "o", color=color, markersize=7)
        ax.semilogy(t[~positive], -c[~positive], "o", markerfacecolor="white", markeredgecolor=color,
                    markersize=7, markeredgewidth=1.8)
        factor = 1 - run.eta * h
        ax.semilogy(t, abs(c[0]) * abs(factor) ** t, "--", color=color, linewidth=1.5,
                    label=rf"$\eta = {run.eta:g}$, $\eta h = {run.eta * h:.2f}$: $1 - \eta h = {factor:+.2f}$")
    ax.set_xlabel("epoch $t$")
    ax.set_ylabel(r"$|\nabla \mathrm{Cost}(p_t) \cdot v|$  (filled $+$, open $-$)")
    ax.legend(loc="best")
    return ax
