"""How training went: Cost (9), ‖δ^[l]‖ and the gradient norms against iteration or epoch, ‖δ^[l]‖ against the
layer l, training against validation cost, a sweep over the learning rate η, and (LR2) watched along the steepest
direction."""
import numpy as np

from .descriptions import describe, figure_number, span, style_name
from .style import COLORS, axes_or_current, sequence_color, sequence_marker, sequence_style

NETBP_FACTOR = 20
"""netbp.m plots Σ_i ‖y − a^[L]‖², which is 2N = 20 times Cost (9) on the 10 points."""

#: Verdicts of a learning-rate sweep, each with its line style.
VERDICT_STYLE = {"too slow": ":", "converged": "-", "oscillating": "--", "stalled": (0, (1, 1, 4, 1)),
                 "diverged": "-."}


def course(x, y, what, along="iteration"):
    """How a positive quantity went over a run, in words: first to last, and how long it stayed near its start
    (a plateau: within a tenth of its whole fall on the log scale), or where it stopped being finite."""
    x, y = np.asarray(x), np.asarray(y, dtype=float)
    finite = np.isfinite(y) & (y > 0)
    if not finite.all():
        last = int(np.argmin(finite)) if not finite[0] else 0
        return (f"{what} {span(y[:max(last, 1)])} and stops being finite at {along} {x[last]}"
                if last else f"{what} is not finite")
    text = f"{what} {'falls' if y[-1] < y[0] else 'rises'} {span(y)} over {x[-1]} {along}s"
    logs = np.log10(y)
    fall = logs[0] - logs.min()
    if fall > 1:  # a fall of over a decade: say where it began
        left = int(np.argmax(logs < logs[0] - 0.1 * fall))
        if x[left] >= 0.05 * x[-1]:
            text += f", with a plateau until about {along} {figure_number(float(x[left]))}"
    return text


def plot_cost_history(history, ax=None, label=None, netbp_scale=False):
    """Cost (9) against iteration on a log scale (netbp_scale=True multiplies by 20, the paper's scale)."""
    ax = axes_or_current(ax)
    factor = NETBP_FACTOR if netbp_scale else 1
    ax.semilogy(history.iteration, factor * history.cost, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\Sigma_i\,\|y - a^{[L]}\|^2$ (netbp.m)" if netbp_scale else "Cost (9)")
    what = "Σ_i ‖y − a^[L]‖² (netbp.m's scale, 20 times Cost (9))" if netbp_scale else "Cost (9)"
    return describe(ax, (f"{label}: " if label else "") + course(history.iteration, factor * history.cost, what)
                    + " (log scale)")

def plot_delta_history(history, ax=None):
    """‖δ^[l]‖ for every layer l = 2..L against iteration, on a log scale."""
    ax = axes_or_current(ax)
    layers = sorted(history.delta_norm)
    for i, l in enumerate(layers):
        ax.semilogy(history.iteration, history.delta_norm[l], sequence_style(i), label=rf"$\|\delta^{{[{l}]}}\|$",
                    color=sequence_color(i, len(layers), top=0.85))
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\|\delta^{[l]}\|$")
    ax.legend(loc="best")
    return describe(ax, f"‖δ^[l]‖ against iteration on a log scale, one line per layer: " + "; ".join(
        f"l = {l} {span(history.delta_norm[l])}" for l in layers))

def plot_gradient_history(history, ax=None):
    """‖∇Cost‖ (9) and the RMS over the samples of ‖∇C_{x^{i}}‖ (18) against iteration, on a log scale: the gap
    between them is how much the samples' gradients cancel in their mean."""
    if history.gradient_norm is None:
        raise ValueError("this History has no gradient norms: it was saved before they were recorded; "
                         "train again with lu.sgd to record ‖∇Cost‖")
    ax = axes_or_current(ax)
    ax.semilogy(history.iteration, history.sample_gradient_rms, "-", color=COLORS["edge"],
                label=r"RMS$_i\ \|\nabla C_{x^{\{i\}}}\|$ (18)")
    ax.semilogy(history.iteration, history.gradient_norm, "--", color=COLORS["highlight"],
                label=r"$\|\nabla \mathrm{Cost}\|$ (9)")
    ax.set_xlabel("iteration")
    ax.set_ylabel("gradient norm")
    finite = history.sample_gradient_rms[np.isfinite(history.sample_gradient_rms)]
    if finite.size:
        ax.set_ylim(top=10 * finite.max())  # room above the curves for the legend
    ax.legend(loc="upper center", ncol=2, fontsize="small")
    ratio = np.asarray(history.gradient_norm) / np.asarray(history.sample_gradient_rms)
    return describe(ax, f"Gradient norms against iteration on a log scale: the RMS over the samples of ‖∇C_x^i‖ (18), "
                        f"grey, {span(history.sample_gradient_rms)}; ‖∇Cost‖ (9), red dashed, "
                        f"{span(history.gradient_norm)}, at the end {figure_number(100 * ratio[-1])}% of the RMS: "
                        f"the samples' gradients cancel in their mean")

def plot_delta_by_layer(norms, ax=None, label=None, bound=None, color=None, ylim=None, estimate=None):
    """‖δ^[l]‖ against the layer l = 2..L on a log scale; with `bound`, the bound from max|σ'| dashed beside it; with
    `estimate` (vanishing.delta_estimate), the typical-case estimate dotted; `ylim` fixes the vertical range, so that
    figures drawn after each change compare at a glance."""
    ax = axes_or_current(ax)
    norms = np.asarray(norms)
    layers = np.arange(2, 2 + len(norms))
    line, = ax.semilogy(layers, norms, marker="o", label=label, color=color)
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
    text = (f"{label}: " if label else "") + (f"‖δ^[l]‖ against the layer l = 2 to {layers[-1]} on a log scale "
                                               f"({style_name(line.get_linestyle())} line with dots), {span(norms)}")
    if bound is not None:
        text += f"; the bound from the expanded product (dashed) {span(bound)}"
    if estimate is not None:
        text += f"; the typical-case estimate (dotted) {span(estimate)}"
    return describe(ax, text)

def plot_delta_by_layer_history(history, epochs, ax=None):
    """‖δ^[l]‖ against l at several recorded epochs of a training history (train(..., record_deltas=True))."""
    ax = axes_or_current(ax)
    layers = sorted(history.delta_norm)
    for i, e in enumerate(epochs):
        k = int(np.flatnonzero(history.epoch == e)[0])
        plot_delta_by_layer([history.delta_norm[l][k] for l in layers], ax, label=f"epoch {e}",
                            color=sequence_color(i, len(epochs)))
        ax.get_lines()[-1].set_marker(sequence_marker(i))
    return ax

def plot_training_curves(history, ax=None, title=None, labels=("training", "validation"), show_best=True):
    """Cost (9) on the training and the validation data against epoch; a dotted line at the best validation epoch."""
    ax = axes_or_current(ax)
    ax.plot(history.epoch, history.cost, "-", color=COLORS["A"], label=labels[0])
    ax.plot(history.epoch, history.val_cost, "--", color=COLORS["B"], label=labels[1])
    if show_best and history.best_epoch is not None:
        ax.axvline(history.best_epoch, color="k", ls=":", lw=2, label=f"least validation cost (epoch {history.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("Cost (9)")
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    text = (f"Cost (9) against epoch: {labels[0]} (blue, solid) {span(history.cost)}, {labels[1]} (red, dashed) "
            f"{span(history.val_cost)} over {history.epoch[-1]} epochs, least {labels[1]} cost "
            f"{figure_number(np.nanmin(history.val_cost))}")
    if show_best and history.best_epoch is not None:
        text += f" at epoch {history.best_epoch} (dotted line)"
    return describe(ax, text)

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
    return describe(ax, "Cost (9) against epoch on a log scale for each learning rate: " + "; ".join(
        f"η = {figure_number(run.eta)}, {run.verdict}: " + course(run.history.epoch, run.history.cost, "Cost (9)",
                                                                    along="epoch") for run in runs))

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
        marker = sequence_marker(i)
        ax.semilogy(t[positive], c[positive], marker, color=color, markersize=7)
        ax.semilogy(t[~positive], -c[~positive], marker, markerfacecolor="white", markeredgecolor=color,
                    markersize=7, markeredgewidth=1.8)
        factor = 1 - run.eta * h
        ax.semilogy(t, abs(c[0]) * abs(factor) ** t, "--", color=color, linewidth=1.5,
                    label=rf"$\eta = {run.eta:g}$, $\eta h = {run.eta * h:.2f}$: $1 - \eta h = {factor:+.2f}$")
    ax.set_xlabel("epoch $t$")
    ax.set_ylabel(r"$|\nabla \mathrm{Cost}(p_t) \cdot v|$  (filled $+$, open $-$)")
    ax.legend(loc="best")
    said = []
    for run in runs:
        c = np.asarray(run.component)
        flips = int(np.sum(np.sign(c[1:]) != np.sign(c[:-1])))
        said.append(f"η = {figure_number(run.eta)} (1 − ηh = {figure_number(1 - run.eta * h)}): |∇Cost · v| "
                    f"{span(np.abs(c))} over {len(c) - 1} epochs, its sign flipping {flips} times")
    return describe(ax, "The component of ∇Cost along the steepest direction v against epoch, log scale, filled "
                        "markers positive, open negative, dashed the prediction |1 − ηh|^t of (LR2): "
                        + "; ".join(said))
