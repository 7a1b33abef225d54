"""The training dashboard as a widget: Play, Pause, Step and Reset for (15), with η and the frame size."""
import asyncio
import time

import ipywidgets as widgets

from .. import _validate
from .dashboard import Training, moving_artists, plot_dashboard, update_dashboard
from .accessibility import AccessiblePanel
from .live_figure import LivePanel, agg_figure

STATUS_EVERY = 0.25  # seconds between two updates of the status line while Play runs
TRAINING_SHARE = 0.25  # of one core, at most, for Play's training: the browser paints on the same cores


class TrainingDashboard(AccessiblePanel, LivePanel):
    """Play, Pause, Step and Reset for the stochastic gradient method (15), with live Cost (9), ‖δ^[l]‖ and decision
    regions. Play runs as an asyncio task in the kernel's event loop, so Pause (and everything else) stays live.
    The browser draws the curves and the regions (live_figure.py); frames it cannot keep up with are dropped."""

    def __init__(self, net, X, Y, eta=0.05, seed=0, iterations_per_frame=2000):
        if net.n(1) != 2 or net.n(net.L) != 2:
            raise ValueError(f"the dashboard draws decision regions in the unit square, so it needs n_1 = 2 inputs "
                             f"and n_L = 2 outputs, not n_1 = {net.n(1)} and n_L = {net.n(net.L)}")
        self.training = Training(net, X, Y, eta, seed)
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
        fig = agg_figure((10.4, 3.6))
        self.artists = plot_dashboard(fig, self.training)  # what the panel's view needs; drawn anew below
        super().__init__(fig, [widgets.HBox([self.play_button, self.pause_button, self.step_button,
                                             self.reset_button]),
                               widgets.HBox([self.eta, self.iterations]), self.status, self.message],
                         moving=lambda: moving_artists(self.artists), holes=[self.artists["axes"][2]],
                         name="dashboard", update=self._update_figure)
        self.accessible_panel("The training dashboard's figure: Cost (9) and ‖δ^[l]‖ of each layer with ‖∇Cost‖ "
                              "against the iteration, and the decision regions with the points of A and B")
        self.name_controls({self.eta: "learning rate η", self.iterations: "iterations per frame and per Step"})
        self.task, self.status_at = None, 0.0
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
        self.fig.set_layout_engine("constrained")
        self.artists = plot_dashboard(self.fig, self.training)
        self.view.holes = (self.artists["axes"][2],)  # new axes: the regions' holes in the background move too
        self._show(full=True)
        self.fig.set_layout_engine("none")  # the panels stay where the first draw put them: new limits and ticks
        # then cost a draw, not a layout as well (half the time of a redraw)

    def _update_figure(self):
        """Called by the view just before it sends a frame: move the curves and the regions to the training's
        state, and the status line with them (while Play runs, at most every STATUS_EVERY seconds: one message
        fewer per frame); True when an axis range changed (a new background)."""
        if not self.playing or time.monotonic() - self.status_at >= STATUS_EVERY:
            status = self.training.status()
            self.status.value = f"<b>{status}</b>"
            self.describe(text=f"{status}. {self.training.message}" if self.training.stopped else f"{status}.")
            self.status_at = time.monotonic()
        self.message.value = (f"<span style='color:#b00'>{self.training.message}</span>"
                              if self.training.stopped else "")
        self.play_button.disabled = self.step_button.disabled = self.training.stopped
        return update_dashboard(self.artists, self.training)

    def _show(self, full=False):
        """Show the training's state; while Play runs, frames the browser is not ready for are dropped (and not
        even drawn: the training goes on), otherwise every state is shown."""
        self.view.show(full, force=full or not self.playing)

    def advance(self):
        """One frame: the chosen number of iterations, then the figure; False once training has stopped."""
        ok = self.training.step(self.iterations.value)
        self._show()
        return ok

    async def _run(self):
        try:
            while True:
                started = time.monotonic()
                if not self.advance():
                    break
                # The training takes at most TRAINING_SHARE of one core; the rest of the time the event loop is
                # free for the frame due (sent on time by the view's timer) and for button clicks (Pause), and
                # the CPU for the browser, which paints on the same 2 cores.
                busy = time.monotonic() - started
                await asyncio.sleep(max(0.001, busy * (1 / TRAINING_SHARE - 1)))
        finally:  # paused or stopped: whatever frames were dropped, the last state is shown
            self.status_at = 0.0
            self.view.show(force=True)

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
