"""Instructors' presets: one call puts a phenomenon of the lecture on screen, with its network, data and widget."""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..data import figure6_example, higham_data
from ..network import Network
from .dashboard_widget import training_dashboard
from .explorer_widget import weight_explorer

DEEP = [2] + [8] * 8 + [2]
"""Ten layers: the 10 points' two inputs, eight hidden layers of eight neurons, two outputs."""


@dataclass
class Scenario:
    """A named preset: what it shows, a configured network, its data, and how to show it."""
    name: str
    shows: str
    net: Network
    X: np.ndarray
    Y: np.ndarray
    make_widget: Callable
    locks: tuple

    def widget(self, locked=False):
        """The widget at this scenario's settings; locked=True disables the controls named in `locks`, so the
        class looks at the phenomenon rather than at other settings."""
        w = self.make_widget(self)
        for name in self.locks if locked else ():
            getattr(w, name).disabled = True
        return w

    def __repr__(self):
        return f"scenario {self.name!r}: {self.shows}"


_DASHBOARD_LOCKS = ("eta", "iterations")
_EXPLORER_LOCKS = ("layer", "j", "k", "cost", "sample")


def _figure6():
    net, X, Y = figure6_example()
    return ("Figure 6's 4-3-4-5-2 network with ω_43^[3]: move it and compare the slope δ_4^[3] a_3^[2] of (25) "
            "with the curve of C", net, X, Y,
            lambda s: weight_explorer(s.net, s.X, s.Y, l=3, j=4, k=3), _EXPLORER_LOCKS)


def _vanishing():
    X, Y = higham_data()
    return ("a 10-layer sigmoid network, weights 0.5 N(0, 1): ‖δ^[2]‖ is about 1e-5 times ‖δ^[10]‖, since each "
            "layer back multiplies the errors by about 0.25, as notebook 14's estimate s √n rms σ'(z) = 0.5 √8 · 0.22 "
            "says, "
            "so by (24), (25) the early layers' gradients are tiny",
            Network(DEEP, seed=1), X, Y, lambda s: training_dashboard(s.net, s.X, s.Y, eta=0.05),
            _DASHBOARD_LOCKS)


def _exploding():
    X, Y = higham_data()
    return ("a 10-layer ReLU network with a softmax output, weights 1.2 N(0, 1): each layer back multiplies "
            "‖δ^[l]‖ by about 2, so ‖δ^[2]‖ is hundreds of times ‖δ^[10]‖; the first steps are so large that they "
            "silence whole ReLU layers, after which δ^[l] = 0 below them and the network answers every point alike",
            Network(DEEP, seed=3, scale=1.2, activation="relu", cost="cross_entropy"), X, Y,
            lambda s: training_dashboard(s.net, s.X, s.Y, eta=0.05), _DASHBOARD_LOCKS)


def _saturated_output():
    X, Y = higham_data()
    net = Network([2, 2, 3, 2], seed=0)
    net.b[4] = np.array([-6.0, 6.0])  # every point answered "B" with confidence: σ'(z^[4]) below 0.005
    return ("the 2-2-3-2 network with its outputs saturated: half the points are wrong, yet σ'(z^[L]) in (22) "
            "is tiny, so δ^[L] is too and training stalls on a plateau", net, X, Y,
            lambda s: training_dashboard(s.net, s.X, s.Y, eta=0.05), _DASHBOARD_LOCKS)


def _too_large_eta():
    X, Y = higham_data()
    return ("the 2-2-3-2 network trained with eta = 100: the steps (15) overshoot, Cost (9) rises instead of "
            "falling, and training stops with the reason in words", Network([2, 2, 3, 2], seed=0), X, Y,
            lambda s: training_dashboard(s.net, s.X, s.Y, eta=100.0), _DASHBOARD_LOCKS)


SCENARIOS = {"figure6": _figure6, "vanishing": _vanishing, "exploding": _exploding,
             "saturated_output": _saturated_output, "too_large_eta": _too_large_eta}


def scenario(name):
    """The preset called `name`, freshly built (its network untouched by earlier use): scenario("vanishing").widget()."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
    return Scenario(name, *SCENARIOS[name]())
