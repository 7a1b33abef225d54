"""Checkers for the exercises of notebook 04 (the chain rule): the scalar chain's product and the count of paths."""
import math
import numbers

from .. import _validate
from ..chain_rule import chain_factors, path_count
from .feedback import Feedback, compare, no_answer

__all__ = ["check_chain_derivative", "check_path_count"]


def check_chain_derivative(net, x, y, l, answer):
    """∂C/∂z^[l] = δ^[l] of a chain of one neuron per layer: the product of its factors, (CR1)."""
    factors = chain_factors(net, x, y, l)  # refuses a wide network, a batch or a layer out of range
    L, fp = net.L, net.forward(x)

    def product_without(*symbols):
        """The product of the chain's factors, leaving out those named."""
        return math.prod(f.value for f in factors if f.symbol not in symbols)

    expected = product_without()
    printed = math.prod(round(f.value, 4) for f in factors)    # as notebook 04 prints them, to 4 decimals
    mistakes = [(product_without(f"σ'(z^[{l}])"), f"The factor σ'(z^[{l}]) is missing: z^[{l}] reaches the next "
                                                 f"layer only through a^[{l}] = σ(z^[{l}]), eq (20)."),
                (-expected, f"The sign is flipped: the last factor is ∂C/∂a^[{L}] = a^[{L}] − y, "
                            f"not y − a^[{L}]."),
                (expected / 2, "The ½ of (18) cancels against the 2 from differentiating the square: drop it."),
                (math.prod(float(net.activation.f(fp.z[m])[0]) for m in range(l, L + 1))
                 * product_without(*(f"σ'(z^[{m}])" for m in range(l, L + 1))),
                 "That multiplies by σ(z^[m]); each layer contributes its derivative σ'(z^[m]).")]
    if l < L:
        mistakes += [(product_without(f"σ'(z^[{L}])"), f"The factor σ'(z^[{L}]) of the output layer is missing: "
                                                      f"C depends on z^[{L}] through a^[{L}] = σ(z^[{L}])."),
                     (product_without(f"σ'(z^[{l}])", f"ω^[{l + 1}]"),
                      f"That is δ^[{l + 1}], one layer short: multiply by ∂z^[{l + 1}]/∂z^[{l}] = "
                      f"ω^[{l + 1}] σ'(z^[{l}])."),
                     (product_without(*(f"ω^[{m}]" for m in range(l + 1, L + 1))),
                      "The weights ω^[m] are missing: z^[m] = ω^[m] a^[m−1] + b^[m], eq (19), so each step back "
                      "multiplies by ω^[m].")]
    mistakes.append((printed, "That is the product of the factors as printed, rounded to 4 decimals: multiply their "
                              "unrounded values, factor.value, to keep the digits the product needs."))
    return compare(answer, expected, f"∂C/∂z^[{l}]", mistakes,
                   right="The chain rule along the chain: one factor per link, as (CR1).")


def check_path_count(sizes, l, j, answer):
    """How many paths lead from z_j^[l] to C: n_{l+1} n_{l+2} ⋯ n_L, a product of widths (CR4)."""
    if answer is None:
        return no_answer(f"the number of paths from z_{j}^[{l}] to C")
    sizes = [_validate.positive_int(f"n_{m}", n) for m, n in enumerate(sizes, start=1)]
    l = _validate.layer(l, 2, len(sizes), "z^[l]")
    j = _validate.neuron("j", j, sizes[l - 1], l)
    expected, later = path_count(sizes, l), sizes[l:]
    if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
        return Feedback(False, f"The number of paths is a whole number, not {answer!r}")
    if answer == expected:
        widths = " × ".join(f"n_{m}" for m in range(l + 1, len(sizes) + 1)) or "1"
        return Feedback(True, f"{widths} = {expected}: a path picks one neuron in each later layer, and the choices "
                              "multiply.")
    mistakes = [(sum(later), "That is the sum of the widths: a path picks one neuron in every later layer, each "
                             "choice independent of the others, so the numbers of choices multiply."),
                (math.prod(sizes[l - 1:]), f"That counts the n_{l} neurons of layer {l} too: every path starts at "
                                           f"the one neuron j = {j}."),
                (math.prod(later[:-1]), f"That stops at layer {len(sizes) - 1}: every path also picks one of the "
                                        f"n_{len(sizes)} = {sizes[-1]} output neurons before it reaches C."),
                (sum(a * b for a, b in zip(sizes[l - 1:], sizes[l:])),
                 "That counts edges (n_l n_{l+1} between two layers), not paths: a path is a chain of edges, "
                 "one between each pair of later layers."),
                (math.prod(sizes), "That multiplies all the widths: the layers before layer l, and the other "
                                   "neurons of layer l, are on no path from z_j^[l].")]
    for wrong, hint in mistakes:
        if answer == wrong:
            return Feedback(False, hint)
    return Feedback(False, "Count the choices: one neuron in layer l+1, one in layer l+2, ..., one in layer L.")
