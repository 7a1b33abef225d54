"""Residual connections: a^[l] = a^[l−1] + σ(z^[l]) in the hidden layers of equal width (RC1); going back, the
error ∂C/∂a^[l−1] = ∂C/∂a^[l] + (W^[l])ᵀ δ^[l] has a path that no σ' multiplies (RC2), (RC3)."""
import numpy as np

from . import _validate
from .forward import ForwardPass
from .layers import LayerDict
from .lemma1 import bias_gradient, weight_gradient
from .models import ModelGradients, StoredParameters
from .network import Network


def residual_layer(a_prev, z, f):
    """a^[l] = a^[l−1] + σ(z^[l]), eq (RC1): the layer's input passes on unchanged, σ(z^[l]) is added to it."""
    return a_prev + f(z)


def residual_step(error, delta, W):
    """∂C/∂a^[l−1] = ∂C/∂a^[l] + (W^[l])ᵀ δ^[l], eq (RC2): the identity path, plus the path through z^[l]."""
    return error + W.T @ delta


def residual_delta(error, z, prime):
    """δ^[l] = σ'(z^[l]) ∘ ∂C/∂a^[l], eq (RC3); where ∂C/∂a^[l] = (W^[l+1])ᵀ δ^[l+1] (no residual), it is (23)."""
    return prime(z) * error


class ResidualNetwork(StoredParameters):
    """Layers 1..L: layer 2 ordinary, a^[2] = σ(z^[2]); layers l = 3..L−1 residual, (RC1), which needs equal widths
    n_l = n_{l−1}; layer L ordinary. W^[l], b^[l] start as those of lu.Network with the same arguments, so that
    the two networks differ only by the identity paths."""

    def __init__(self, sizes, seed=None, scale=0.5, activation="sigmoid", cost="quadratic", init="normal",
                 output=None):
        net = Network(sizes, seed=seed, scale=scale, activation=activation, cost=cost, init=init, output=output)
        if net.L < 3:
            raise ValueError(f"a residual network has hidden layers between input and output: L >= 3, not L = {net.L}")
        for l in range(3, net.L):
            if net.n(l) != net.n(l - 1):
                raise ValueError(f"a residual connection a^[{l}] = a^[{l - 1}] + σ(z^[{l}]) adds vectors of n_{l - 1} "
                                 f"and n_{l} entries, which must be equal: here n_{l - 1} = {net.n(l - 1)} and "
                                 f"n_{l} = {net.n(l)} (the hidden layers 2..L−1 need one width)")
        self.output_activation = net.output_activation  # layer L's own: σ, linear (notebook 12) or softmax
        self.sizes, self.activation, self.cost_function, self.check_data = (net.sizes, net.activation,
                                                                            net.cost_function, net.check_data)
        self.W, self.b = net.W, net.b

    @property
    def L(self):
        """The number of layers, counting the input layer 1."""
        return len(self.sizes)

    def residual(self, l):
        """Whether layer l adds its input a^[l−1] to σ(z^[l]), (RC1): the hidden layers 3..L−1."""
        return 3 <= l <= self.L - 1

    def __repr__(self):
        return f"ResidualNetwork({list(self.sizes)}, activation={self.activation.name!r})"

    def parameter_stores(self):
        """Symbol → (store, l) for every trainable array, in the order of trainable()."""
        layers = range(2, self.L + 1)
        return {**{f"W^[{l}]": (self.W, l) for l in layers}, **{f"b^[{l}]": (self.b, l) for l in layers}}

    # --- what lu.fit needs -----------------------------------------------------------------------------------
    def trainable_gradients(self, X, Y):
        """∂Cost/∂p of Cost (9) on the batch X, Y for each of trainable(), in the same order."""
        return self.gradients(X, Y).values

    def copy(self):
        """An independent copy: changing one network's parameters leaves the other's alone."""
        new = object.__new__(ResidualNetwork)
        new.__dict__.update(self.__dict__)
        new.W, new.b = self.W.copy(), self.b.copy()
        return new

    # --- the mathematics -------------------------------------------------------------------------------------
    def _forward(self, x):
        L, f = self.L, self.activation.f
        a = LayerDict("a^[l]", 1, L, {1: x})
        z = LayerDict("z^[l]", 2, L)
        for l in range(2, L + 1):
            z[l] = self.W[l] @ a[l - 1] + (self.b[l] if x.ndim == 1 else self.b[l][:, None])    # (19)
            if l == L:
                a[l] = self.output_activation.f(z[l])                       # (20)
            else:
                a[l] = residual_layer(a[l - 1], z[l], f) if self.residual(l) else f(z[l])     # (RC1) or (20)
        return a, z

    def forward(self, x):
        """The forward pass (19), (RC1), (20): a record with .a[l] for l = 1..L and .z[l] for l = 2..L."""
        return ForwardPass(*self._forward(_validate.samples("x", x, self.sizes[0], 1, "n_1")))

    def output(self, x):
        """a^[L] for x: one column per sample."""
        return self._forward(_validate.samples("x", x, self.sizes[0], 1, "n_1"))[0][self.L]

    def cost(self, X, Y):
        """Cost (9) over the columns of X, Y (C of (18) for one sample); complex when a parameter is."""
        X, Y = self.check_data(X, Y)
        return np.mean(self.cost_function.per_sample(self._forward(X)[0][self.L], Y))

    def gradients(self, x, y):
        """δ^[l] = ∂C/∂z^[l] (21) for l = 2..L by (22), (RC2), (RC3), one column per sample, and ∂Cost/∂p for
        trainable() by (24), (25) (for a batch, the gradient of Cost (9))."""
        x, y = self.check_data(x, y)
        a, z = self._forward(x)
        L, prime = self.L, self.activation.prime
        delta = LayerDict("δ^[l]", 2, L)
        delta[L] = self.cost_function.output_error(z[L], a[L], y, self.output_activation.prime)                        # (22)
        error = self.W[L].T @ delta[L]                                                          # ∂C/∂a^[L−1]
        for l in range(L - 1, 1, -1):
            delta[l] = residual_delta(error, z[l], prime)                                       # (RC3)
            if l > 2:
                error = residual_step(error, delta[l], self.W[l]) if self.residual(l) else self.W[l].T @ delta[l]
        layers = range(2, L + 1)
        values = ([weight_gradient(delta[l], a[l - 1]) for l in layers]
                  + [bias_gradient(delta[l]) for l in layers])                                  # (25), (24)
        return ModelGradients(delta, list(self.parameter_stores()), values)
