"""Quantities numbered by the lecture's layer number l (W^[l] for l = 2..L, a^[l] for l = 1..L, ...)."""
from . import _validate


class LayerDict(dict):
    """A dict keyed by layer number l = first..L whose missing keys are explained in the lecture's terms."""

    def __init__(self, symbol, first, L, items=(), shapes=None):
        super().__init__(items)
        self.symbol, self.first, self.L, self.shapes = symbol, first, L, shapes

    def __missing__(self, l):
        _validate.layer(l, self.first, self.L, self.symbol)
        raise KeyError(f"{self.symbol} has not been computed for l = {l}")

    def __setitem__(self, l, value):
        l = _validate.layer(l, self.first, self.L, self.symbol)
        if self.shapes is not None:
            value = _validate.finite_array(self.symbol.replace("[l]", f"[{l}]"), value)
            if value.shape != self.shapes[l]:
                raise ValueError(f"{self.symbol.replace('[l]', f'[{l}]')} must have shape {self.shapes[l]}, "
                                 f"not {value.shape}")
        super().__setitem__(l, value)

    def copy(self):
        """An independent copy: the arrays themselves are copied too."""
        return LayerDict(self.symbol, self.first, self.L, {l: v.copy() for l, v in self.items()}, self.shapes)

    def __repr__(self):
        return f"{self.symbol} for l = {self.first}..{self.L}: " + dict.__repr__(self)


def neurons_downstream(sizes, l, j):
    """The neurons (layer, neuron) that a change to ω_jk^[l] or b_j^[l] can move: neuron j of layer l and every
    neuron of layers l+1..L. Neurons of layers 1..l−1, and the other neurons of layer l, are untouched."""
    L = len(sizes)
    l = _validate.layer(l, 2, L, "W^[l]")
    j = _validate.neuron("j", j, sizes[l - 1], l)
    return {(l, j)} | {(m, i) for m in range(l + 1, L + 1) for i in range(1, sizes[m - 1] + 1)}
