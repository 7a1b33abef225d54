"""Several trainings side by side: Cost (9) against epoch, one line per model."""
from .descriptions import describe, figure_number, span
from .style import axes_or_current, sequence_color, sequence_style


def plot_cost_by_epoch(histories, ax=None):
    """Cost (9) against epoch on a log scale, one line for each TrainingHistory of `histories` (label → history)."""
    ax = axes_or_current(ax)
    for i, (label, h) in enumerate(histories.items()):
        ax.semilogy(h.epoch, h.cost, sequence_style(i), label=label, color=sequence_color(i, len(histories)))
    ax.set_xlabel("epoch")
    ax.set_ylabel("Cost (9)")
    ax.legend(loc="best")
    return describe(ax, "Cost (9) against epoch on a log scale: " + "; ".join(
        f"{label} {span(h.cost)} over {figure_number(int(h.epoch[-1]))} epochs" for label, h in histories.items()))
