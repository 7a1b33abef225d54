"""The training dashboard's state and figure, without its controls: training by (15) a chunk at a time, and
live panels of Cost (9), ‖δ^[l]‖ and the decision regions."""
import contourpy
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from .. import _validate
from ..classification import decision_grid
from ..plotting import COLORS, REGION_COLORS, plot_cost_history, plot_data, plot_delta_history
from ..stochastic_gradient import DivergenceError, divergence_message, history_from_records, record, sgd


class Training:
    """A training run of the stochastic gradient method (15) on X, Y that advances a chosen number of iterations
    at a time, records Cost (9) and ‖δ^[l]‖ after each chunk, and stops for good, with a message, if it diverges."""

    def __init__(self, net, X, Y, eta=0.05, seed=0):
        self.X, self.Y = net.check_data(X, Y)
        self.initial, self.seed = net.copy(), seed
        self.eta = _validate.positive_finite("eta", eta)
        self.reset()

    def reset(self):
        """Back to the initial network, iteration 0, and the same random stream as at the start."""
        self.net = self.initial.copy()
        self.rng = np.random.default_rng(self.seed)
        self.iteration, self.message = 0, None
        self._rows = [record(self.net, self.X, self.Y, 0)]

    @property
    def stopped(self):
        """True once training has diverged; only reset() starts it again."""
        return self.message is not None

    @property
    def cost(self):
        """Cost (9) at the current iteration."""
        return self._rows[-1][1]

    def step(self, n_iter):
        """Do n_iter more iterations of (15) with the current eta; returns False (and sets .message) if they
        diverged, in which case the network stays as it was before them and nothing is recorded."""
        n_iter = _validate.positive_int("n_iter", n_iter)
        if self.stopped:
            return False
        before = self.net.copy()
        try:  # divergence is judged against Cost (9) at iteration 0, whatever the number of iterations per frame
            h = sgd(self.net, self.X, self.Y, self.eta, n_iter, seed=self.rng, record_every=n_iter,
                    cost_at_start=self._rows[0][1])
            cost, norms, why = float(h.cost[-1]), {l: float(v[-1]) for l, v in h.delta_norm.items()}, ""
            gradients = (float(h.gradient_norm[-1]), float(h.sample_gradient_rms[-1]))
        except DivergenceError as exc:
            why = exc.reason
        if why:
            self.net = before
            self.message = divergence_message(
                f"during iterations {self.iteration + 1:,}–{self.iteration + n_iter:,}", why, self.eta, on_dashboard=True)
            return False
        self.iteration += n_iter
        self._rows.append((self.iteration, cost, norms, gradients))
        return True

    @property
    def history(self):
        """Cost (9), ‖δ^[l]‖ and the gradient norms at iteration 0 and after every chunk, as a History."""
        return history_from_records(self._rows, self.net.L, self.eta)

    def status(self):
        """One line for the dashboard: the iteration count and Cost (9)."""
        return f"iteration {self.iteration:,} · Cost (9) = {self.cost:.3e} · η = {self.eta:g}"

def nice_bound(value):
    """The smallest of 1, 2, 5 times a power of 10 that is >= value (and >= 1000): the iteration axis grows in
    such steps, so the still parts (axes, ticks, labels) are redrawn rarely and the moving ones alone most frames."""
    value = max(float(value), 1000.0)
    decade = 10.0 ** np.floor(np.log10(value))
    return next(m * decade for m in (1, 2, 5, 10) if m * decade >= value)

def thousands(value, _position=None):
    """An iteration count as a short tick label: 500, 20k, 150k, 1M."""
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value / 1e3:g}k" if value >= 1e3 else f"{value:g}"

def decades(values):
    """Limits for a log axis: the powers of 10 just below the smallest and just above the largest positive value."""
    values = np.asarray(values)[np.asarray(values) > 0]
    if values.size == 0:  # nothing to show on a log scale yet (every ‖δ^[l]‖ exactly 0, say)
        return 1e-3, 1.0
    return 10.0 ** np.floor(np.log10(values.min())), 10.0 ** np.ceil(np.log10(values.max()))

def plot_dashboard(fig, training, resolution=60):
    """The dashboard's three panels on fig: Cost (9), and ‖δ^[l]‖ with ‖∇Cost‖ dashed, against iteration (log
    scales), and the decision regions with the data. Returns the artists that update_dashboard moves."""
    fig.clear()
    ax_cost, ax_delta, ax_regions = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 0.8]})
    h = training.history
    plot_cost_history(h, ax_cost)
    plot_delta_history(h, ax_delta)
    gradient, = ax_delta.semilogy(h.iteration, h.gradient_norm, "--", color=COLORS["highlight"], linewidth=2,
                                  label=r"$\|\nabla \mathrm{Cost}\|$")   # the samples' pulls, cancelled (notebook 09)
    ax_delta.legend(loc="best", fontsize="x-small")
    image = ax_regions.imshow(np.zeros((resolution, resolution)), origin="lower", extent=(0, 1, 0, 1), vmin=0, vmax=1,
                              cmap=ListedColormap(REGION_COLORS), interpolation="nearest")
    boundary, = ax_regions.plot([], [], color="k", linewidth=1.5, zorder=2)  # where a_1^[L] = a_2^[L]
    plot_data(training.X, training.Y, ax_regions, size=60)
    ax_regions.set_title("A shaded blue, B red", fontsize="small")
    ax_regions.set_xticks([0, 0.5, 1])
    ax_regions.set_yticks([0, 0.5, 1])
    for ax in (ax_cost, ax_delta):  # few ticks: drawing tick labels is most of a full frame's time
        ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(FuncFormatter(thousands))
        ax.yaxis.set_minor_locator(NullLocator())
        for line in ax.lines:  # a dot marks the current iteration, so even iteration 0 alone shows
            line.set(marker="o", markevery=[-1], markersize=6)
    artists = {"axes": (ax_cost, ax_delta, ax_regions), "regions": image, "points": list(ax_regions.collections),
               "gradient": gradient, "resolution": resolution, "boundary": boundary}
    update_dashboard(artists, training)
    return artists

def update_dashboard(artists, training):
    """Move every curve to the training's current history and recolour the decision regions, without a new
    figure. Returns True when an axis range changed, so that the axes themselves need redrawing too."""
    h = training.history
    ax_cost, ax_delta, ax_regions = artists["axes"]
    ax_cost.lines[0].set_data(h.iteration, h.cost)
    for line, l in zip(ax_delta.lines, sorted(h.delta_norm)):
        line.set_data(h.iteration, h.delta_norm[l])
    artists["gradient"].set_data(h.iteration, h.gradient_norm)
    limits = {ax_cost: decades(h.cost),
              ax_delta: decades(np.concatenate([*h.delta_norm.values(), h.gradient_norm]))}
    changed = False
    for ax, ylim in limits.items():
        xlim = (0, nice_bound(h.iteration[-1]))
        if ax.get_xlim() != xlim or ax.get_ylim() != ylim:
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            changed = True
    x1, x2, margin = decision_grid(training.net, artists["resolution"])
    artists["regions"].set_data(margin > 0)
    artists["boundary"].set_data(*boundary_line(x1, x2, margin))
    return changed

def boundary_line(x1, x2, margin):
    """The decision boundary a_1^[L] = a_2^[L] (margin 0) on the grid as one line's (x, y), its pieces separated
    by NaN; empty when the network puts the whole square in one category."""
    if not margin.min() < 0 < margin.max():
        return [], []
    pieces = [p for p in contourpy.contour_generator(x1, x2, margin, line_type="ChunkCombinedNan").lines(0)[0]
              if p is not None]
    xy = np.concatenate(pieces) if pieces else np.empty((0, 2))
    return xy[:, 0], xy[:, 1]

def moving_artists(artists):
    """The artists that change every frame: the curves, the regions and the boundary (the data points stay)."""
    ax_cost, ax_delta, _ = artists["axes"]
    return [*ax_cost.lines, *ax_delta.lines, artists["regions"], artists["boundary"]]
