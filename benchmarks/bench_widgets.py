"""How fast the widgets answer in the kernel, on this machine (their figures are drawn on Agg).

(a) The weight explorer: one slider change → recomputed readout (C, δ_j^[l], a_k^[l-1], (25), central difference)
    → point and tangent moved → the frame message for the browser built (a few float32 numbers: the browser draws
    what moves, lecture_utils/widgets/live_figure.py). Median milliseconds over many slider values, beside
    references measured in the same run: the whole-frame design (the same change drawn by matplotlib and encoded
    as a PNG, which is what ipympl sent), a full draw, a full re-plot of the figure per change, and a new figure
    per change; and the bytes of one update: the frame message against the whole PNG.
(b) The training dashboard on the 2-2-3-2 network: frames per second and SGD steps per second while it trains
    (the browser's goals: >= 24 and >= 50,000; bench_browser.py measures them there), each frame = one chunk of
    iterations + the figure's moving parts updated and their message built. Beside it, lu.sgd alone in µs per
    step, measured in the same run.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["MPLBACKEND"] = "Agg"

import json  # noqa: E402
import time  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import lecture_utils as lu  # noqa: E402
from lecture_utils.widgets import explorer as we  # noqa: E402
from ipywidgets.widgets.widget import _remove_buffers  # noqa: E402

from lecture_utils.widgets import training_dashboard, weight_explorer  # noqa: E402
from lecture_utils.widgets.canvas import png_bytes  # noqa: E402

SLIDER_VALUES = np.linspace(-2.0, 2.0, 61)
PLAY_SECONDS = 5.0
ITERATIONS_PER_FRAME = 2000


def median_ms(change, values=SLIDER_VALUES):
    """Median wall time of change(v) over the values, in milliseconds (after one warm-up call)."""
    change(values[0])
    times = []
    for v in values:
        start = time.perf_counter()
        change(v)
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def message_bytes(view):
    """The bytes of the view's last frame message: its JSON and its binary buffers."""
    state, _, buffers = _remove_buffers(view.get_state(["frame"]))
    return len(json.dumps(state)) + sum(len(b) for b in buffers)


def explorer_latency():
    lu.use_lecture_style()
    e = weight_explorer()

    def change(v):  # the browser says it painted each frame at once, so that none is dropped
        e.slider.value = v
        e.view.on_painted(e.view.sent)

    frame_ms = median_ms(change)
    frame_bytes = message_bytes(e.view)

    def whole_frame(v):  # reference: the whole-frame design, matplotlib draws the change and encodes a PNG
        change(v)
        e.fig.canvas.draw()
        whole_frame.size = len(png_bytes(e.fig, rendered=True))

    def full_draw(v):  # reference: the same set_data, then a full draw
        e.net.set_weight(3, 4, 3, v)
        we.update_point_and_tangent(e.point, e.tangent, we.readout(e.net, *e.data, 3, 4, 3), e.values)
        e.fig.canvas.draw()

    def replot(v):  # reference 1: the whole figure re-plotted on the same canvas at each change
        e.net.set_weight(3, 4, 3, v)
        point, line, _ = we.plot_explorer(e.fig, e.net, *e.data, 3, 4, 3, e.values)
        we.update_point_and_tangent(point, line, we.readout(e.net, *e.data, 3, 4, 3), e.values)
        e.fig.canvas.draw()

    def new_figure(v):  # reference 2: a new figure at each change
        e.net.set_weight(3, 4, 3, v)
        fig = plt.figure(figsize=e.fig.get_size_inches(), layout="constrained")
        point, line, _ = we.plot_explorer(fig, e.net, *e.data, 3, 4, 3, e.values)
        we.update_point_and_tangent(point, line, we.readout(e.net, *e.data, 3, 4, 3), e.values)
        fig.canvas.draw()
        plt.close(fig)

    values = SLIDER_VALUES[::3]
    png_ms = median_ms(whole_frame, values)
    return (frame_ms, png_ms, median_ms(full_draw, values), median_ms(replot, values), median_ms(new_figure, values),
            frame_bytes, whole_frame.size)


def dashboard_rate():
    X, Y = lu.higham_data()
    d = training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y, eta=0.05,
                           iterations_per_frame=ITERATIONS_PER_FRAME)
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < PLAY_SECONDS:
        if not d.advance():
            raise RuntimeError(d.training.message)
        d.view.on_painted(d.view.sent)  # as a browser that keeps up: no frame dropped
        frames += 1
    dashboard_rate.frame_bytes = message_bytes(d.view)
    elapsed = time.perf_counter() - start
    net = lu.Network([2, 2, 3, 2], seed=0)
    t = time.perf_counter()
    lu.sgd(net, X, Y, 0.05, 20_000, seed=1, record_every=20_000)
    sgd_us = 1e6 * (time.perf_counter() - t) / 20_000
    return frames / elapsed, frames * ITERATIONS_PER_FRAME / elapsed, d.training.iteration, sgd_us


def main():
    frame_ms, png_ms, draw_ms, replot_ms, new_ms, frame_bytes, png_size = explorer_latency()
    print("weight explorer, one slider change → readout → frame for the browser (median, in the kernel):")
    print(f"  recompute + frame message (this library) {frame_ms:7.1f} ms, {frame_bytes:,} bytes per update")
    print(f"  reference: the whole-frame design        {png_ms:7.1f} ms, {png_size:,} bytes per update (a PNG)")
    print(f"  reference: set_data + full draw          {draw_ms:7.1f} ms")
    print(f"  reference: full re-plot per change       {replot_ms:7.1f} ms")
    print(f"  reference: new figure per change         {new_ms:7.1f} ms")
    fps, steps, iterations, sgd_us = dashboard_rate()
    print(f"training dashboard, {ITERATIONS_PER_FRAME} iterations per frame for {PLAY_SECONDS:g} s "
          f"({iterations:,} iterations), in the kernel:")
    print(f"  {fps:5.1f} frames per second        {steps:9,.0f} SGD steps per second   "
          f"(a frame message: {dashboard_rate.frame_bytes:,} bytes)")
    print(f"  reference: lu.sgd alone {sgd_us:.1f} µs per step ({1e6 / sgd_us:,.0f} steps per second)")


if __name__ == "__main__":
    main()
