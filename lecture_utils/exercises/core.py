"""Checkers for the exercises of notebooks 01–09: each confirms a right answer or names the likely mistake."""
import numbers

import numpy as np

from .. import _validate
from ..derivative_checks import central_difference
from ..layers import neurons_downstream
from .feedback import Feedback, compare, no_answer

__all__ = ["check_weight_shape", "check_parameter_count", "check_activation", "check_cost", "check_cost_gradient_bias",
           "check_cost_change", "check_output_error", "check_backward_step", "check_weight_gradient",
           "check_central_difference", "check_weight_derivative", "check_downstream", "check_sgd_step"]


# --- shared judging -------------------------------------------------------------------------------------
def _sample(net, x, y):
    """One sample (x, y) for the network, checked in the lecture's terms."""
    x, y = net.check_data(x, y)
    if x.ndim != 1:
        raise ValueError(f"this exercise is for one sample x of shape ({net.n(1)},) = (n_1,), not a batch")
    return x, y


def _vector_symbols(l):
    return f"(n_{l},)"


def _matrix_symbols(l):
    return f"(n_{l}, n_{l - 1})"


# --- notebook 01: the network ---------------------------------------------------------------------------
def check_weight_shape(sizes, l, answer):
    """The shape of W^[l] in a network with layer sizes `sizes`: (n_l, n_{l-1}), eq (19)."""
    if answer is None:
        return no_answer(f"the shape of W^[{l}]")
    L = len(sizes)
    l = _validate.layer(l, 2, L, "W^[l]")
    n = lambda m: sizes[m - 1]  # noqa: E731 - n_m in the lecture's 1-based numbering
    expected = (n(l), n(l - 1))
    try:
        answer = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Give the shape of W^[{l}] as a pair (rows, columns), not {answer!r}")
    if answer == expected:
        return Feedback(True, f"W^[{l}] has n_{l} = {n(l)} rows (one per neuron j of layer {l}) and n_{l - 1} = "
                              f"{n(l - 1)} columns (one per neuron k of layer {l - 1}).")
    if answer == expected[::-1]:
        return Feedback(False, f"That is (n_{l - 1}, n_{l}), the transpose. In z^[{l}] = W^[{l}] a^[{l - 1}] + b^[{l}] "
                               f"the product must turn a^[{l - 1}] (n_{l - 1} entries) into n_{l} entries.")
    if l < L and answer == (n(l + 1), n(l)):
        return Feedback(False, f"That is the shape of W^[{l + 1}]: W^[l] feeds layer l from layer l − 1.")
    return Feedback(False, f"W^[{l}] should have shape (n_{l}, n_{l - 1}); read n_{l} and n_{l - 1} off the sizes.")


def check_parameter_count(sizes, answer):
    """How many weights and biases a network with layer sizes `sizes` has: Σ_l n_l (n_{l-1} + 1)."""
    if answer is None:
        return no_answer("the number of parameters")
    sizes = [_validate.positive_int(f"n_{l}", s) for l, s in enumerate(sizes, start=1)]
    if len(sizes) < 2:
        raise ValueError("a network needs at least two layers, n_1 and n_L")
    weights = sum(a * b for a, b in zip(sizes[1:], sizes[:-1]))
    biases = sum(sizes[1:])
    if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
        return Feedback(False, f"The number of parameters is a whole number, not {answer!r}")
    if answer == weights + biases:
        return Feedback(True, f"{weights} weights and {biases} biases.")
    if answer == weights:
        return Feedback(False, "That counts the weights only: every neuron of layers 2..L also has a bias b_j^[l].")
    if answer == weights + biases + sizes[0]:
        return Feedback(False, "Layer 1 is the input a^[1] = x, eq (7): it has no biases.")
    if answer == biases:
        return Feedback(False, "That counts the biases only: add the entries of W^[2], ..., W^[L].")
    return Feedback(False, "Count n_l × n_{l−1} weights and n_l biases for each layer l = 2..L.")


def check_activation(net, x, l, answer):
    """a^[l] for the input x: the forward pass (7), (19), (20)."""
    x = net.check_input(x)
    l = _validate.layer(l, 1, net.L, "a^[l]")
    fp = net.forward(x)
    mistakes = []
    if l >= 2:
        f = net.activation.f
        a_prev = fp.a[l - 1]
        mistakes = [(fp.z[l], f"That is z^[{l}], the weighted input (19): apply σ to get a^[{l}], eq (20)."),
                    (f(net.W[l] @ a_prev), f"The bias is missing: z^[{l}] = W^[{l}] a^[{l - 1}] + b^[{l}], eq (19)."),
                    (f(net.W[l].T @ a_prev + net.b[l]) if net.n(l) == net.n(l - 1) else np.full(net.n(l), np.nan),
                     f"W^[{l}] is transposed: row j of W^[{l}] holds the weights ω_jk^[{l}] into neuron j.")]
    return compare(answer, fp.a[l], f"a^[{l}]", mistakes, right="That is the forward pass.", symbols=_vector_symbols(l))


# --- notebook 02: the cost ------------------------------------------------------------------------------
def check_cost(net, X, Y, answer):
    """Cost (9) of the network on the data X, Y (samples as columns)."""
    X, Y = net.check_data(X, Y)
    cost = net.cost(X, Y)
    N = 1 if X.ndim == 1 else X.shape[1]
    mistakes = [(2 * cost, "The factor ½ of (9) is missing."),
                (N * cost, "That is the sum over the data: (9) divides by N, it is an average."),
                (cost / net.n(net.L), f"That averages over all N n_L = {N * net.n(net.L)} entries of Y − A (as "
                                      "np.mean of the squares does); (9) averages over the N points only: sum "
                                      "each point's squares over the outputs j, then take the mean over i."),
                (2 * N * cost, "That is netbp.m's scale, Σ_i ‖y − a^[L]‖², which is 2N times Cost (9).")]
    return compare(answer, cost, "Cost (9)", mistakes, right="That is Cost (9).")


def check_cost_gradient_bias(net, X, Y, l, answer):
    """∂Cost/∂b^[l] for Cost (9): the average over the data of the single-sample gradients δ^[l](x^{i}), (24)."""
    X, Y = net.check_data(X, Y)
    l = _validate.layer(l, 2, net.L, "b^[l]")
    g = net.gradients(X, Y)
    N = 1 if X.ndim == 1 else X.shape[1]
    mistakes = [(N * g.db[l], "That is the sum of the single-sample gradients: Cost (9) averages, so divide by N."),
                (-g.db[l], "The sign is flipped: the gradient points uphill; the step (15) subtracts it.")]
    if N > 1:
        mistakes.append((g.delta[l][:, 0], "That is the gradient of C_{x^{1}} alone: average over all N points."))
    return compare(answer, g.db[l], f"∂Cost/∂b^[{l}]", mistakes, symbols=_vector_symbols(l),
                   right="The gradient of an average is the average of the gradients.")


# --- notebook 03: the error δ ----------------------------------------------------------------------------
def check_cost_change(net, x, y, l, j, dz, answer):
    """The first-order change of C when Δz = dz is added to z_j^[l]: ΔC ≈ δ_j^[l] Δz, from (21)."""
    x, y = _sample(net, x, y)
    l = _validate.layer(l, 2, net.L, "δ^[l]")
    j = _validate.neuron("j", j, net.n(l), l)
    dz = _validate.finite_array("Δz", dz).item()
    delta = net.gradients(x, y).delta[l]
    mistakes = [(-delta[j - 1] * dz, "The sign is flipped: δ_j^[l] > 0 means C grows when z_j^[l] grows."),
                (delta[j - 1], f"That is δ_{j}^[{l}] itself: multiply by Δz = {dz:g}.")]
    mistakes += [(delta[k - 1] * dz, f"That uses δ_{k}^[{l}], the error of neuron {k}; use neuron j = {j}.")
                 for k in range(1, net.n(l) + 1) if k != j]
    return compare(answer, delta[j - 1] * dz, "ΔC", mistakes, rtol=1e-6,
                   right="To first order, ΔC = δ_j^[l] Δz: that is what (21) says.")


# --- notebook 05: Lemma 1 ----------------------------------------------------------------------------------
def check_output_error(net, x, y, answer):
    """δ^[L] = σ'(z^[L]) ∘ (a^[L] − y), eq (22)."""
    x, y = _sample(net, x, y)
    fp = net.forward(x)
    L, zL, aL = net.L, fp.z[net.L], fp.output
    prime = net.activation.prime
    mistakes = [(aL - y, "The factor σ'(z^[L]) is missing: a^[L] = σ(z^[L]) sits between z^[L] and C."),
                (prime(zL) * (y - aL), "The sign is flipped: ∂C/∂a_j^[L] = −(y_j − a_j^[L]) = a_j^[L] − y_j."),
                (net.activation.f(zL) * (aL - y), "That multiplies by σ(z^[L]); (22) needs the derivative σ'(z^[L])."),
                (0.5 * prime(zL) * (aL - y), "The ½ in (18) cancels against the 2 from differentiating the square.")]
    return compare(answer, net.gradients(x, y).delta[L], f"δ^[{L}]", mistakes, symbols=_vector_symbols(L))


def check_backward_step(net, x, y, l, answer):
    """δ^[l] = σ'(z^[l]) ∘ (W^[l+1])ᵀ δ^[l+1], eq (23), for 2 ≤ l ≤ L−1."""
    x, y = _sample(net, x, y)
    l = _validate.layer(l, 2, net.L - 1, "δ^[l] by (23)")
    g, fp = net.gradients(x, y), net.forward(x)
    prime = net.activation.prime
    back = net.W[l + 1].T @ g.delta[l + 1]
    mistakes = [(back, f"The factor σ'(z^[{l}]) is missing: δ^[{l}] is about z^[{l}], and a^[{l}] = σ(z^[{l}])."),
                (-prime(fp.z[l]) * back, "The sign is flipped: check the sign of δ^[L] first, eq (22)."),
                (prime(fp.a[l]) * back, f"σ' is evaluated at a^[{l}]; (23) needs σ'(z^[{l}]).")]
    if net.n(l) == net.n(l + 1):
        mistakes.append((prime(fp.z[l]) * (net.W[l + 1] @ g.delta[l + 1]),
                         f"W^[{l + 1}] is not transposed: (23) uses (W^[{l + 1}])ᵀ δ^[{l + 1}]."))
    verdict = compare(answer, g.delta[l], f"δ^[{l}]", mistakes, symbols=_vector_symbols(l))
    if not verdict.correct and np.shape(answer) == (net.n(l + 1),):
        return Feedback(False, verdict.message + f" A vector of n_{l + 1} entries suggests W^[{l + 1}] δ^[{l + 1}] "
                                                 f"without the transpose.")
    return verdict


def check_weight_gradient(net, x, y, l, answer):
    """∂C/∂W^[l] = δ^[l] (a^[l-1])ᵀ, eq (25), an outer product of shape (n_l, n_{l-1})."""
    x, y = _sample(net, x, y)
    l = _validate.layer(l, 2, net.L, "W^[l]")
    g, fp = net.gradients(x, y), net.forward(x)
    delta = g.delta[l]
    mistakes = [(-g.dW[l], "The sign is flipped: check δ^[L] = σ'(z^[L]) ∘ (a^[L] − y), eq (22)."),
                (np.outer(delta, fp.z[l - 1]) if l > 2 else np.full(g.dW[l].shape, np.nan),
                 f"That uses z^[{l - 1}]; (25) multiplies by the activation a^[{l - 1}] = σ(z^[{l - 1}])."),
                (np.outer(delta, fp.a[l]) if net.n(l) == net.n(l - 1) else np.full(g.dW[l].shape, np.nan),
                 f"That uses a^[{l}]; (25) multiplies by a^[{l - 1}], the input the weights ω_jk^[{l}] act on.")]
    if net.n(l) == net.n(l - 1):
        mistakes.append((g.dW[l].T, f"It is transposed: entry (j, k) is δ_j^[{l}] a_k^[{l - 1}], eq (25)."))
    return compare(answer, g.dW[l], f"∂C/∂W^[{l}]", mistakes, symbols=_matrix_symbols(l))


def check_central_difference(net, x, y, param, h, answer):
    """(C(p + h) − C(p − h)) / 2h for the parameter p named (l, j, k) or (l, j): agrees with Lemma 1 to O(h²)."""
    x, y = net.check_data(x, y)
    h = _validate.positive_finite("h", h)
    p = net.parameter(param)  # refuses a name that is not (l, j, k) or (l, j), or a parameter that does not exist
    l, *entry = net.array_index(*param)
    g = net.gradients(x, y)
    exact = (g.dW if len(param) == 3 else g.db)[l][tuple(entry)]
    c0, c_plus, c_minus = (float(net.cost_with(param, value, x, y)) for value in (p, p + h, p - h))
    central = central_difference(net, x, y, param, h)
    mistakes = [((c_plus - c0) / h, "That is the one-sided difference (C(p + h) − C(p)) / h: its error is O(h), "
                                    "the central difference's O(h²)."),
                ((c0 - c_minus) / h, "That is the one-sided difference (C(p) − C(p − h)) / h: its error is O(h)."),
                (2 * central, "Divide by 2h: the two points p ± h are 2h apart."),
                (-central, "The sign is flipped: C(p + h) comes first.")]
    if answer is not None and np.ndim(answer) == 0 and abs(central - exact) > 1e-11 * abs(exact) \
            and abs(float(answer) - exact) <= 1e-12 * abs(exact):
        return Feedback(False, "That is Lemma 1's exact value (from net.gradients), not a difference quotient: "
                               "evaluate C at p + h and p − h with lu.cost_along and divide their difference by 2h.")
    verdict = compare(answer, central, "the central difference", mistakes, rtol=1e-6)
    if verdict.correct:
        error = abs(central - exact) / max(abs(exact), 1e-300)
        return Feedback(True, f"It agrees with Lemma 1's value to a relative error of {error:.0e}.")
    return verdict


# --- notebook 08: one weight -------------------------------------------------------------------------------
def check_weight_derivative(net, x, y, l, j, k, answer):
    """∂C/∂ω_jk^[l] = δ_j^[l] a_k^[l-1], eq (25), for one weight."""
    x, y = _sample(net, x, y)
    l, j0, k0 = net.array_index(l, j, k)
    g, fp = net.gradients(x, y), net.forward(x)
    delta, a_prev = g.delta[l], fp.a[l - 1]
    mistakes = [(-delta[j0] * a_prev[k0], "The sign is flipped.")]
    for jj, kk in ((j0 - 1, k0 - 1), (j0 + 1, k0 + 1), (j0 - 1, k0), (j0, k0 - 1), (j0 + 1, k0), (j0, k0 + 1)):
        if 0 <= jj < net.n(l) and 0 <= kk < net.n(l - 1):
            mistakes.append((delta[jj] * a_prev[kk], f"Off by one: numpy counts from 0, so ω_{j}{k}^[{l}] is "
                                                     f"delta[{l}][{j0}] * a[{l - 1}][{k0}] (neuron j = {j} has "
                                                     f"index {j0}, neuron k = {k} index {k0})."))
    mistakes += [(delta[j0], f"That is δ_{j}^[{l}] = ∂C/∂b_{j}^[{l}], (24): a weight also multiplies by "
                             f"a_{k}^[{l - 1}]."),
                 (a_prev[k0], f"That is a_{k}^[{l - 1}] alone: multiply by δ_{j}^[{l}].")]
    if k0 < net.n(l) and j0 < net.n(l - 1):
        mistakes.append((delta[k0] * a_prev[j0], f"The indices j and k are swapped: ω_jk^[l] runs from neuron k "
                                                 f"of layer l − 1 to neuron j of layer l, so use "
                                                 f"δ_{j}^[{l}] a_{k}^[{l - 1}]."))
    if k0 < net.n(l):
        mistakes.append((delta[j0] * fp.a[l][k0], f"That uses a_{k}^[{l}]; the weight acts on a_{k}^[{l - 1}]."))
    if l > 2:
        mistakes.append((delta[j0] * fp.z[l - 1][k0], f"That uses z_{k}^[{l - 1}]; (25) needs a_{k}^[{l - 1}]."))
    return compare(answer, g.dW[l][j0, k0], f"∂C/∂ω_{j}{k}^[{l}]", mistakes)


def check_downstream(sizes, l, j, answer):
    """The neurons (layer, neuron) whose values a change to ω_jk^[l] can move, 1-based."""
    if answer is None:
        return no_answer("the set of (layer, neuron) pairs")
    expected = neurons_downstream(sizes, l, j)
    try:
        given = {(int(m), int(i)) for m, i in answer}
    except (TypeError, ValueError):
        return Feedback(False, "Give a set of pairs (layer, neuron), such as {(3, 4), (4, 1)}.")
    if given == expected:
        return Feedback(True, "The weight feeds neuron j of layer l only, and through it every later layer.")
    if any(m < l for m, _ in given - expected):
        return Feedback(False, f"Layers 1..{l - 1} come before the weight: the forward pass computes them "
                               f"without it.")
    if any(m == l for m, _ in given - expected):
        return Feedback(False, f"Only neuron j = {j} of layer {l} uses ω_jk^[{l}]: the other rows of W^[{l}] "
                               "hold other neurons' weights, eq (28).")
    if (l, j) not in given:
        return Feedback(False, f"Neuron {j} of layer {l} itself changes first: z_{j}^[{l}] contains ω_jk^[{l}].")
    return Feedback(False, f"Every neuron of layers {l + 1}..{len(sizes)} can change: each receives a_{j}^[{l}] "
                           "directly or indirectly.")


# --- notebook 09: the stochastic gradient step -------------------------------------------------------------
def check_sgd_step(net, x, y, eta, l, answer):
    """W^[l] after one step (15) on the sample (x, y): W^[l] − η δ^[l] (a^[l-1])ᵀ, with every δ from the current
    weights."""
    x, y = _sample(net, x, y)
    eta = _validate.positive_finite("eta", eta)
    l = _validate.layer(l, 2, net.L, "W^[l]")
    g, fp = net.gradients(x, y), net.forward(x)
    W = net.W[l]
    mistakes = [(W + eta * g.dW[l], "The sign is flipped: (15) steps against the gradient, p → p − η∇C."),
                (W - g.dW[l], f"The learning rate η = {eta:g} is missing."),
                (-eta * g.dW[l], "That is the change η δ^[l] (a^[l-1])ᵀ alone; subtract it from W^[l].")]
    if l < net.L:  # δ^[l] computed with W^[l+1] already updated: the pseudocode's order trap
        late = g.delta[net.L]
        for m in range(net.L, l, -1):
            late = net.activation.prime(fp.z[m - 1]) * ((net.W[m] - eta * np.outer(late, fp.a[m - 1])).T @ late)
        mistakes.append((W - eta * np.outer(late, fp.a[l - 1]),
                         f"δ^[{l}] was computed after W^[{l + 1}] was updated: compute every δ with the current "
                         "weights first, then update."))
    return compare(answer, W - eta * g.dW[l], f"W^[{l}] after the step", mistakes, symbols=_matrix_symbols(l),
                   right="That is one step (15) for W^[l].")
