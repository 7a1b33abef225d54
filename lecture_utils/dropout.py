"""Dropout: a random mask m^[l] on each hidden layer's activations, a^[l] = m^[l] ∘ σ(z^[l]) (DO1), with entries 0
(probability p) or 1/(1 − p) (inverted dropout, DO2), and Lemma 1 with the mask: (23) gains the factor m^[l],
δ^[l] = σ'(z^[l]) ∘ m^[l] ∘ (W^[l+1])ᵀ δ^[l+1] (DO4). Only hidden layers 2..L−1 are masked, never the input
x = a^[1] or the output a^[L]. Training draws a fresh mask for every sample of every batch; evaluation never draws
one and uses the network as it is (no mask, no scale)."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .forward import ForwardPass, weighted_input
from .layers import LayerDict
from .lemma1 import Gradients, backward_step, bias_gradient, weight_gradient


def dropout_mask(rng, p, shape):
    """m^[l]: each entry 0 with probability p and 1/(1 − p) otherwise, eq (DO2), so that E m = 1."""
    return (rng.random(shape) >= p) / (1.0 - p)


def masked_forward_pass(W, b, x, masks, f, output_f=None):
    """Eqs (7), (19) and (DO1): a^[l] = m^[l] ∘ σ(z^[l]) for the hidden layers l = 2..L−1, a^[L] = σ(z^[L]) (or
    output_f, the output layer's own activation, unmasked)."""
    L = max(W)
    a = LayerDict("a^[l]", 1, L, {1: x})
    z = LayerDict("z^[l]", 2, L)
    for l in range(2, L):
        z[l] = weighted_input(W[l], a[l - 1], b[l])
        a[l] = masks[l] * f(z[l])
    z[L] = weighted_input(W[L], a[L - 1], b[L])
    a[L] = (output_f or f)(z[L])
    return ForwardPass(a, z)


def masked_backward_step(W_next, delta_next, z, m, prime):
    """One step back with the mask, δ^[l] = σ'(z^[l]) ∘ m^[l] ∘ (W^[l+1])ᵀ δ^[l+1], eq (DO4): (23) times m^[l]."""
    return m * backward_step(W_next, delta_next, z, prime)


def masked_backpropagate(W, fp, y, masks, activation, cost, output=None):
    """Lemma 1 with the masks held fixed: (22), then (DO4) for l = L−1..2, then (24), (25) with the masked a^[l−1].
    `output` is the output layer's activation if it differs from the hidden one, as in lemma1.backpropagate."""
    L = fp.a.L
    delta = LayerDict("δ^[l]", 2, L)
    delta[L] = cost.output_error(fp.z[L], fp.a[L], y, (output or activation).prime)
    for l in range(L - 1, 1, -1):
        delta[l] = masked_backward_step(W[l + 1], delta[l + 1], fp.z[l], masks[l], activation.prime)
    dW = LayerDict("∂C/∂W^[l]", 2, L, {l: weight_gradient(delta[l], fp.a[l - 1]) for l in range(2, L + 1)})
    db = LayerDict("∂C/∂b^[l]", 2, L, {l: bias_gradient(delta[l]) for l in range(2, L + 1)})
    return Gradients(delta, dW, db)


def dropout_probability(p):
    """p, the probability that a hidden neuron is dropped, in [0, 1): p = 1 would drop every neuron."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating, np.integer)) or not np.isfinite(p) \
            or not 0 <= p < 1:
        raise ValueError(f"the dropout probability p must be a number in [0, 1) (p = 1 would drop every hidden "
                         f"neuron), not {p!r}")
    return float(p)


def valid_masks(masks, x, sizes):
    """The masks m^[l] for l = 2..L−1 as finite arrays shaped like a^[l] for the input x: (n_l,) for one sample,
    (n_l, N) for a batch; or a ValueError in the lecture's terms."""
    L = len(sizes)
    if not hasattr(masks, "keys") or set(masks.keys()) != set(range(2, L)):
        keys = sorted(masks.keys()) if hasattr(masks, "keys") else type(masks).__name__
        raise ValueError(f"give one mask m^[l] for each hidden layer l = 2..{L - 1} (a dict keyed by l), "
                         f"not {keys}")
    checked = LayerDict("m^[l]", 2, L - 1)
    for l in range(2, L):
        m = _validate.finite_array(f"m^[{l}]", masks[l])
        shape = (sizes[l - 1],) + x.shape[1:]
        if m.shape != shape:
            what = f"(n_{l},)" if x.ndim == 1 else f"(n_{l}, N)"
            raise ValueError(f"m^[{l}] must have the shape {shape} = {what} of a^[{l}] for this input, "
                             f"not {m.shape}")
        checked[l] = m
    return checked


@dataclass
class DropoutPass(ForwardPass):
    """A forward pass with dropout: .a[l], .z[l] as ForwardPass, and the masks .m[l] (l = 2..L−1) it used."""
    m: LayerDict = None


class DropoutNetwork:
    """A Network (held, not copied: its W^[l], b^[l] are trained in place) with dropout of probability p on the
    hidden layers. Two modes, by the attribute `training` (lu.fit switches it): in training mode each forward pass
    draws masks (DO2) from the model's own generator, seeded by `seed`; in evaluation mode (the default) no mask is
    ever drawn and the network is used as it is."""

    def __init__(self, net, p, seed=None):
        if not hasattr(net, "W") or not hasattr(net, "sizes"):
            raise ValueError(f"DropoutNetwork holds a Network (lu.Network(sizes, ...)), not {type(net).__name__}")
        if net.L < 3:
            raise ValueError(f"dropout masks the hidden layers 2..L−1, and a network with L = {net.L} layers has none")
        self.net, self.p = net, dropout_probability(p)
        self.rng = np.random.default_rng(seed)
        self.training = False

    def __repr__(self):
        mode = "training" if self.training else "evaluation"
        return f"DropoutNetwork({self.net!r}, p={self.p:g}, {mode} mode)"

    # --- the held network's parts, read through ---------------------------------------------------------
    sizes = property(lambda self: self.net.sizes, doc="[n_1, ..., n_L], as the network's.")
    L = property(lambda self: self.net.L, doc="The number of layers, counting the input layer 1.")
    W = property(lambda self: self.net.W, doc="The network's weights W^[l], l = 2..L (trained in place).")
    b = property(lambda self: self.net.b, doc="The network's biases b^[l], l = 2..L (trained in place).")
    activation = property(lambda self: self.net.activation, doc="σ of the hidden layers.")
    cost_function = property(lambda self: self.net.cost_function, doc="The cost whose mean is Cost (9).")
    output_activation = property(lambda self: self.net.output_activation, doc="The output layer's activation.")

    def n(self, l):
        """n_l, the number of neurons in layer l = 1..L."""
        return self.net.n(l)

    def check_data(self, x, y):
        """x and y as matching samples for layers 1 and L, or a ValueError in the lecture's terms."""
        return self.net.check_data(x, y)

    def parameters_finite(self):
        """Whether every weight and bias is a finite number."""
        return self.net.parameters_finite()

    def trainable(self):
        """The network's W^[2..L] (with weight decay) and b^[2..L], updated in place by training."""
        return self.net.trainable()

    # --- the two modes ----------------------------------------------------------------------------------
    def draw_masks(self, x):
        """Fresh masks m^[l] (DO2), l = 2..L−1, shaped like a^[l] for the input x; only in training mode."""
        if not self.training:
            raise RuntimeError("evaluation mode never draws a dropout mask: set model.training = True to train, "
                               "or pass masks=... to use given ones")
        x = self.net.check_input(x)
        return LayerDict("m^[l]", 2, self.L - 1, {l: dropout_mask(self.rng, self.p, (self.n(l),) + x.shape[1:])
                                                  for l in range(2, self.L)})

    def _pass(self, x, masks):
        """The forward pass for checked x: with the given masks, with fresh ones in training mode, else plain."""
        if masks is None and not self.training:
            masks = {l: 1.0 for l in range(2, self.L)}
            fp = masked_forward_pass(self.W, self.b, x, masks, self.activation.f, self.output_activation.f)
            return DropoutPass(fp.a, fp.z, None)
        masks = self.draw_masks(x) if masks is None else valid_masks(masks, x, self.sizes)
        fp = masked_forward_pass(self.W, self.b, x, masks, self.activation.f, self.output_activation.f)
        return DropoutPass(fp.a, fp.z, masks)

    def forward(self, x, masks=None):
        """The forward pass (7), (19), (DO1): with the given masks; else with fresh masks in training mode, and
        without any (.m is None) in evaluation mode. A record with .a[l], .z[l] and the masks .m[l]."""
        return self._pass(self.net.check_input(x), masks)

    def output(self, x, masks=None):
        """a^[L] for x, one column per sample (in evaluation mode: the trained network's prediction)."""
        return self.forward(x, masks).output

    def cost(self, X, Y, masks=None):
        """Cost (9) over the columns of X, Y (C of (18) for one sample), in the mode's sense of forward()."""
        X, Y = self.check_data(X, Y)
        return float(np.mean(self.cost_function.per_sample(self._pass(X, masks).output, Y)))

    def gradients(self, x, y, masks=None):
        """Lemma 1 with the masks of the pass, (22), (DO4), (24), (25): .delta[l], .dW[l], .db[l] (a batch gives
        the gradient of (9)); with masks given, the gradient of the cost with those masks held fixed."""
        x, y = self.check_data(x, y)
        fp = self._pass(x, masks)
        m = fp.m if fp.m is not None else {l: 1.0 for l in range(2, self.L)}
        return masked_backpropagate(self.W, fp, y, m, self.activation, self.cost_function, self.output_activation)

    def trainable_gradients(self, X, Y):
        """∂Cost/∂p for each of trainable(), in the same order, on the batch X, Y (fresh masks in training mode)."""
        g, layers = self.gradients(X, Y), range(2, self.L + 1)
        return [g.dW[l] for l in layers] + [g.db[l] for l in layers]

    def with_masks(self, masks):
        """The network with these masks held fixed (no mode, no generator): a deterministic function of W^[l], b^[l]
        whose cost lu.complex_step and lu.numerical_gradients can differentiate."""
        return FixedMaskNetwork(self.net, masks)


class FixedMaskNetwork:
    """A Network with the masks m^[l] held fixed: Cost (9) and Lemma 1 with (DO1), (DO4) for inputs of the masks'
    shape. It offers what lu.complex_step and lu.numerical_gradients read (parameter, cost_with, check_data)."""

    def __init__(self, net, masks):
        self.net, self.masks = net, masks

    L = property(lambda self: self.net.L, doc="The number of layers, counting the input layer 1.")
    W = property(lambda self: self.net.W, doc="The network's weights W^[l], l = 2..L.")
    b = property(lambda self: self.net.b, doc="The network's biases b^[l], l = 2..L.")

    def n(self, l):
        """n_l, the number of neurons in layer l = 1..L."""
        return self.net.n(l)

    def parameter(self, param):
        """The value of the parameter named (l, j, k), ω_jk^[l], or (l, j), b_j^[l]."""
        return self.net.parameter(param)

    def check_data(self, x, y):
        """x and y as matching samples for layers 1 and L, and the masks checked against x's shape."""
        x, y = self.net.check_data(x, y)
        valid_masks(self.masks, x, self.net.sizes)
        return x, y

    def _cost(self, net, x, y):
        masks = valid_masks(self.masks, x, net.sizes)
        fp = masked_forward_pass(net.W, net.b, x, masks, net.activation.f, net.output_activation.f)
        return np.mean(net.cost_function.per_sample(fp.output, y))

    def cost(self, X, Y):
        """Cost (9) with the masks held fixed."""
        return float(self._cost(self.net, *self.check_data(X, Y)))

    def cost_with(self, param, value, X, Y):
        """Cost (9) with the masks held fixed and the parameter (l, j, k) or (l, j) set to value (complex for the
        complex step); the network itself unchanged."""
        X, Y = self.check_data(X, Y)
        return self._cost(self.net.with_parameter(param, value), X, Y)

    def gradients(self, x, y):
        """Lemma 1 with the masks held fixed: (22), (DO4), (24), (25)."""
        x, y = self.check_data(x, y)
        masks = valid_masks(self.masks, x, self.net.sizes)
        net = self.net
        fp = masked_forward_pass(net.W, net.b, x, masks, net.activation.f, net.output_activation.f)
        return masked_backpropagate(net.W, fp, y, masks, net.activation, net.cost_function, net.output_activation)
