"""The weight explorer as a widget: choose ω_jk^[l], move it, watch C, the tangent from (25) and the readout."""
import asyncio

import ipywidgets as widgets

from ..data import figure6_example
from .accessibility import AccessiblePanel
from .explorer import (describe_readout, format_readout, plot_explorer, readout, update_point_and_tangent,
                       weight_values)
from .live_figure import LivePanel, agg_figure

READOUT_AFTER = 0.02  # seconds from a frame of the figure to its readout: past the browser's next display frame


class WeightExplorer(AccessiblePanel, LivePanel):
    """Choose ω_jk^[l] (only weights that exist are offered), move it, and watch C, the tangent from (25), and the
    readout; works on a copy of net, which Reset restores. Matplotlib draws the network and the curve once per
    chosen weight; the browser draws the point and the tangent from a few numbers per move (live_figure.py)."""

    def __init__(self, net, x, y, l=3, j=4, k=3):
        x, y = net.check_data(x, y)
        net.array_index(l, j, k)  # refuses an (l, j, k) that does not exist, in the lecture's terms
        self.original, self.net, self.X, self.Y = net, net.copy(), x, y
        N = 1 if x.ndim == 1 else x.shape[1]
        narrow = {"style": {"description_width": "initial"}, "layout": {"width": "110px", "margin": "0 12px 0 0"}}
        self.layer = widgets.Dropdown(options=list(range(2, net.L + 1)), value=l, description="layer l", **narrow)
        self.j = widgets.Dropdown(options=list(range(1, net.n(l) + 1)), value=j, description="j", **narrow)
        self.k = widgets.Dropdown(options=list(range(1, net.n(l - 1) + 1)), value=k, description="k", **narrow)
        self.cost = widgets.ToggleButtons(options=[("one sample: C (18)", "18"), (f"all {N}: Cost (9)", "9")],
                                          value="18", disabled=N == 1)
        self.sample = widgets.IntSlider(value=1, min=1, max=N, description="sample i")
        self.slider = widgets.FloatSlider(step=0.01, readout_format=".2f", continuous_update=True,
                                          layout={"width": "520px"})
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.readout = widgets.HTMLMath()
        fig = agg_figure((10.4, 4.2))
        super().__init__(fig, [widgets.HBox([self.layer, self.j, self.k, self.reset_button]),
                               widgets.HBox([self.cost, self.sample]), self.slider, self.readout],
                         moving=lambda: [self.point, self.tangent], name="explorer")
        self.accessible_panel("The weight explorer's figure")
        self.name_controls({self.layer: "layer l", self.sample: "sample i",
                            self.cost: "cost: one sample, C (18), or all samples, Cost (9)"})
        self._busy, self.readout_timer = False, None
        self._select()
        self.layer.observe(self._on_layer, "value")
        for control in (self.j, self.k, self.cost, self.sample):
            control.observe(lambda change: self._select(), "value")
        self.slider.observe(self._on_slider, "value")
        self.reset_button.on_click(self._on_reset)

    def __repr__(self):
        return f"WeightExplorer(ω_{self.j.value}{self.k.value}^[{self.layer.value}] of the network {list(self.net.sizes)})"

    @property
    def data(self):
        """The x, y that C is computed on: sample i for (18), every sample for (9)."""
        if self.X.ndim == 1:
            return self.X, self.Y
        if self.cost.value == "9":
            return self.X, self.Y
        i = self.sample.value - 1
        return self.X[:, i], self.Y[:, i]

    @property
    def weight(self):
        """The chosen (l, j, k)."""
        return self.layer.value, self.j.value, self.k.value

    def _on_layer(self, change):
        l = change["new"]
        self._busy = True  # the options change j and k one at a time; draw once, at the end
        self.j.options = list(range(1, self.net.n(l) + 1))
        self.k.options = list(range(1, self.net.n(l - 1) + 1))
        self._busy, self.readout_timer = False, None
        self._select()

    def _select(self):
        """A new (l, j, k), cost or sample: new slider range and curve, diagram redrawn in full."""
        if self._busy:
            return
        l, j, k = self.weight
        self.sample.disabled = self.X.ndim == 1 or self.cost.value == "9"
        omega = self.net.weight(l, j, k)
        self.values = weight_values(round(omega, 2))
        self._busy = True
        self.slider.min, self.slider.max = -1e9, 1e9  # widen first so that the value is never clipped
        self.slider.value = omega
        self.slider.min, self.slider.max = float(self.values[0]), float(self.values[-1])
        self.slider.description = f"ω_{j}{k}^[{l}]"
        self.name_controls({self.slider: f"weight ω_{j}{k}^[{l}]", self.j: f"neuron j of layer {l}",
                            self.k: f"neuron k of layer {l - 1}"})
        self._busy = False
        self.point, self.tangent, _ = plot_explorer(self.fig, self.net, *self.data, l, j, k, self.values)
        C = "C (18)" if self.cost.value == "18" or self.X.ndim == 1 else "Cost (9)"
        self.describe(label=f"The weight explorer's figure: the network with ω_{j}{k}^[{l}] and the neurons it "
                            f"changes highlighted, and {C} against ω_{j}{k}^[{l}] with its tangent of slope (25) at "
                            f"the current value")
        self._update(new_curve=True)

    def _on_slider(self, change):
        if not self._busy:
            self.net.set_weight(*self.weight, change["new"])
            self._update()

    def _update(self, new_curve=False):
        """Recompute the readout at the current ω_jk^[l], move the point and the tangent, show them (first: the
        frame is what the eye follows), then the readout; with a new curve, matplotlib draws the still parts anew."""
        r = readout(self.net, *self.data, *self.weight)
        update_point_and_tangent(self.point, self.tangent, r, self.values)
        if new_curve:
            self.view.redraw()
        else:
            self.view.show()
        self._show_readout(format_readout(r), describe_readout(r), at_once=new_curve)

    def _show_readout(self, html, text, at_once=False):
        """The readout, and its plain text for a screen reader, a display frame after the figure (typesetting it
        would hold up the frame's painting in the browser), the newest only when the slider moves faster; at once
        when no event loop runs (a script) or `at_once` (a new weight: the whole figure is new anyway)."""
        self.readout_html, self.readout_text = html, text
        if at_once:
            self._send_readout()
            return
        if self.readout_timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._send_readout()
            return
        self.readout_timer = loop.call_later(READOUT_AFTER, self._send_readout)

    def _send_readout(self):
        if self.readout_timer is not None:
            self.readout_timer.cancel()
        self.readout_timer = None
        self.readout.value = self.readout_html
        self.describe(text=self.readout_text)

    def _on_reset(self, _=None):
        self.net = self.original.copy()
        self._select()

def weight_explorer(net=None, x=None, y=None, l=3, j=4, k=3):
    """The weight explorer, by default on Figure 6's 4-3-4-5-2 network with ω_43^[3] and ten made-up points
    (figure6_example); x, y may be one sample or a batch with samples as columns."""
    if net is None:
        net, X, Y = figure6_example()
        x = X if x is None else x
        y = Y if y is None else y
    if x is None or y is None:
        raise ValueError("give the data x, y that the cost (18) or (9) is computed on, with the network")
    return WeightExplorer(net, x, y, l, j, k)
