"""Checkers for the exercises of notebook 10 (the weight explorer and the training dashboard)."""
import numpy as np

from .feedback import Feedback, compare

__all__ = ["check_tangent_prediction", "check_steepest_weight"]


def check_tangent_prediction(net, x, y, weight, dw, answer):
    """The tangent's prediction of C after ω_jk^[l] → ω_jk^[l] + dw: C + δ_j^[l] a_k^[l-1] dw, from (25)."""
    if answer is None:
        return Feedback(False, "No answer yet: replace None with your predicted C.")
    l, j, k = weight
    x, y = net.check_data(x, y)
    g = net.gradients(x, y)
    C, slope, a_k = net.cost(x, y), float(g.dW[l][j - 1, k - 1]), net.forward(x).a[l - 1][k - 1]
    # The lecture lets students read C, δ_j^[l] and a_k^[l-1] off the explorer, which shows them to six decimals:
    # accept a prediction within one unit of the sixth decimal of each (still far from the curve's exact C).
    read_off = 1e-6 * (1 + abs(dw) * (abs(float(a_k)) + abs(float(g.delta[l][j - 1]))))
    predicted = C + slope * dw
    rtol = max(1e-6, read_off / max(abs(predicted), 1e-300))
    mistakes = [(float(net.cost_with((l, j, k), net.weight(l, j, k) + dw, x, y)), "That is the exact C after the move (the curve), not the tangent's prediction: "
                                   "use C + δ_j^[l] a_k^[l-1] Δω."),
                (C + slope / a_k * dw if a_k != 0 else np.nan,
                 "You used δ_j^[l] alone as the slope, which is ∂C/∂b_j^[l] (24); for a weight (25) multiplies by "
                 "a_k^[l-1]."),
                (C - slope * dw, "The sign is off: the tangent rises where ∂C/∂ω_jk^[l] > 0."),
                (slope * dw, "That is the predicted change ΔC; add it to C to get the predicted C.")]
    return compare(answer, predicted, f"C after Δω = {dw:g}", mistakes, rtol=rtol,
                   right="That is the tangent's prediction from (25); compare it with the curve in the explorer.")


def check_steepest_weight(net, x, y, l, answer):
    """The (j, k) of the weight ω_jk^[l] in layer l with the largest |∂C/∂ω_jk^[l]| = |δ_j^[l] a_k^[l-1]|, (25)."""
    if answer is None:
        return Feedback(False, f"No answer yet: replace None with your (j, k) in layer {l}.")
    dW = net.gradients(*net.check_data(x, y)).dW[l]
    j, k = (int(i) + 1 for i in np.unravel_index(np.argmax(np.abs(dW)), dW.shape))
    try:
        given = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Give the weight as a pair (j, k), not {answer!r}.")
    if given == (j, k):
        return Feedback(True, f"ω_{j}{k}^[{l}] has the steepest slope, δ_{j}^[{l}] a_{k}^[{l - 1}] = "
                              f"{dW[j - 1, k - 1]:.3e}.")
    if given == (k, j):
        return Feedback(False, "Transposed: j numbers the neuron of layer l (the row of W^[l]), k the neuron of "
                               "layer l−1 (the column).")
    if len(given) == 2 and 1 <= given[0] <= dW.shape[0] and 1 <= given[1] <= dW.shape[1]:
        ratio = abs(dW[given[0] - 1, given[1] - 1]) / abs(dW[j - 1, k - 1])
        return Feedback(False, f"ω_{given[0]}{given[1]}^[{l}] has a slope only {ratio:.2f} times the steepest; "
                               "compare |δ_j^[l] a_k^[l-1]| for every pair.")
    return Feedback(False, f"Layer {l} has weights ω_jk^[{l}] with j = 1..{dW.shape[0]}, k = 1..{dW.shape[1]}.")
