"""Self-checked exercises for notebook 12, regression with a linear output: each check_* confirms a right answer
or names the likely mistake, the answer always last."""
import numpy as np

from ..activations import sigma, sigma_prime
from ..regression import range_cost_floor
from .feedback import compare

__all__ = ["check_linear_output_error", "check_range_cost_floor"]


def check_linear_output_error(z, y, answer):
    """δ^[L] = a^[L] − y = z^[L] − y for a linear output layer with the quadratic cost, eq (MS2)."""
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return compare(answer, z - y, "δ^[L]", mistakes=[
        (sigma_prime(z) * (z - y), "That keeps (22)'s factor σ'(z^[L]); with a^[L] = z^[L] the factor is the "
                                   "identity's derivative, 1, so δ^[L] = a^[L] − y."),
        (y - z, "The sign is reversed: δ^[L] = ∂C/∂z^[L] = a^[L] − y, output minus target."),
        (sigma(z) - y, "That applies σ to z^[L]; a linear output layer leaves it alone: a^[L] = z^[L], eq (MS1)."),
        (sigma_prime(z) * (sigma(z) - y), "That is (22) for a sigmoid output layer, not for a linear one."),
        (0.5 * (z - y), "The ½ of (18) cancels against the 2 from differentiating the square."),
    ], right="δ^[L] = a^[L] − y: (22) with σ' replaced by the identity's derivative, 1.")


def check_range_cost_floor(Y, low, high, answer):
    """The least Cost (9) that outputs confined to [low, high] can reach on the targets Y, eq (MS3)."""
    Y = np.asarray(Y, dtype=float)
    Y2 = Y if Y.ndim == 2 else Y[:, None]
    gap = Y2 - np.clip(Y2, low, high)
    return compare(answer, range_cost_floor(Y, low, high), "the least Cost (9)", mistakes=[
        (float(np.mean(np.sum(gap ** 2, axis=0))), "The ½ of (18) is missing: C = ½‖y − a^[L]‖²."),
        (float(np.sum(0.5 * gap ** 2)), "Cost (9) is the mean over the N samples, not their sum."),
        (0.0, "Outputs inside the range can come close to its ends but not past them: a target outside costs at "
              "least ½ (its distance to the range)²."),
        (float(np.mean(0.5 * np.sum((Y2 - (low + high) / 2) ** 2, axis=0))),
         "That puts every output at the middle of the range; the best output for a target is the nearest point of "
         "the range (the target itself when it lies inside)."),
    ], rtol=1e-6, right="Each target outside the range costs at least ½ (its distance to the range)², and no "
                        "output inside the range can do better.")
