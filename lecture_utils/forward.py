"""The forward pass: a^[1] = x (7), z^[l] = W^[l] a^[l-1] + b^[l] (19), a^[l] = σ(z^[l]) (20)."""
from dataclasses import dataclass

from .layers import LayerDict


def weighted_input(W, a_prev, b):
    """z^[l] = W^[l] a^[l-1] + b^[l], eq (19); a batch has one column per sample."""
    return W @ a_prev + (b if a_prev.ndim == 1 else b[:, None])


@dataclass
class ForwardPass:
    """The activations a[l] (l = 1..L) and weighted inputs z[l] (l = 2..L) of one forward pass."""
    a: LayerDict
    z: LayerDict

    @property
    def output(self):
        """a^[L], the network's output."""
        return self.a[self.a.L]


def forward_pass(W, b, x, f, output_f=None):
    """Eqs (7), (19), (20) in order: a^[1], z^[2], a^[2], ..., a^[L]; output_f, if given, replaces f at layer L."""
    L = max(W)
    a = LayerDict("a^[l]", 1, L, {1: x})
    z = LayerDict("z^[l]", 2, L)
    for l in range(2, L + 1):
        z[l] = weighted_input(W[l], a[l - 1], b[l])
        a[l] = (output_f if (l == L and output_f is not None) else f)(z[l])
    return ForwardPass(a, z)
