"""How fast the widgets answer, under Agg (the renderer ipympl uses in the kernel), on this machine.

(a) The weight explorer: one slider change → recomputed readout (C, δ_j^[l], a_k^[l-1], (25), central difference)
    → point and tangent moved → figure redrawn (blitted). Median milliseconds over many slider values, target
    within 50 ms, beside three references measured in the same run: the same update with a full draw instead of
    blitting, a full re-plot of the explorer's figure per change, and a new figure per change. Also the same slider change when the frame is shipped as a PNG (the path without
    ipympl), for comparison.
(b) The training dashboard on the 2-2-3-2 network: frames per second (target >= 10) and SGD steps per second
    (target >= 20,000) while it trains, each frame = one chunk of iterations + the figure updated and redrawn.
    Beside it, lu.sgd alone in µs per step, measured in the same run.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["MPLBACKEND"] = "Agg"

import time  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import lecture_utils as lu  # noqa: E402
from lecture_utils.widgets import explorer as we  # noqa: E402
from lecture_utils.widgets import training_dashboard, weight_explorer  # noqa: E402

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


def explorer_latency():
    lu.use_lecture_style()
    e = weight_explorer()
    png_ms = median_ms(lambda v: setattr(e.slider, "value", v))  # with the PNG pushed to the Image widget
    e.refresh = lambda: None  # recompute and redraw only; ipympl then encodes the frame (bench_browser.py)
    blit_ms = median_ms(lambda v: setattr(e.slider, "value", v))

    def full_draw(v):  # reference 0: the same set_data, then a full draw instead of blitting
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
    return blit_ms, png_ms, median_ms(full_draw, values), median_ms(replot, values), median_ms(new_figure, values)


def dashboard_rate():
    X, Y = lu.higham_data()
    d = training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y, eta=0.05,
                           iterations_per_frame=ITERATIONS_PER_FRAME)
    d.refresh = lambda: None  # ipympl ships the frame itself; here Agg's drawing is the cost
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < PLAY_SECONDS:
        if not d.advance():
            raise RuntimeError(d.training.message)
        frames += 1
    elapsed = time.perf_counter() - start
    net = lu.Network([2, 2, 3, 2], seed=0)
    t = time.perf_counter()
    lu.sgd(net, X, Y, 0.05, 20_000, seed=1, record_every=20_000)
    sgd_us = 1e6 * (time.perf_counter() - t) / 20_000
    return frames / elapsed, frames * ITERATIONS_PER_FRAME / elapsed, d.training.iteration, sgd_us


def main():
    blit_ms, png_ms, draw_ms, replot_ms, new_ms = explorer_latency()
    print("weight explorer, one slider change → readout → figure (median, Agg):")
    print(f"  recompute + blit (this library)      {blit_ms:7.1f} ms   target within 50 ms: "
          f"{'yes' if blit_ms <= 50 else 'NO'}")
    print(f"  the same, shipped as a PNG           {png_ms:7.1f} ms   (the path without ipympl; ipympl too encodes "
          "each frame as a whole PNG)")
    print(f"  reference: set_data + full draw      {draw_ms:7.1f} ms   ({draw_ms / blit_ms:.0f}× slower)")
    print(f"  reference: full re-plot per change   {replot_ms:7.1f} ms   ({replot_ms / blit_ms:.0f}× slower)")
    print(f"  reference: new figure per change     {new_ms:7.1f} ms   ({new_ms / blit_ms:.0f}× slower)")
    fps, steps, iterations, sgd_us = dashboard_rate()
    print(f"training dashboard, {ITERATIONS_PER_FRAME} iterations per frame for {PLAY_SECONDS:g} s "
          f"({iterations:,} iterations):")
    print(f"  {fps:5.1f} frames per second          target >= 10: {'yes' if fps >= 10 else 'NO'}")
    print(f"  {steps:8,.0f} SGD steps per second     target >= 20,000: {'yes' if steps >= 20_000 else 'NO'}")
    print(f"  reference: lu.sgd alone {sgd_us:.1f} µs per step ({1e6 / sgd_us:,.0f} steps per second)")


if __name__ == "__main__":
    main()
