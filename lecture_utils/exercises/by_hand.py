"""Checkers for the exercises of notebook 06 (one backward pass by hand): one δ_j^[l] and one ∂C/∂ω_jk^[l] worked
out with a pencil from numbers printed to 4 significant digits, so an answer within the rounding of those numbers
is right, and the typical slips are named."""
import numpy as np

from .. import _validate
from ..backward_pass import check_sample
from .feedback import compare

__all__ = ["check_delta_by_hand", "check_weight_gradient_by_hand"]

BY_HAND = 3e-3  # relative tolerance: products of a few numbers each rounded to 4 significant digits (≤ 5e-4 each)


def check_delta_by_hand(net, x, y, l, j, answer):
    """δ_j^[l] for the sample x, y: (22) for l = L, (23) for 2 ≤ l ≤ L−1, to the accuracy of 4-digit inputs."""
    x, y = check_sample(net, x, y)
    l = _validate.layer(l, 2, net.L, "δ^[l]")
    j = _validate.neuron("j", j, net.n(l), l)
    fp, g, prime = net.forward(x), net.gradients(x, y), net.activation.prime
    s = prime(fp.z[l][j - 1])
    if l == net.L:
        diff = fp.a[l][j - 1] - y[j - 1]
        mistakes = [(diff, f"The factor σ'(z_{j}^[{l}]) is missing: (22) multiplies a_{j}^[{l}] − y_{j} by it."),
                    (-s * diff, f"The sign of (a_{j}^[{l}] − y_{j}) is flipped: ∂C/∂a_j^[L] = a_j^[L] − y_j, eq (22)."),
                    (fp.a[l][j - 1] * diff, f"That multiplies by σ(z_{j}^[{l}]) = a_{j}^[{l}]; (22) needs the "
                                            f"derivative σ'(z_{j}^[{l}]) = a_{j}^[{l}](1 − a_{j}^[{l}])."),
                    (prime(fp.a[l][j - 1]) * diff, f"σ' is evaluated at a_{j}^[{l}]; (22) needs σ'(z_{j}^[{l}])."),
                    (0.5 * s * diff, "The ½ of (18) cancels against the 2 from differentiating the square.")]
    else:
        column = net.W[l + 1][:, j - 1] @ g.delta[l + 1]
        mistakes = [(column, f"The factor σ'(z_{j}^[{l}]) is missing: δ^[{l}] is about z^[{l}], and "
                             f"a^[{l}] = σ(z^[{l}]), so (23) multiplies by σ'(z_{j}^[{l}])."),
                    (-s * column, f"The sign is flipped: start from δ^[{net.L}] = σ'(z^[{net.L}]) ∘ (a^[{net.L}] − y), "
                                  "with a − y, not y − a."),
                    (prime(fp.a[l][j - 1]) * column, f"σ' is evaluated at a_{j}^[{l}]; (23) needs σ'(z_{j}^[{l}])."),
                    (fp.a[l][j - 1] * column, f"That multiplies by σ(z_{j}^[{l}]) = a_{j}^[{l}]; (23) needs "
                                              f"σ'(z_{j}^[{l}]) = a_{j}^[{l}](1 − a_{j}^[{l}]).")]
        m = min(net.n(l), net.n(l + 1))
        if j <= net.n(l + 1):
            row = net.W[l + 1][j - 1, :m] @ g.delta[l + 1][:m]
            mistakes.append((s * row, f"That uses row {j} of W^[{l + 1}] (W instead of Wᵀ): (23) needs column {j}, "
                                      f"the weights ω_k{j}^[{l + 1}] out of neuron {j} of layer {l}, so the sum is "
                                      f"Σ_k ω_k{j}^[{l + 1}] δ_k^[{l + 1}]."))
    return compare(answer, g.delta[l][j - 1], f"δ_{j}^[{l}]", [(w, h) for w, h in mistakes if np.isfinite(w)],
                   rtol=BY_HAND, right=f"That is δ_{j}^[{l}] by Lemma 1, to the accuracy of the printed numbers.")


def check_weight_gradient_by_hand(net, x, y, l, j, k, answer):
    """∂C/∂ω_jk^[l] = δ_j^[l] a_k^[l−1], eq (25), for the sample x, y, to the accuracy of 4-digit inputs."""
    x, y = check_sample(net, x, y)
    l, j0, k0 = net.array_index(l, j, k)
    fp, g = net.forward(x), net.gradients(x, y)
    delta, a_prev = g.delta[l], fp.a[l - 1]
    mistakes = [(-delta[j0] * a_prev[k0], "The sign is flipped: (25) is δ_j^[l] a_k^[l−1], signs included."),
                (delta[j0], f"That is δ_{j}^[{l}] = ∂C/∂b_{j}^[{l}], (24): a weight also multiplies by a_{k}^[{l - 1}]."),
                (a_prev[k0], f"That is a_{k}^[{l - 1}] alone: multiply by δ_{j}^[{l}].")]
    if k0 < net.n(l) and j0 < net.n(l - 1):
        mistakes.append((delta[k0] * a_prev[j0], f"j and k are swapped: ω_jk^[l] runs from neuron k of layer l − 1 "
                                                 f"to neuron j of layer l, so use δ_{j}^[{l}] a_{k}^[{l - 1}]."))
    if k0 < net.n(l):
        mistakes.append((delta[j0] * fp.a[l][k0], f"That uses a_{k}^[{l}]; the weight acts on a_{k}^[{l - 1}]."))
    if l > 2:
        mistakes.append((delta[j0] * fp.z[l - 1][k0], f"That uses z_{k}^[{l - 1}]; (25) needs a_{k}^[{l - 1}]."))
    return compare(answer, g.dW[l][j0, k0], f"∂C/∂ω_{j}{k}^[{l}]", mistakes, rtol=BY_HAND,
                   right=f"That is ∂C/∂ω_{j}{k}^[{l}] = δ_{j}^[{l}] a_{k}^[{l - 1}], eq (25).")
