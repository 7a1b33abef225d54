"""Checker for the exercise of notebook 18: ∂Cost/∂β^[l] of a network with batch normalisation, eq (BN5)."""
from .. import _validate
from .feedback import compare

__all__ = ["check_beta_gradient"]


def check_beta_gradient(model, X, Y, l, answer):
    """∂Cost/∂β^[l] = Σ_i (∂Cost/∂u^[l])^{i}, eq (BN5), for the batch X, Y in the model's training mode."""
    l = _validate.layer(l, 2, model.L - 1, "β^[l] (a hidden layer)")
    if not model.training:
        raise ValueError("this exercise is about training mode (batch statistics): set model.training = True")
    g = model.gradients(X, Y)
    N = g.delta[l].shape[1]
    expected = g[f"β^[{l}]"]
    gamma = model.gamma[l]
    mistakes = [(N * expected, "That is N times too large: Cost (9) is a mean, so ∂Cost/∂u^[l] carries a 1/N."),
                (expected / N, "That is N times too small: (BN5) sums over the batch (the 1/N is already in "
                               "∂Cost/∂u^[l])."),
                (gamma * expected, "That is γ ∘ ∂Cost/∂β: γ multiplies ẑ, not β, in u = γ ∘ ẑ + β (BN4)."),
                (g.delta[l].sum(axis=1) / N, "That sums δ^[l] = ∂C/∂z^[l], which the three-term formula (BN9) "
                                             "makes sum to 0 over the batch: β enters after the normalisation, "
                                             "through u^[l]."),
                (-expected, "The sign is flipped: check a^[L] − y in (22).")]
    return compare(answer, expected, f"∂Cost/∂β^[{l}]", mistakes, symbols=f"(n_{l},)",
                   right="That is (BN5): the sum over the batch of ∂Cost/∂u^[l].")
