"""Self-checked exercises for notebook 16 (dropout): δ^[l] with a given mask, eq (DO4)."""
import numpy as np

from ..activations import relu_prime
from ..dropout import masked_backward_step
from ..lemma1 import backward_step
from .feedback import compare, no_answer

__all__ = ["check_dropout_delta"]


def check_dropout_delta(W_next, delta_next, z, m, answer):
    """δ^[l] = ReLU'(z^[l]) ∘ m^[l] ∘ (W^[l+1])ᵀ δ^[l+1], eq (DO4), for a ReLU layer with the mask m^[l] given."""
    if answer is None:
        return no_answer("δ^[l]")
    W_next, delta_next, z, m = (np.asarray(v, dtype=float) for v in (W_next, delta_next, z, m))
    unmasked = backward_step(W_next, delta_next, z, relu_prime)
    kept = (m != 0).astype(float)
    mistakes = [
        (unmasked, "That is (23) without the mask: a dropped neuron (m_j = 0) passes no error back, and a kept one "
                   "passes it scaled by m_j = 1/(1 − p), so multiply by m^[l] as well."),
        (kept * unmasked, "The dropped neurons are right, but the kept ones miss the scale 1/(1 − p): m^[l] has "
                          "entries 0 and 1/(1 − p), and (DO4) multiplies by m^[l] itself, not by 0s and 1s."),
    ]
    if W_next.shape[0] == W_next.shape[1]:
        mistakes.append((m * relu_prime(z) * (W_next @ delta_next), "W^[l+1] is transposed in (23): the error goes "
                                                                    "back along (W^[l+1])ᵀ δ^[l+1]."))
    return compare(answer, masked_backward_step(W_next, delta_next, z, m, relu_prime), "δ^[l]", mistakes=mistakes,
                   right="δ^[l] = σ'(z^[l]) ∘ m^[l] ∘ (W^[l+1])ᵀ δ^[l+1]: (23) with the mask's factor m^[l].")
