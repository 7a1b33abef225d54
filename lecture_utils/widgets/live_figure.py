"""A widget's figure drawn in two halves: matplotlib draws the still parts (axes, ticks, labels, legends) once, as a
PNG, and the browser draws what moves (lines, images) from a few numbers per update, with the colours and widths
that matplotlib has for them, so one style holds for static figures and live widgets. The browser's half is
static/live_figure.js, an anywidget ES module with no imports (it works offline). The matplotlib figure keeps
every artist up to date, so the PNG in a saved notebook (a reader without a kernel) shows the whole picture."""
import asyncio
import base64
import io
import pathlib
import time

import anywidget
import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import PIL.Image
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from .canvas import png_bytes

ESM = pathlib.Path(__file__).resolve().parent / "static" / "live_figure.js"
IN_FLIGHT = 6        # frames sent but not yet painted by any view, beyond which a new frame is dropped
ASK_AT = 3           # frames in flight from which a frame asks the view to say when it has painted (each answer
#                      costs the page and the kernel a message: not one per frame)
STALE_AFTER = 0.25   # seconds without a 'painted' after which the kernel sends again (no view, or a hidden one)
MIN_INTERVAL = 1 / 30  # seconds between two frames, the newest going out then: at most 30 a second, evenly spaced,
#                        so that the browser paints each (at 1/60 they arrived in bunches and half were coalesced)
DASHES = {"--": "lines.dashed_pattern", ":": "lines.dotted_pattern", "-.": "lines.dashdot_pattern"}


def agg_figure(figsize):
    """A figure of `figsize` inches with the constrained layout on Agg, drawn only when its widget says so:
    pyplot never sees it, so IPython never redraws it after a kernel message."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig

def css(color, alpha=None):
    """A matplotlib colour as CSS rgba()."""
    r, g, b, a = to_rgba(color, alpha)
    return f"rgba({round(255 * r)},{round(255 * g)},{round(255 * b)},{a:.3f})"

def axes_boxes(fig):
    """Each axes' box in the PNG's pixels (left, top, width, height) with its limits and scales."""
    height = fig.bbox.height
    boxes = []
    for ax in fig.axes:
        x0, y0, x1, y1 = ax.bbox.extents
        boxes.append({"bbox": [x0, height - y1, x1 - x0, y1 - y0], "xlim": list(map(float, ax.get_xlim())),
                      "ylim": list(map(float, ax.get_ylim())), "xscale": ax.get_xscale(), "yscale": ax.get_yscale()})
    return boxes

def thinned(x, y, max_points):
    """At most about max_points of the points (x, y), evenly by index, the last always kept."""
    if len(x) <= max_points:
        return x, y
    keep = np.unique(np.r_[np.linspace(0, len(x) - 1, max_points).astype(int), len(x) - 1])
    return x[keep], y[keep]

def line_spec(line, axes_index, pixels_per_point, max_points):
    """A Line2D for the browser: its points as float32 (x then y) and its style in pixels."""
    x, y = (np.asarray(v, dtype=float) for v in line.get_data())
    x, y = thinned(x, y, max_points)
    style = line.get_linestyle()
    width = 0.0 if style in ("None", "none", "", " ") else line.get_linewidth() * pixels_per_point
    scale = line.get_linewidth() if mpl.rcParams["lines.scale_dashes"] else 1.0
    dash = [float(v) * scale * pixels_per_point for v in mpl.rcParams[DASHES[style]]] if style in DASHES else []
    every = line.get_markevery()
    return {"axes": axes_index, "xy": np.concatenate([x, y]).astype("<f4").tobytes(),
            "color": css(line.get_color(), line.get_alpha()), "alpha": 1, "width": width, "dash": dash,
            "marker": "o" if line.get_marker() == "o" else None,
            "markersize": line.get_markersize() * pixels_per_point,
            "markerface": css(line.get_markerfacecolor(), line.get_alpha()),
            "markeredge": css(line.get_markeredgecolor(), line.get_alpha()),
            "markeredgewidth": line.get_markeredgewidth() * pixels_per_point,
            "markevery": "last" if every is not None and list(np.atleast_1d(every)) == [-1] else "all",
            "clip": line.get_clip_on()}

def image_spec(image, axes_index):
    """An AxesImage with a listed colormap for the browser: one uint8 colour index per pixel, and the colours."""
    cmap, values = image.get_cmap(), np.ma.filled(image.norm(np.asarray(image.get_array(), dtype=float)), 0.0)
    index = np.clip(np.floor(values * cmap.N), 0, cmap.N - 1).astype(np.uint8)
    colors = [[round(255 * c) for c in cmap(i, alpha=image.get_alpha())] for i in range(cmap.N)]
    return {"axes": axes_index, "data": np.ascontiguousarray(index).tobytes(), "shape": list(index.shape),
            "colors": colors, "extent": list(map(float, image.get_extent())), "origin": image.origin}

def frame_of(fig, moving, holes, seq, max_points=300):
    """What moves, for the browser: lines in the `holes` axes and images go under the PNG, other lines over it;
    a line keeps at most about max_points points (about one per pixel of the widest panel)."""
    ppp = fig.dpi / 72
    frame = {"seq": seq, "images": [], "under": [], "over": []}
    for artist in moving:
        i = fig.axes.index(artist.axes)
        if isinstance(artist, AxesImage):
            frame["images"].append(image_spec(artist, i))
        elif isinstance(artist, Line2D):
            frame["under" if artist.axes in holes else "over"].append(line_spec(artist, i, ppp, max_points))
        else:
            raise TypeError(f"the browser draws lines and images, not {type(artist).__name__}")
    return frame

def background_png(fig, moving, holes):
    """The figure without the moving artists as a PNG, see-through in the `holes` axes (and around the axes),
    where the browser draws images and lines under it. Drawing it also settles the constrained layout."""
    shown = [a for a in moving if a.get_visible()]
    patches = [fig.patch] + [ax.patch for ax in holes]
    colours = [p.get_facecolor() for p in patches]
    try:
        for artist in shown:
            artist.set_visible(False)
        for patch in patches:
            patch.set_facecolor("none")
        fig.canvas.draw()
        buf = io.BytesIO()
        PIL.Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
    finally:
        for artist in shown:
            artist.set_visible(True)
        for patch, colour in zip(patches, colours):
            patch.set_facecolor(colour)
    return buf.getvalue()

class LiveFigure(anywidget.AnyWidget):
    """The browser's view of a figure: a background PNG (`background`, `scene`) sent when the still parts change,
    and `frame`s of the moving artists, at most one per MIN_INTERVAL and at most IN_FLIGHT ahead of what a view
    has painted: a frame that would queue is dropped, and the newest state goes out when the browser catches up."""
    _esm = ESM.read_text(encoding="utf-8")
    name = traitlets.Unicode("").tag(sync=True)
    scene = traitlets.Dict().tag(sync=True)
    background = traitlets.Bytes(b"").tag(sync=True)
    frame = traitlets.Dict().tag(sync=True)

    def __init__(self, fig, moving, holes=(), name="", update=None):
        super().__init__(name=name)
        self.fig, self.moving, self.holes, self.update = fig, moving, tuple(holes), update
        self.sent = self.painted = self.dropped = 0
        self.sent_at, self.pending, self.timer = 0.0, False, None
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers):
        if isinstance(content, dict) and "painted" in content:
            self.on_painted(int(content["painted"]))

    def on_painted(self, seq):
        """A view has painted frame `seq`: send the newest state if a frame was dropped meanwhile."""
        self.painted = max(self.painted, seq)
        if self.pending:
            self.show()

    def behind(self):
        """True while the views have not painted IN_FLIGHT frames already sent (and the last went out recently)."""
        return self.sent - self.painted >= IN_FLIGHT and time.monotonic() - self.sent_at < STALE_AFTER

    def show(self, full=False, force=False):
        """Send the figure's current state: the moving artists, or with `full` (or when `update` says the still
        parts changed) a new background first. While the views are behind, the frame is dropped instead (unless
        `force`): `update` is not even called, and the newest state goes out when a view catches up. True if sent."""
        now = time.monotonic()  # the frame's time: MIN_INTERVAL counts from here, not from after its drawing
        if not force and (self.behind() or self._later(self.sent_at + MIN_INTERVAL - now)):
            self.pending = True
            self.dropped += 1
            return False
        if self.update is not None:
            full = self.update() or full
        with self.hold_sync():
            if full:
                png = background_png(self.fig, self.moving(), self.holes)  # settles the layout: scene after it
                self.scene = {"width": int(self.fig.bbox.width), "height": int(self.fig.bbox.height), "ratio": 1,
                              "facecolor": css(self.fig.get_facecolor()), "axes": axes_boxes(self.fig)}
                self.background = png
            self.sent += 1
            due = self.sent_at + MIN_INTERVAL  # a frame sent late (the event loop was busy) does not delay the
            self.sent_at = due if 0 <= now - due < MIN_INTERVAL else now  # next: the cadence stays MIN_INTERVAL
            self.pending = False
            frame = frame_of(self.fig, self.moving(), self.holes, self.sent)
            frame["ask"] = self.sent - self.painted >= ASK_AT
            self.frame = frame
        return True

    def _later(self, wait):
        """True if a frame now comes too soon (wait > 0 seconds) and the event loop will send the newest then."""
        if wait <= 0:
            return False
        if self.timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop (a script, a test): nothing could send it later, so send now
                return False
            self.timer = loop.call_later(wait, self._send_pending)
        return True

    def _send_pending(self):
        self.timer = None
        if self.pending:
            self.show()

    def redraw(self):
        """The still parts changed (new axes, limits or ticks): a new background, and the frame over it."""
        return self.show(full=True, force=True)

def fit_to_width(controls):
    """Rows of controls wrap onto a new line instead of overflowing a narrow window or slide."""
    for control in controls:
        if isinstance(control, widgets.Box):
            if isinstance(control, widgets.HBox):
                control.layout.flex_flow = "row wrap"
            control.layout.max_width = "100%"
            fit_to_width(list(control.children))


class LivePanel(widgets.VBox):
    """Controls above a LiveFigure; its saved output also carries the whole figure as a PNG, so a reader without
    a kernel sees it."""

    def __init__(self, fig, controls, moving, holes=(), name="", update=None):
        self.fig = fig
        self.view = LiveFigure(fig, moving, holes, name, update)
        super().__init__(controls + [self.view], layout=widgets.Layout(max_width="100%"))
        fit_to_width(controls)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(png_bytes(self.fig)).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle
