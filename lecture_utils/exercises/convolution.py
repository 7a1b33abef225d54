"""Self-checked exercises for notebook 19 (convolution): each check_* confirms a right answer or names the likely
mistake, the answer last."""
import numpy as np

from ..convolution import conv_bias_gradient
from .feedback import compare, no_answer

__all__ = ["check_conv_bias_gradient", "check_conv_parameter_count"]


def check_conv_bias_gradient(delta, answer):
    """∂C/∂b^[l] of a convolutional layer for one image, from its δ^[l] of shape (C_l, h, w): eq (CV5)."""
    delta = np.asarray(delta, dtype=float)
    if delta.ndim != 3:
        raise ValueError(f"δ^[l] of one image has shape (C_l, h, w), not {delta.shape}")
    right = conv_bias_gradient(delta)
    return compare(answer, right, "∂C/∂b^[l]", symbols="(C_l,)", mistakes=[
        (delta.mean(axis=(1, 2)), "That is the mean of δ over the positions: b_c is added at every position (i, j), "
                                  "so each position adds its δ_{c,i,j} in full, a sum."),
        (-right, "The sign is flipped: ∂z_{c,i,j}/∂b_c = +1, so ∂C/∂b_c = +Σ δ_{c,i,j}."),
        (delta[:, 0, 0], "That is δ at the first position only: the one bias b_c is shared by all positions (i, j) "
                         "of channel c, so the gradient sums over them."),
    ], right="∂C/∂b_c = Σ_{i,j} δ_{c,i,j}: the one bias of channel c is used at every position, eq (CV5).")


def check_conv_parameter_count(C_in, C_out, k, answer):
    """The number of kernel weights and biases of a convolutional layer with C_in channels in, C_out channels out
    and k × k kernels (any image size)."""
    C_in, C_out, k = int(C_in), int(C_out), int(k)
    if answer is None:
        return no_answer("the number of parameters")
    right = C_out * (C_in * k * k + 1)
    return compare(answer, right, "the number of parameters", mistakes=[
        (C_out * C_in * k * k, "Those are the kernel weights only: add one bias per output channel."),
        (C_out * k * k + C_out, "Each output channel has a k × k kernel for every input channel: C_l · C_(l−1) · k²."),
        (C_in * k * k + 1, "That is one output channel: there are C_l of them, each with its own kernel and bias."),
    ], right="C_l (C_(l−1) k² + 1), whatever the size of the image: the weights are shared across positions.")
