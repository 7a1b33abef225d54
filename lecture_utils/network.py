"""The network: layers 1..L with n_l neurons, weights W^[l] and biases b^[l] for l = 2..L, eq (8)."""
import numpy as np

from . import _validate
from .activations import activation as _activation
from .cost import cost_function, mean_cost
from .forward import forward_pass
from .initialisation import weight_std
from .layers import LayerDict
from .lemma1 import backpropagate
from .minibatch import minibatch_gradients
from .output_layer import output_layer_activation
from .training import Parameter


class Network:
    """A feedforward network with sizes [n_1, ..., n_L]; weights and biases drawn as scale · N(0, 1), as netbp.m does
    (init="normal"), or W^[l] with the Xavier or He spread and b^[l] = 0 (init="xavier" or "he"). `output` is the
    activation of layer L: None keeps the lecture's (the hidden activation; the softmax with cross-entropy),
    "linear" makes a^[L] = z^[L] for regression (MS1), any name of OUTPUTS chooses that one."""

    def __init__(self, sizes, seed=None, scale=0.5, activation="sigmoid", cost="quadratic", init="normal",
                 output=None):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must list n_1, ..., n_L for L >= 2 layers, not {sizes!r}")
        self.sizes = tuple(_validate.positive_int(f"n_{l}", n) for l, n in enumerate(sizes, start=1))
        scale = _validate.nonnegative_finite("scale", scale)
        self.activation = _activation(activation)
        self.cost_function = cost_function(cost)
        self.output_activation = output_layer_activation(output, self.activation, self.cost_function)
        L = self.L
        shapes = {l: (self.n(l), self.n(l - 1)) for l in range(2, L + 1)}
        self.W = LayerDict("W^[l]", 2, L, shapes=shapes)
        self.b = LayerDict("b^[l]", 2, L, shapes={l: (self.n(l),) for l in range(2, L + 1)})
        std = weight_std(init, self.sizes, scale)
        self.init = init
        rng = np.random.default_rng(seed)
        for l in range(2, L + 1):  # netbp.m draws all the weights, then all the biases
            self.W[l] = std[l] * rng.standard_normal(shapes[l])
        for l in range(2, L + 1):
            self.b[l] = scale * rng.standard_normal(self.n(l)) if init == "normal" else np.zeros(self.n(l))

    @property
    def L(self):
        """The number of layers, counting the input layer 1."""
        return len(self.sizes)

    def n(self, l):
        """n_l, the number of neurons in layer l = 1..L."""
        return self.sizes[_validate.layer(l, 1, self.L, "layer l") - 1]

    @property
    def n_parameters(self):
        """How many weights and biases there are: Σ_l n_l (n_{l-1} + 1)."""
        return sum(self.n(l) * (self.n(l - 1) + 1) for l in range(2, self.L + 1))

    def __repr__(self):
        default = output_layer_activation(None, self.activation, self.cost_function)
        output = "" if self.output_activation == default else f", output={self.output_activation.name!r}"
        return (f"Network({list(self.sizes)}, activation={self.activation.name!r}, "
                f"cost={self.cost_function.name!r}{output})")

    # --- single parameters in the lecture's 1-based numbering ---------------------------------------
    def array_index(self, l, j, k=None):
        """Where ω_jk^[l] sits in W[l] (with k) or b_j^[l] in b[l] (without): (l, j − 1, k − 1) or (l, j − 1).
        A parameter that does not exist is refused in the lecture's terms (KeyError for l, IndexError for j, k)."""
        l = _validate.layer(l, 2, self.L, "W^[l]" if k is not None else "b^[l]")
        j = _validate.neuron("j", j, self.n(l), l)
        if k is None:
            return l, j - 1
        return l, j - 1, _validate.neuron("k", k, self.n(l - 1), l - 1) - 1

    def _named(self, param):
        """The store (W or b) and array index of a parameter named (l, j, k) for ω_jk^[l] or (l, j) for b_j^[l]."""
        if not isinstance(param, tuple) or len(param) not in (2, 3):
            raise ValueError(f"name a parameter as (l, j, k) for the weight ω_jk^[l] or (l, j) for the bias "
                             f"b_j^[l], not {param!r}")
        index = self.array_index(*param)
        return (self.W if len(param) == 3 else self.b), index

    def weight(self, l, j, k):
        """ω_jk^[l], the weight from neuron k of layer l−1 to neuron j of layer l (1-based)."""
        l, j, k = self.array_index(l, j, k)
        return float(self.W[l][j, k])

    def set_weight(self, l, j, k, value):
        """Set ω_jk^[l] to value, in place."""
        l, j, k = self.array_index(l, j, k)
        self.W[l][j, k] = _validate.finite_array(f"ω_{j + 1}{k + 1}^[{l}]", value).item()

    def bias(self, l, j):
        """b_j^[l], the bias of neuron j of layer l (1-based)."""
        l, j = self.array_index(l, j)
        return float(self.b[l][j])

    def set_bias(self, l, j, value):
        """Set b_j^[l] to value, in place."""
        l, j = self.array_index(l, j)
        self.b[l][j] = _validate.finite_array(f"b_{j + 1}^[{l}]", value).item()

    def parameter(self, param):
        """The value of the parameter named (l, j, k), ω_jk^[l], or (l, j), b_j^[l]."""
        store, (l, *entry) = self._named(param)
        return float(store[l][tuple(entry)])

    def with_parameter(self, param, value):
        """A copy of the network with the parameter named (l, j, k) or (l, j) set to value; the network itself is
        unchanged. A complex value (the complex step) makes that one layer's array complex."""
        value = _validate.finite_array("the parameter's value", value)
        if value.ndim != 0:
            raise ValueError(f"a parameter's value is one number, not an array of shape {value.shape}")
        new = self.copy()
        store, (l, *entry) = new._named(param)
        values = store[l].astype(np.result_type(store[l], value))
        values[tuple(entry)] = value
        store[l] = values
        return new

    def cost_with(self, param, value, X, Y):
        """Cost (9) on X, Y (C of (18) for one sample) with the parameter named (l, j, k) or (l, j) set to value,
        the network itself unchanged: the slice of the cost that a derivative by that parameter is the slope of.
        Complex when value is (the complex step reads its imaginary part)."""
        X, Y = self.check_data(X, Y)
        return self.with_parameter(param, value)._cost(X, Y)

    # --- what the training loop (training.fit) needs ---------------------------------------------------
    def trainable(self):
        """The parameters that training updates in place: W^[2], ..., W^[L] (with weight decay), then b^[2], ..., b^[L]."""
        layers = range(2, self.L + 1)
        return ([Parameter(f"W^[{l}]", self.W[l], decays=True) for l in layers]
                + [Parameter(f"b^[{l}]", self.b[l], decays=False) for l in layers])

    def trainable_gradients(self, X, Y):
        """∂Cost/∂p of Cost (9) on the batch X, Y for each of trainable(), in the same order: Lemma 1 with one column
        per sample (minibatch.minibatch_gradients)."""
        g, layers = minibatch_gradients(self, X, Y), range(2, self.L + 1)
        return [g.dW[l] for l in layers] + [g.db[l] for l in layers]

    def parameters_finite(self):
        """Whether every weight and bias is a finite number (training that overflowed has some that are not)."""
        return all(np.isfinite(self.W[l]).all() and np.isfinite(self.b[l]).all() for l in self.W)

    def copy(self):
        """An independent copy: changing one network's parameters leaves the other's alone."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.W, new.b = self.W.copy(), self.b.copy()
        return new

    # --- the mathematics --------------------------------------------------------------------------
    def check_input(self, x):
        """x as one sample (n_1,) or a batch (n_1, N), or a ValueError in the lecture's terms."""
        return _validate.samples("x", x, self.n(1), 1, "n_1")

    def check_data(self, x, y):
        """x and y as matching samples for layers 1 and L, or a ValueError in the lecture's terms."""
        x = self.check_input(x)
        return x, _validate.matching_target(x, y, self.n(self.L), self.L)

    def _forward(self, x):
        return forward_pass(self.W, self.b, x, self.activation.f, self.output_activation.f)

    def forward(self, x):
        """The forward pass (7), (19), (20): a record with .a[l] for l = 1..L and .z[l] for l = 2..L."""
        return self._forward(self.check_input(x))

    def output(self, x):
        """a^[L] for x: one column per sample."""
        return self.forward(x).output

    def _cost(self, x, y):
        return mean_cost(self.cost_function.per_sample(self._forward(x).output, y))

    def cost(self, X, Y):
        """Cost (9) over the columns of X, Y; for a single sample x, y this is C of eq (18)."""
        return float(self._cost(*self.check_data(X, Y)))

    def gradients(self, x, y):
        """Backpropagation, Lemma 1: .delta[l], .dW[l], .db[l] for l = 2..L (for a batch, the gradient of (9))."""
        x, y = self.check_data(x, y)
        return backpropagate(self.W, self._forward(x), y, self.activation, self.cost_function, self.output_activation)

    def predict(self, x):
        """The category of each sample: the (1-based) number of the largest output neuron."""
        return np.argmax(self.output(x), axis=0) + 1
