"""The output layer's own activation, Network(output=...): σ as in the lecture, or linear, a^[L] = z^[L] (MS1), for
regression, where (22) loses its σ' factor (MS2); with the cross-entropy cost, the softmax that cost brings."""
import numpy as np

from . import _validate
from .activations import ACTIVATIONS, Activation, activation as _activation
from .cost import cost_function, softmax


def linear(z):
    """The linear output a^[L] = z^[L], eq (MS1): the identity, as a fresh array."""
    return np.array(z)


def linear_prime(z):
    """The identity's derivative, 1 for every z: (22) with σ' replaced by 1 is δ^[L] = a^[L] − y, eq (MS2)."""
    return np.ones(np.shape(z))


def _no_elementwise_prime(z):
    raise ValueError("the softmax has no derivative neuron by neuron (its Jacobian diag(a) − a aᵀ is full, "
                     "notebook 11), so (22) and the matrices D^[L] do not apply to it; with the cross-entropy cost "
                     "δ^[L] = a^[L] − y needs none")


LINEAR = Activation("linear", linear, linear_prime, lambda a: np.ones(np.shape(a)), prime_max=1.0)
"""The linear output layer (MS1): f(z) = z, f' = 1 (no fast Python-float kernel: sgd uses numpy for it)."""

SOFTMAX = Activation("softmax", softmax, _no_elementwise_prime, _no_elementwise_prime, prime_max=1.0)
"""The cross-entropy cost's output layer (notebook 11); prime_max bounds its Jacobian's norm (at most max_j a_j)."""

OUTPUTS = {**ACTIVATIONS, "linear": LINEAR, "softmax": SOFTMAX}
"""The output activations known by name, Network(output=name)."""


def output_layer_activation(output, activation, cost):
    """The activation of layer L for Network(…, output=…): None keeps the lecture's (the hidden `activation`, or
    the cost's own output layer, the softmax of cross-entropy); a name from OUTPUTS or an Activation chooses one.
    A combination whose (22) would be wrong is refused in words."""
    activation, cost = _activation(activation), cost_function(cost)
    if cost.output_activation is not None:  # the cost brings its own output layer
        own = SOFTMAX if cost.output_activation is softmax else Activation(
            f"{cost.name} output", cost.output_activation, _no_elementwise_prime, _no_elementwise_prime, np.nan)
        if output is None or output is own or (isinstance(output, str) and output == own.name):
            return own
        name = output.name if isinstance(output, Activation) else output
        raise ValueError(f"the {cost.name} cost comes with its own output layer, a^[L] = {own.name}(z^[L]), and "
                         f"its δ^[L] = a^[L] − y holds only for that layer, so output={name!r} cannot go with it: "
                         f"leave output unset, or use cost='quadratic' for output={name!r}")
    if output is None:
        return activation
    chosen = _validate.registered("output activation", output, OUTPUTS, Activation)
    if chosen is SOFTMAX:
        raise ValueError(f"output='softmax' belongs with cost='cross_entropy' (notebook 11): with the {cost.name} "
                         f"cost, (22) would need σ' neuron by neuron, which the softmax does not have")
    return chosen
