"""Thin ipywidgets wiring for the weight explorer and the training dashboard; the mathematics and the drawing live
in weight_explorer.py and training_dashboard.py. With `%matplotlib widget` (ipympl) the figures update in place."""
import asyncio
import base64
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
import numpy as np
import PIL.Image

from . import _validate
from . import training_dashboard as td
from . import weight_explorer as we


class Blitter:
    """Matplotlib's blitting recipe: after every full draw keep the static background (axes, ticks, labels), then
    each frame restore it and draw only the artists that `animated()` lists. Works on Agg and on ipympl alike."""

    def __init__(self, fig, animated):
        self.fig, self.animated, self.background = fig, animated, None
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def _on_draw(self, event):
        if self.fig.canvas.is_saving():  # savefig draws the animated artists too: not a background
            return
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_animated()

    def _draw_animated(self):
        for artist in self.animated():
            self.fig.draw_artist(artist)

    def frame(self, full=False, new_layout=False):
        """Show the figure's current state: a full draw if `full` or nothing is cached yet, else the cached
        background with the animated artists drawn over it, blitted. `new_layout`: the axes are new, so let the
        constrained layout settle first (it needs the sizes of the texts, which only a draw measures)."""
        for artist in self.animated():  # left out of the background that the next full draw keeps; also before
            artist.set_animated(True)   # ipympl's first draw, or drawing them over it leaves the figure stale
        if getattr(self.fig.canvas, "syncing_data_url", False):
            return  # ipympl before its view exists: a draw now leaves the view empty; the view asks for one itself
        if new_layout:
            self.fig.draw_without_rendering()
        if full or new_layout or self.background is None:
            self.fig.canvas.draw()
            return
        self.fig.canvas.restore_region(self.background)
        self._draw_animated()
        self.fig.canvas.blit(self.fig.bbox)


def _png(fig, rendered=False):
    """The figure as PNG bytes: re-rendered by savefig, or (rendered=True) the canvas's pixels as last drawn."""
    buf = io.BytesIO()
    if rendered:
        PIL.Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
    else:
        fig.savefig(buf, format="png")
    return buf.getvalue()


def _whole_frames(canvas):
    """Make an ipympl canvas send every frame whole. By default it sends the pixels that changed since the frame
    before, which a view can only paint over the frame it painted last; a view that missed one (a second view of
    the kernel, as RISE's slides beside JupyterLab's notebook, or frames arriving faster than the browser decodes
    them) then shows a patchwork of old and new. A whole frame costs 9-13 ms and 45-100 kB more to encode and send
    (measured on the dashboard and the explorer) and repairs any view it reaches."""
    changes_only = canvas.get_diff_image

    def whole_image():
        canvas._force_full = True
        return changes_only()

    canvas.get_diff_image = whole_image


class _FigureWidget(widgets.VBox):
    """A panel holding a figure: ipympl's canvas itself under `%matplotlib widget`, otherwise an Image widget that
    is refreshed on every frame. Its saved output also carries a PNG, so a reader without a kernel sees the figure."""

    def __init__(self, fig, controls):
        self.fig = fig
        self.live = isinstance(fig.canvas, widgets.DOMWidget)
        if self.live:
            fig.canvas.header_visible = fig.canvas.footer_visible = fig.canvas.toolbar_visible = False
            fig.canvas.resizable = False
            _whole_frames(fig.canvas)
        self.view = fig.canvas if self.live else widgets.Image(format="png")
        super().__init__(controls + [self.view])

    def refresh(self):
        """Push the figure to the Image widget when there is no ipympl canvas (ipympl sends its own frames)."""
        if not self.live:
            self.view.value = _png(self.fig, rendered=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(_png(self.fig)).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle


class _SelfDrawnFigure(Figure):
    """A widget's figure, drawn only when its widget says so (Blitter.frame) or its view asks: never stale to
    pyplot. Otherwise IPython redraws a stale figure in full after every kernel message (pyplot's draw_all runs as
    a post_execute hook, and comm messages trigger it too), which undoes the blitting and, with two views of one
    notebook (JupyterLab's and RISE's), kept the dashboard redrawing in an endless loop."""

    @property
    def stale(self):
        return False

    @stale.setter
    def stale(self, value):
        self._stale = value  # kept for matplotlib's own bookkeeping; nothing is told


def _figure(figsize):
    with plt.ioff():  # no second, automatic display of the canvas under ipympl
        return plt.figure(figsize=figsize, layout="constrained", FigureClass=_SelfDrawnFigure)


class WeightExplorer(_FigureWidget):
    """Choose ω_jk^[l] (only weights that exist are offered), move it, and watch C, the tangent from (25), and the
    readout; works on a copy of net, which Reset restores."""

    def __init__(self, net, x, y, l=3, j=4, k=3):
        x, y = net.check_data(x, y)
        net._index(l, j, k)  # refuses an (l, j, k) that does not exist, in the lecture's terms
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
        fig = _figure((10.4, 4.2))
        super().__init__(fig, [widgets.HBox([self.layer, self.j, self.k, self.reset_button]),
                               widgets.HBox([self.cost, self.sample]), self.slider, self.readout])
        self._busy = False
        self.blitter = Blitter(fig, lambda: [self.point, self.tangent])
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
        self._busy = False
        self._select()

    def _select(self):
        """A new (l, j, k), cost or sample: new slider range and curve, diagram redrawn in full."""
        if self._busy:
            return
        l, j, k = self.weight
        self.sample.disabled = self.X.ndim == 1 or self.cost.value == "9"
        omega = self.net.weight(l, j, k)
        self.values = we.weight_values(round(omega, 2))
        self._busy = True
        self.slider.min, self.slider.max = -1e9, 1e9  # widen first so that the value is never clipped
        self.slider.value = omega
        self.slider.min, self.slider.max = float(self.values[0]), float(self.values[-1])
        self.slider.description = f"ω_{j}{k}^[{l}]"
        self._busy = False
        self.point, self.tangent, _ = we.plot_explorer(self.fig, self.net, *self.data, l, j, k, self.values)
        self._update(new_layout=True)

    def _on_slider(self, change):
        if not self._busy:
            self.net.set_weight(*self.weight, change["new"])
            self._update()

    def _update(self, new_layout=False):
        """Recompute the readout at the current ω_jk^[l], move the point and the tangent, redraw them."""
        r = we.readout(self.net, *self.data, *self.weight)
        we.update_point_and_tangent(self.point, self.tangent, r, self.values)
        self.readout.value = we.format_readout(r)
        self.blitter.frame(new_layout=new_layout)
        self.refresh()

    def _on_reset(self, _=None):
        self.net = self.original.copy()
        self._select()


def weight_explorer(net=None, x=None, y=None, l=3, j=4, k=3):
    """The weight explorer, by default on Figure 6's 4-3-4-5-2 network with ω_43^[3] and ten made-up points
    (figure6_example); x, y may be one sample or a batch with samples as columns."""
    if net is None:
        net, X, Y = we.figure6_example()
        x = X if x is None else x
        y = Y if y is None else y
    if x is None or y is None:
        raise ValueError("give the data x, y that the cost (18) or (9) is computed on, with the network")
    return WeightExplorer(net, x, y, l, j, k)


class TrainingDashboard(_FigureWidget):
    """Play, Pause, Step and Reset for the stochastic gradient method (15), with live Cost (9), ‖δ^[l]‖ and decision
    regions. Play runs as an asyncio task in the kernel's event loop, so Pause (and everything else) stays live."""

    def __init__(self, net, X, Y, eta=0.05, seed=0, iterations_per_frame=2000):
        if net.n(1) != 2 or net.n(net.L) != 2:
            raise ValueError(f"the dashboard draws decision regions in the unit square, so it needs n_1 = 2 inputs "
                             f"and n_L = 2 outputs, not n_1 = {net.n(1)} and n_L = {net.n(net.L)}")
        self.training = td.Training(net, X, Y, eta, seed)
        iterations_per_frame = _validate.positive_int("iterations_per_frame", iterations_per_frame)
        self.play_button = widgets.Button(description="Play", icon="play", button_style="success")
        self.pause_button = widgets.Button(description="Pause", icon="pause")
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.eta = widgets.SelectionSlider(options=learning_rates(eta), value=eta, description="η")
        self.iterations = widgets.Dropdown(options=sorted({100, 200, 500, 1000, 2000, 5000, 10000,
                                                           iterations_per_frame}),
                                          value=iterations_per_frame, description="iterations per frame / Step",
                                          style={"description_width": "initial"}, layout={"width": "300px"})
        self.status = widgets.HTML()
        self.message = widgets.HTML()
        fig = _figure((10.4, 3.6))
        super().__init__(fig, [widgets.HBox([self.play_button, self.pause_button, self.step_button,
                                             self.reset_button]),
                               widgets.HBox([self.eta, self.iterations]), self.status, self.message])
        self.task = None
        self.blitter = Blitter(fig, lambda: td.animated_artists(self.artists))
        self.play_button.on_click(self._on_play)
        self.pause_button.on_click(self._on_pause)
        self.step_button.on_click(self._on_step)
        self.reset_button.on_click(self._on_reset)
        self.eta.observe(self._on_eta, "value")
        self._draw_all()

    def __repr__(self):
        return f"TrainingDashboard(network {list(self.training.net.sizes)}, η = {self.training.eta:g})"

    @property
    def playing(self):
        """True while the Play task runs."""
        return self.task is not None and not self.task.done()

    def _draw_all(self):
        self.artists = td.plot_dashboard(self.fig, self.training)
        self._show(new_layout=True)

    def _show(self, full=False, new_layout=False):
        self.status.value = f"<b>{self.training.status()}</b>"
        self.message.value = (f"<span style='color:#b00'>{self.training.message}</span>"
                              if self.training.stopped else "")
        self.play_button.disabled = self.step_button.disabled = self.training.stopped
        self.blitter.frame(full, new_layout)
        self.refresh()

    def advance(self):
        """One frame: the chosen number of iterations, then the figure; False once training has stopped."""
        ok = self.training.step(self.iterations.value)
        self._show(full=td.update_dashboard(self.artists, self.training))
        return ok

    async def _run(self):
        while self.advance():
            await asyncio.sleep(0.005)  # hand the event loop back: button clicks (Pause) are handled here

    def _on_play(self, _=None):
        if self.playing or self.training.stopped:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("Play needs a running event loop, as a Jupyter kernel has; use Step here") from None
        self.task = loop.create_task(self._run())

    def _on_pause(self, _=None):
        if self.playing:
            self.task.cancel()

    def _on_step(self, _=None):
        if not self.playing:
            self.advance()

    def _on_reset(self, _=None):
        self._on_pause()
        self.training.reset()
        self.training.eta = self.eta.value
        self._draw_all()

    def _on_eta(self, change):
        self.training.eta = float(change["new"])
        self._show()


def learning_rates(eta):
    """The choices of η on a log scale, 1, 2, 5 per decade from 0.001 to 100, with eta among them."""
    return sorted({float(f"{m}e{e}") for e in range(-3, 3) for m in (1, 2, 5) if e < 2 or m == 1} | {float(eta)})


def training_dashboard(net, X, Y, eta=0.05, seed=0, iterations_per_frame=2000):
    """The training dashboard for net on X, Y (samples as columns), starting with learning rate eta."""
    return TrainingDashboard(net, X, Y, eta, seed, iterations_per_frame)

