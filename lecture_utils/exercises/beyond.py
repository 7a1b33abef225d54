"""Self-checked exercises for notebooks 11–17: each check_* confirms a right answer or names the likely mistake."""
import numpy as np

from ..cost import softmax
from ..minibatch import minibatch_gradients
from ..activations import sigma, sigma_prime
from .feedback import compare, no_answer

__all__ = ["check_cross_entropy_delta", "check_critical_eta", "check_vanishing_factor", "check_weight_decay_step",
           "check_minibatch_gradient"]


def check_cross_entropy_delta(z, y, answer):
    """δ^[L] for a softmax output with the cross-entropy cost, at weighted input z and target y."""
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    a = softmax(z)
    return compare(answer, a - y, "δ^[L]", mistakes=[
        (a * (1 - a) * (a - y), "That is (22) with a σ'-like factor a(1 − a): with softmax and cross-entropy the "
                                "factor cancels, δ^[L] = a^[L] − y."),
        (y - a, "The sign is reversed: δ^[L] = a^[L] − y, output minus target."),
        (sigma(z) - y, "a^[L] is the softmax of z^[L] (all outputs together), not σ applied to each z_j."),
        (sigma_prime(z) * (sigma(z) - y), "That is the quadratic cost's (22) with sigmoid outputs, not softmax."),
    ], right="δ^[L] = a^[L] − y: the softmax's Jacobian cancels the 1/a of the logarithm.")


def check_critical_eta(h, answer):
    """The largest η for which gradient descent p → p − η C'(p) on C(p) = ½ h p² converges (for every start)."""
    h = float(h)
    return compare(answer, 2.0 / h, "η", mistakes=[
        (1.0 / h, "η = 1/h is the best step (it lands on the minimum at once); the question asks where "
                  "convergence stops: |1 − ηh| < 1."),
        (h / 2, "Invert: the step multiplies p by 1 − ηh, and |1 − ηh| < 1 means η < 2/h."),
        (2.0 * h, "Invert: |1 − ηh| < 1 means η < 2/h, not 2h."),
    ], rtol=1e-6, right="η < 2/h: each step multiplies p by 1 − ηh, which shrinks p only while |1 − ηh| < 1.")


def check_vanishing_factor(L, l, answer):
    """The largest ‖δ^[l]‖ / ‖a^[L] − y‖ a sigmoid network allows when every ‖W^[m]‖ <= 1 (quadratic cost)."""
    L, l = int(L), int(l)
    return compare(answer, 0.25 ** (L - l + 1), "the factor", mistakes=[
        (0.25 ** (L - l), "Count the D's: D^[l], D^[l+1], ..., D^[L] are L − l + 1 factors of at most 1/4."),
        (0.25 ** (L - l + 2), "Count the D's: D^[l], D^[l+1], ..., D^[L] are L − l + 1 factors of at most 1/4."),
        (0.5 ** (L - l + 1), "The largest value of σ'(z) = σ(z)(1 − σ(z)) is 1/4, at z = 0, not 1/2."),
    ], rtol=1e-9, right="(1/4)^(L−l+1): one factor |σ'| <= 1/4 for each of D^[l], ..., D^[L].")


def check_weight_decay_step(W, dW, eta, lam, answer):
    """W^[l] after one step on Cost + (λ/2)‖W^[l]‖², given ∂Cost/∂W^[l] = dW."""
    W, dW = np.asarray(W, dtype=float), np.asarray(dW, dtype=float)
    return compare(answer, (1 - eta * lam) * W - eta * dW, "W^[l]", mistakes=[
        (W - eta * dW, "That is the step without the penalty: the gradient of (λ/2)‖W‖² is λW, so W also shrinks "
                       "by the factor 1 − ηλ."),
        ((1 - lam) * W - eta * dW, "The decay is η times the penalty's gradient λW: the factor is 1 − ηλ, not 1 − λ."),
        ((1 - eta * lam / 2) * W - eta * dW, "The gradient of (λ/2)‖W‖² is λW (the ½ cancels the square's 2)."),
        ((1 + eta * lam) * W - eta * dW, "A step goes against the gradient: W → W − η(∂C/∂W + λW)."),
        ((1 - eta * lam) * (W - eta * dW), "The decay is applied after the gradient step, so it shrinks η ∂C/∂W "
                                           "too: both terms of the gradient, ∂C/∂W + λW, act on the same W, "
                                           "W → W − η ∂C/∂W − ηλ W."),
    ], right="W → (1 − ηλ) W − η ∂C/∂W: the gradient step, with the weights decayed by 1 − ηλ.")


def check_minibatch_gradient(net, X, Y, l, answer):
    """∂Cost/∂W^[l] of Cost (9) over the batch X, Y (samples are columns)."""
    if answer is None:
        return no_answer("∂Cost/∂W^[l]")
    X, Y = net.check_data(X, Y)
    g = minibatch_gradients(net, X, Y).dW[l]
    N = X.shape[1]
    return compare(answer, g, f"∂C/∂W^[{l}]", mistakes=[
        (N * g, "That is the sum over the batch: Cost (9) has a factor 1/N, so the gradient is the mean."),
        (-g, "The sign is flipped: Δ^[L] = A^[L] − Y, output minus target."),
        (_with_output_sigma_prime(net, X, Y, l), "That multiplies Δ^[L] by σ'(Z^[L]) as (22) does for sigmoid "
                                                "outputs; with a softmax output and the cross-entropy the factor "
                                                "cancels: Δ^[L] = A^[L] − Y."),
    ], right="The mean over the batch of δ^[l] (a^[l−1])ᵀ, which is Δ^[l] (A^[l−1])ᵀ / N with samples as columns.")


def _with_output_sigma_prime(net, X, Y, l):
    """∂Cost/∂W^[l] as a student gets it who keeps (22)'s factor σ'(Z^[L]) for a softmax output: the wrong Δ^[L]
    carried back by (23) to layer l, then (MB3)."""
    fp = net.forward(X)
    delta = sigma_prime(fp.z[net.L]) * (fp.output - Y)
    for m in range(net.L, l, -1):
        delta = net.activation.prime(fp.z[m - 1]) * (net.W[m].T @ delta)
    return delta @ fp.a[l - 1].T / X.shape[1]
