"""Checkers for the exercises of notebook 07 (reverse mode): a gradient read off a small graph, and what finite
differences cost."""
import numbers

from ..operation_counts import forward_multiply_adds, parameter_count
from ..reverse_mode import Value
from .feedback import Feedback, compare, no_answer

__all__ = ["check_node_gradient", "check_forward_passes"]


def check_node_gradient(x, w, answer):
    """∂g/∂w for g = x·w + w²: w feeds two nodes, so its gradient is the sum over both paths, x + 2w (RM2)."""
    x, w = (v.data if isinstance(v, Value) else float(v) for v in (x, w))
    return compare(answer, x + 2 * w, "∂g/∂w", mistakes=[
        (x, "That is the path through x·w alone: w also feeds w², and reverse mode adds the gradients that reach "
            "a node along all of its edges out."),
        (2 * w, "That is the path through w² alone: w also feeds x·w, whose local gradient ∂(x·w)/∂w is x."),
        (x + w, "The local gradient of w² is 2w, not w."),
        (w + 2 * x, "The local gradient of x·w with respect to w is x (the other factor), not w."),
    ], right="Both paths add: ∂g/∂w = x + 2w, as g.backward() finds.")


def check_forward_passes(sizes, answer):
    """How many forward passes a forward-difference gradient needs for a network of layer sizes `sizes`: P + 1."""
    if answer is None:
        return no_answer("the number of forward passes")
    P = parameter_count(sizes)
    if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
        return Feedback(False, f"The number of forward passes is a whole number, not {answer!r}")
    weights = forward_multiply_adds(sizes)
    if answer == P + 1:
        return Feedback(True, f"P = {P} parameters, one nudged pass each, plus the unnudged pass for C itself: "
                              f"{P + 1} passes where Lemma 1 needs one forward and one backward pass.")
    hints = {P: "That nudges every parameter once, but (C(p + h) − C(p)) / h also needs C(p): one more pass.",
             2 * P: "That is central differences, two passes per parameter; forward differences share C(p).",
             weights + 1: f"That counts the {weights} weights only: every bias b_j^[l] needs its own pass too.",
             weights: f"That counts the {weights} weights only, and leaves out the unnudged pass."}
    return Feedback(False, hints.get(answer, "Count the parameters, Σ_l n_l (n_{l−1} + 1), one nudged forward "
                                             "pass each, and add the pass for C(p) itself."))
