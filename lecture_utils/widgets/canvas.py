"""The plumbing every widget's figure shares: matplotlib's blitting recipe, a figure that only its widget draws,
and the panel that shows it live under ipympl (`%matplotlib widget`) or as an image refreshed each frame, with a
PNG in the saved output for readers without a kernel."""
import base64
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib.figure import Figure


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

def png_bytes(fig, rendered=False):
    """The figure as PNG bytes: re-rendered by savefig, or (rendered=True) the canvas's pixels as last drawn."""
    buf = io.BytesIO()
    if rendered:
        PIL.Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
    else:
        fig.savefig(buf, format="png")
    return buf.getvalue()

def send_whole_frames(canvas):
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

class FigureWidget(widgets.VBox):
    """A panel holding a figure: ipympl's canvas itself under `%matplotlib widget`, otherwise an Image widget that
    is refreshed on every frame. Its saved output also carries a PNG, so a reader without a kernel sees the figure."""

    def __init__(self, fig, controls):
        self.fig = fig
        self.live = isinstance(fig.canvas, widgets.DOMWidget)
        if self.live:
            fig.canvas.header_visible = fig.canvas.footer_visible = fig.canvas.toolbar_visible = False
            fig.canvas.resizable = False
            send_whole_frames(fig.canvas)
        self.view = fig.canvas if self.live else widgets.Image(format="png", layout=widgets.Layout(
            max_width="100%", height="auto"))  # a figure scales down to the width it is given
        super().__init__(controls + [self.view], layout=widgets.Layout(max_width="100%"))
        for control in controls:  # rows of controls wrap instead of overflowing a narrow window or slide
            if isinstance(control, widgets.HBox):
                control.layout.flex_flow, control.layout.max_width = "row wrap", "100%"

    def refresh(self):
        """Push the figure to the Image widget when there is no ipympl canvas (ipympl sends its own frames)."""
        if not self.live:
            self.view.value = png_bytes(self.fig, rendered=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(png_bytes(self.fig)).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle

class SelfDrawnFigure(Figure):
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

def new_figure(figsize):
    """A SelfDrawnFigure of `figsize` inches with the constrained layout, not shown by pyplot on its own."""
    with plt.ioff():  # no second, automatic display of the canvas under ipympl
        return plt.figure(figsize=figsize, layout="constrained", FigureClass=SelfDrawnFigure)
