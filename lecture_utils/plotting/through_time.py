"""Recurrent networks through time: ‖δ_t‖ against the time step t (notebook 14's figure with time in place of
layers), and the accuracy of several training runs against epoch."""
import numpy as np

from .descriptions import describe, figure_number, span
from .style import axes_or_current


def plot_delta_through_time(norms, ax=None, label=None, color=None, ylim=None, symbol=r"\delta_t", style=None):
    """‖δ_t‖ (or another error named by `symbol`, such as ∂C/∂c_t) against t = 1..T on a log scale; `ylim` fixes
    the vertical range so that curves drawn on one axes compare at a glance; `style` a format such as "s--" (by
    default dots, with the style's next dash pattern)."""
    ax = axes_or_current(ax)
    norms = np.asarray(norms, dtype=float)
    t = np.arange(1, len(norms) + 1)
    if style is None:
        ax.semilogy(t, norms, marker="o", label=label, color=color)
    else:
        ax.semilogy(t, norms, style, label=label, color=color)
    ax.set_xlabel("time step $t$")
    ax.set_ylabel(rf"$\|{symbol}\|$" if label is None else "error norm")
    ax.set_xticks(t if len(t) <= 10 else t[::max(1, len(t) // 10)])
    if ylim is not None:
        ax.set_ylim(*ylim)
    if label is not None:
        ax.legend(loc="best")
    return describe(ax, (f"{label}: " if label else "") + rf"‖{symbol}‖ against the time step t = 1 to "
                                                          f"{len(t)} on a log scale, {span(norms)}")


def plot_accuracy_history(histories, ax=None, chance=0.5):
    """The training accuracy of each run in `histories` ({label: TrainingHistory}) against epoch, in percent, with
    the accuracy of guessing (`chance`) dotted."""
    ax = axes_or_current(ax)
    for label, history in histories.items():
        ax.plot(history.epoch, 100 * np.asarray(history.accuracy), label=label)
        describe(ax, f"{label}: training accuracy {span(100 * np.asarray(history.accuracy))}% over "
                     f"{figure_number(int(history.epoch[-1]))} epochs")
    if chance is not None:
        ax.axhline(100 * chance, color="k", ls=":", lw=2, label=f"guessing ({100 * chance:.0f}%)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training accuracy (%)")
    ax.set_ylim(0, 105)
    ax.legend(loc="best")
    return describe(ax, "" if chance is None else f"guessing gives {100 * chance:.0f}% (dotted line)")
