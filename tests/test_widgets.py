"""The weight explorer and the training dashboard, driven as a reader would but without a kernel: setting a
widget's value fires its observers and button.click() fires its handlers, exactly as in the browser."""
import asyncio
import os
import io
import re
import base64

import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
import traitlets

import lecture_utils as lu
from lecture_utils.widgets import dashboard as td
from lecture_utils.widgets import explorer as we
from lecture_utils.widgets import live_figure
from lecture_utils.widgets import training_dashboard, weight_explorer


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def parameters_of(net):
    return {("W", l): net.W[l].copy() for l in net.W} | {("b", l): net.b[l].copy() for l in net.b}


# --- the weight explorer -----------------------------------------------------------------------------------
def test_default_is_figure6_network_and_omega_43_3():
    e = weight_explorer()
    assert e.net.sizes == (4, 3, 4, 5, 2)
    assert e.weight == (3, 4, 3)
    assert e.slider.value == pytest.approx(e.net.W[3][3, 2])  # ω_43^[3] is W^[3] row 4, column 3


def test_moving_the_slider_changes_exactly_omega_43_3():
    e = weight_explorer()
    before, original = parameters_of(e.net), parameters_of(e.original)
    e.slider.value = 0.87
    after = parameters_of(e.net)
    assert e.net.weight(3, 4, 3) == 0.87
    changed = [(key, index) for key in before for index in zip(*np.nonzero(before[key] != after[key]))]
    assert changed == [(("W", 3), (3, 2))]
    assert all(np.array_equal(original[key], v) for key, v in parameters_of(e.original).items())  # net untouched


@pytest.mark.parametrize("cost", ["18", "9"])
def test_readout_slope_from_backprop_equals_central_difference(cost):
    """(25) against an independent central difference with h = 1e-5 (truncation O(h²) ~ 1e-10, rounding ~ ε/h)."""
    e = weight_explorer()
    e.cost.value = cost
    for value in (-2.0, 0.3, 1.7):
        e.slider.value = value
        r = we.readout(e.net, *e.data, 3, 4, 3)
        reference = lu.central_difference(e.net, *e.data, (3, 4, 3), h=1e-5)
        assert lu.relative_error(r.backprop, reference) < 1e-6
        assert lu.relative_error(r.backprop, lu.complex_step(e.net, *e.data, (3, 4, 3))) < 1e-12
        t = e.tangent.get_xydata()  # the drawn tangent has the slope from backpropagation
        assert (t[-1, 1] - t[0, 1]) / (t[-1, 0] - t[0, 0]) == pytest.approx(r.backprop, rel=1e-9)
        assert we.latex_number(r.backprop) in e.readout.value and f"{r.central:.6e}" in e.readout.value
        assert f"({cost})" in e.readout.value


def test_single_sample_readout_plugs_the_numbers_into_25():
    e = weight_explorer()
    e.sample.value = 3
    x, y = e.data
    fp, g = e.net.forward(x), e.net.gradients(x, y)
    delta, a = g.delta[3][3], fp.a[2][2]
    assert f"({delta:.6f})({a:.6f})" in e.readout.value
    assert "(24)" in e.readout.value and "(25)" in e.readout.value
    assert f"{e.net.cost(x, y):.6f}" in e.readout.value


def test_the_curve_is_the_cost_along_the_weight_and_the_point_lies_on_it():
    e = weight_explorer()
    e.slider.value = 1.0
    curve = e.fig.axes[1].lines[0].get_xydata()
    net = e.net.copy()
    for w, C in curve[::20]:
        net.set_weight(3, 4, 3, w)
        assert C == pytest.approx(net.cost(*e.data), rel=1e-12)
    assert e.point.get_xydata()[0] == pytest.approx([1.0, e.net.cost(*e.data)])


def activations(net, x):
    fp = net.forward(x)
    return {(l, j): fp.a[l][j - 1] for l in range(1, net.L + 1) for j in range(1, net.n(l) + 1)}


@pytest.mark.parametrize("l, j, k", [(3, 4, 3), (2, 1, 4), (5, 2, 5), (4, 3, 1)])
def test_downstream_neurons_are_the_ones_marked_and_the_only_ones_that_move(l, j, k):
    e = weight_explorer(l=l, j=j, k=k)
    sizes = e.net.sizes
    expected = {(l, j)} | {(m, i) for m in range(l + 1, len(sizes) + 1) for i in range(1, sizes[m - 1] + 1)}
    # the diagram: which circles are coloured "can change", read back by their positions
    circles = [p for p in e.fig.axes[0].patches if isinstance(p, plt.Circle)]
    xs = sorted({round(c.center[0], 6) for c in circles})
    marked = set()
    for c in circles:
        layer = xs.index(round(c.center[0], 6)) + 1
        ys = sorted({round(d.center[1], 6) for d in circles if round(d.center[0], 6) == xs[layer - 1]}, reverse=True)
        if np.allclose(c.get_facecolor()[:3], plt.matplotlib.colors.to_rgb(lu.COLORS["affected"])):
            marked.add((layer, ys.index(round(c.center[1], 6)) + 1))
    assert marked == expected
    # the mathematics: moving the weight moves exactly those activations
    x = e.data[0]
    before = activations(e.net, x)
    e.slider.value = e.slider.value + 1.5
    after = activations(e.net, x)
    assert {key for key in before if before[key] != after[key]} == expected


def test_only_weights_that_exist_are_offered():
    e = weight_explorer()
    for l in e.layer.options:
        e.layer.value = l
        assert list(e.j.options) == list(range(1, e.net.n(l) + 1))
        assert list(e.k.options) == list(range(1, e.net.n(l - 1) + 1))
    assert list(e.layer.options) == [2, 3, 4, 5]
    e.layer.value = 2
    with pytest.raises(traitlets.TraitError):
        e.j.value = 4  # layer 2 has n_2 = 3 neurons
    with pytest.raises(traitlets.TraitError):
        e.layer.value = 1  # W^[1] does not exist


@pytest.mark.parametrize("l, j, k, error, words", [
    (3, 5, 3, IndexError, "j = 5 is out of range 1..4 for layer 3"),
    (3, 4, 4, IndexError, "k = 4 is out of range 1..3 for layer 2"),
    (1, 1, 1, KeyError, "W^[l] exists for l = 2..5, not l = 1"),
    (6, 1, 1, KeyError, "W^[l] exists for l = 2..5, not l = 6"),
])
def test_a_weight_that_does_not_exist_is_refused_in_the_lectures_terms(l, j, k, error, words):
    with pytest.raises(error, match=re.escape(words)):
        weight_explorer(l=l, j=j, k=k)


def test_the_2_2_3_2_network_has_no_omega_43_3():
    X, Y = lu.higham_data()
    with pytest.raises(IndexError, match="j = 4 is out of range 1..3 for layer 3"):
        weight_explorer(lu.Network([2, 2, 3, 2], seed=1), X, Y)


def test_reset_restores_every_weight():
    e = weight_explorer()
    original = parameters_of(e.net)
    e.slider.value = -1.0
    e.layer.value = 4
    e.slider.value = 2.0
    e.reset_button.click()
    assert all(np.array_equal(original[key], v) for key, v in parameters_of(e.net).items())
    assert e.slider.value == pytest.approx(e.net.weight(*e.weight))


def test_a_reader_without_a_kernel_sees_the_figure():
    e = weight_explorer()
    bundle, metadata = e._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "WeightExplorer(ω_43^[3] of the network [4, 3, 4, 5, 2])"
    # its alt text (where nbconvert reads it) says what the figure shows and the readout's numbers
    r = we.readout(e.net, *e.data, 3, 4, 3)
    alt = metadata["image/png"]["alt"]
    assert "C (18) against ω_43^[3]" in alt and f"ω_43^[3] = {r.omega:.4f}, C = {r.C:.6f} (18)" in alt
    assert f"= {r.backprop:.6g} (25)" in alt


# --- the training dashboard --------------------------------------------------------------------------------
@pytest.fixture
def dashboard():
    X, Y = lu.higham_data()
    return training_dashboard(lu.Network([2, 2, 3, 2], seed=1), X, Y, eta=0.05)


@pytest.mark.parametrize("n", [100, 500, 2000])
def test_step_advances_exactly_the_chosen_number_of_iterations(dashboard, n):
    dashboard.iterations.value = n
    dashboard.step_button.click()
    dashboard.step_button.click()
    h = dashboard.training.history
    assert dashboard.training.iteration == 2 * n
    assert list(h.iteration) == [0, n, 2 * n]
    assert f"iteration {2 * n:,}" in dashboard.status.value
    assert len(dashboard.fig.axes[0].lines[0].get_xdata()) == 3  # the cost curve grew with the history
    # the same steps as lu.sgd on the same random stream
    X, Y = lu.higham_data()
    net, rng = lu.Network([2, 2, 3, 2], seed=1), np.random.default_rng(0)
    lu.sgd(net, X, Y, 0.05, n, seed=rng)
    lu.sgd(net, X, Y, 0.05, n, seed=rng)
    for l in net.W:
        np.testing.assert_array_equal(dashboard.training.net.W[l], net.W[l])
    assert h.cost[-1] == pytest.approx(net.cost(X, Y), rel=1e-12)


def test_the_dashboard_draws_the_gradient_of_cost_9_beside_the_errors(dashboard):
    """The dashed line of the ‖δ^[l]‖ panel is ‖∇Cost‖ (notebook 09: on the plateau the samples' pulls cancel), the
    same numbers as lu.gradient_norms, moved with every frame."""
    line = dashboard.artists["gradient"]
    X, Y = lu.higham_data()
    for _ in range(2):
        dashboard.step_button.click()
        iterations, values = line.get_data()
        np.testing.assert_array_equal(iterations, dashboard.training.history.iteration)
        assert values[-1] == pytest.approx(lu.gradient_norms(dashboard.training.net, X, Y)[0], rel=1e-12)
    assert line in dashboard.artists["axes"][1].lines and line.get_linestyle() == "--"


def test_notebook_07_the_dashed_line_stays_a_fifth_of_delta_4_on_the_plateau():
    """Notebook 10: "from 4,000 iterations to 20,000 the dashed line stays at a fifth of ‖δ^[4]‖ or less"."""
    X, Y = lu.higham_data()
    run = lu.Training(lu.Network([2, 2, 3, 2], seed=0), X, Y, eta=0.05)     # the notebook's dashboard, frame by frame
    for _ in range(10):
        run.step(2000)
    h = run.history
    plateau = (h.iteration >= 4000) & (h.iteration <= 20_000)
    assert np.all(h.gradient_norm[plateau] <= 0.2 * h.delta_norm[4][plateau])
    assert h.gradient_norm[0] > 0.3 * h.delta_norm[4][0]                  # not so at the start


@pytest.mark.parametrize("eta", [20.0, 100.0])
def test_a_diverging_learning_rate_stops_with_a_message_and_no_nan(dashboard, eta):
    dashboard.eta.value = eta
    for _ in range(5):
        dashboard.step_button.click()
    message = dashboard.message.value
    assert "Training stopped" in message and f"η = {eta:g} is too large" in message
    assert "Cost (9) rose from" in message  # the reason sgd found, not a guess
    assert dashboard.play_button.disabled and dashboard.step_button.disabled
    frozen = dashboard.training.iteration
    dashboard.training.step(100)
    assert dashboard.training.iteration == frozen
    for ax in dashboard.fig.axes[:2]:
        for line in ax.lines:
            assert np.isfinite(line.get_ydata()).all() and (line.get_ydata() > 0).all()
    assert all(np.isfinite(dashboard.training.net.W[l]).all() for l in dashboard.training.net.W)
    dashboard.reset_button.click()
    assert dashboard.training.iteration == 0 and dashboard.message.value == ""


def test_a_sensible_learning_rate_trains_without_a_message(dashboard):
    for _ in range(10):
        dashboard.step_button.click()
    assert dashboard.message.value == "" and dashboard.training.iteration == 20_000
    assert dashboard.training.cost < dashboard.training.history.cost[0]


def test_divergence_in_words():
    """The dashboard uses the one rule of stochastic_gradient.divergence, against Cost (9) at iteration 0."""
    from lecture_utils.stochastic_gradient import divergence
    assert divergence(0.26, 0.2, {2: 0.1}) == ""
    assert "rose from 0.26 at the start to 0.5" in divergence(0.26, 0.5, {2: 0.1})
    assert "saturated" in divergence(0.26, 0.3, {2: 0.0, 3: 1e-20})
    assert divergence(0.26, 1e-5, {2: 1e-13}) == ""  # trained, not stuck
    assert "no longer finite" in divergence(0.26, float("nan"), {2: 0.1})


def test_play_runs_in_the_event_loop_and_pause_stops_it(dashboard):
    async def scenario():
        dashboard.iterations.value = 200
        dashboard.play_button.click()
        await asyncio.sleep(0.3)
        running = dashboard.training.iteration
        await asyncio.sleep(0.3)
        assert dashboard.training.iteration > running > 0  # it rose while this coroutine was awaiting
        dashboard.pause_button.click()
        await asyncio.sleep(0.05)
        paused = dashboard.training.iteration
        await asyncio.sleep(0.3)
        return paused

    paused = asyncio.run(scenario())
    assert dashboard.training.iteration == paused and not dashboard.playing


def test_play_without_an_event_loop_says_what_to_do(dashboard):
    with pytest.raises(RuntimeError, match="use Step"):
        dashboard._on_play()


def test_axis_limits_move_in_steps_so_most_frames_send_only_what_moves():
    assert [td.nice_bound(n) for n in (0, 1000, 1001, 2500, 7000, 20_000)] == [1000, 1000, 2000, 5000, 10000, 20000]
    assert td.decades([0.03, 0.2]) == (0.01, 1.0)
    assert td.decades([0.0, 0.0]) == (1e-3, 1.0)


# --- the exercise checkers of notebook 10 ------------------------------------------------------------------
def test_check_tangent_prediction_accepts_25_and_names_the_typical_mistakes():
    from lecture_utils.exercises import check_tangent_prediction

    net, X, Y = lu.figure6_example()
    x, y = X[:, 0], Y[:, 0]
    C, g, a = net.cost(x, y), net.gradients(x, y), net.forward(x).a[2][2]
    slope = g.delta[3][3] * a  # δ_4^[3] a_3^[2], written out by hand
    assert check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, C + 0.5 * slope)
    assert "(24)" in check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, C + 0.5 * g.delta[3][3]).message
    assert "sign" in check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, C - 0.5 * slope).message
    assert "ΔC" in check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, 0.5 * slope).message
    exact = lu.cost_along(net, x, y, (3, 4, 3), [net.weight(3, 4, 3) + 0.5])[0]
    assert "exact C" in check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, exact).message
    assert not check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, None)


def test_check_steepest_weight_finds_the_largest_slope_and_spots_a_transpose():
    from lecture_utils.exercises import check_steepest_weight

    net, X, Y = lu.figure6_example()
    x, y = X[:, 0], Y[:, 0]
    slopes = {(j, k): abs(lu.central_difference(net, x, y, (4, j, k), h=1e-5))
              for j in range(1, 6) for k in range(1, 5)}
    best = max(slopes, key=slopes.get)
    assert check_steepest_weight(net, x, y, 4, best)
    others = [p for p in slopes if p != best and p[::-1] != best]
    assert "only" in check_steepest_weight(net, x, y, 4, others[0]).message
    if best[0] != best[1]:
        assert "Transposed" in check_steepest_weight(net, x, y, 4, best[::-1]).message


def test_dashboard_refuses_what_it_cannot_draw_in_the_lectures_terms():
    X, Y = lu.higham_data()
    net6, X6, Y6 = lu.figure6_example()
    with pytest.raises(ValueError, match="needs n_1 = 2 inputs and n_L = 2 outputs, not n_1 = 4"):
        training_dashboard(net6, X6, Y6)
    with pytest.raises(ValueError, match="eta must be a positive finite number"):
        training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y, eta=-0.1)
    with pytest.raises(ValueError, match="iterations_per_frame must be a whole number >= 1"):
        training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y, iterations_per_frame=0)
    with pytest.raises(ValueError, match="has 3 rows but layer 1 has n_1 = 2"):
        training_dashboard(lu.Network([2, 2, 3, 2], seed=0), np.zeros((3, 10)), Y)
    assert training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y, iterations_per_frame=300).iterations.value == 300


def pixels(png):
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def floats(spec):
    xy = np.frombuffer(spec["xy"], dtype="<f4")
    return xy[: len(xy) // 2], xy[len(xy) // 2:]


def box_mask(shape, box, margin=0):
    """The pixels of an axes' box (left, top, width, height), grown or shrunk by `margin` pixels."""
    left, top, width, height = box
    mask = np.zeros(shape[:2], bool)
    mask[max(0, int(top - margin)):int(np.ceil(top + height + margin)),
         max(0, int(left - margin)):int(np.ceil(left + width + margin))] = True
    return mask


def test_the_browser_gets_the_still_parts_once_and_what_moves_each_frame():
    """Matplotlib draws the network and the curve once per chosen weight (the background); a slider move sends
    only the point (ω, C) and the tangent with slope δ_j a_k (25), as float32, in the curve's axes, over it."""
    e = weight_explorer()
    view = e.view
    background, scene, sent = view.background, view.scene, view.sent
    e.slider.value = 1.5
    view.on_painted(view.sent)
    assert view.background is background and view.scene is scene and view.sent == sent + 1
    r = lu.readout(e.net, *e.data, *e.weight)
    point, tangent = view.frame["over"]
    assert point["axes"] == tangent["axes"] == 1 and not view.frame["under"] and not view.frame["images"]
    np.testing.assert_allclose(np.ravel(floats(point)), [1.5, r.C], rtol=1e-6)
    x, y = floats(tangent)
    np.testing.assert_allclose(np.diff(y) / np.diff(x), r.backprop, rtol=1e-3, atol=1e-6)
    assert tangent["dash"] and point["marker"] == "o" and tangent["width"] > point["width"] == 0
    e.layer.value = 4  # a new weight: a new background
    assert view.background != background and view.scene["axes"][1]["xlim"] == pytest.approx(list(e.values[[0, -1]]))


def test_the_background_leaves_out_exactly_what_the_browser_draws():
    """The background differs from matplotlib's whole figure only inside the curve's axes, where the point and the
    tangent are; the saved PNG (a reader without a kernel) has them."""
    e = weight_explorer()
    e.slider.value = 2.0
    whole = pixels(base64.b64decode(e._repr_mimebundle_()[0]["image/png"]))
    still = pixels(e.view.background)
    still = still[..., :3] * (still[..., 3:] / 255) + 255 * (1 - still[..., 3:] / 255)  # on the white page
    differs = np.abs(whole[..., :3] - still).max(axis=-1) > 8
    assert differs.any() and not (differs & ~box_mask(differs.shape, e.view.scene["axes"][1]["bbox"], 2)).any()


def test_a_dashboard_frame_carries_the_curves_the_regions_and_the_boundary(dashboard):
    dashboard.iterations.value = 10000
    for _ in range(3):  # past the start, where the network puts the whole square in one category
        dashboard.step_button.click()
    frame, h = dashboard.view.frame, dashboard.training.history
    cost = frame["over"][0]
    np.testing.assert_allclose(floats(cost)[1], h.cost, rtol=1e-6)
    np.testing.assert_array_equal(floats(cost)[0], h.iteration)
    assert len(frame["over"]) == 2 + len(h.delta_norm)  # Cost, ‖δ^[l]‖ for l = 2..L, ‖∇Cost‖
    (image,) = frame["images"]
    x1, x2, margin = lu.decision_grid(dashboard.training.net, 60)
    np.testing.assert_array_equal(np.frombuffer(image["data"], np.uint8).reshape(60, 60), margin > 0)
    (boundary,) = frame["under"]  # under the data points, which stay in the background
    bx, by = floats(boundary)
    assert len(bx) > 2 and boundary["color"].startswith("rgba(0,0,0")
    still = pixels(dashboard.view.background)
    regions = box_mask(still.shape, dashboard.view.scene["axes"][2]["bbox"])
    assert (still[..., 3][regions] == 0).mean() > 0.5  # see-through where the browser draws the regions, but the
    # data points stay in it; the curves' axes are opaque
    assert (still[..., 3][box_mask(still.shape, dashboard.view.scene["axes"][0]["bbox"], -2)] == 255).all()


def test_a_view_that_falls_behind_gets_frames_dropped_never_queued(dashboard):
    view = dashboard.view
    view.on_painted(view.sent)
    sent = view.sent
    asks = []
    for _ in range(live_figure.IN_FLIGHT + 2):  # frames of the moving parts, faster than the browser says it paints
        dashboard.training.step(100)
        td.update_dashboard(dashboard.artists, dashboard.training)
        if view.show():
            asks.append(view.frame["ask"])
    assert view.sent == sent + live_figure.IN_FLIGHT and view.pending  # the rest were dropped, not queued
    # a frame asks the browser to say when it has painted only once ASK_AT frames are in flight (each answer is a
    # message that costs the page and the kernel more than a frame): not one answer per frame
    assert asks == [k >= live_figure.ASK_AT for k in range(1, live_figure.IN_FLIGHT + 1)]
    view.on_painted(view.sent)  # the browser caught up: the newest state goes out at once
    assert view.sent == sent + live_figure.IN_FLIGHT + 1 and not view.pending
    np.testing.assert_array_equal(floats(view.frame["over"][0])[0], dashboard.training.history.iteration)


def test_iteration_ticks_are_short():
    assert [td.thousands(v) for v in (0, 500, 2000, 150_000, 1_000_000, 2_500_000)] == \
        ["0", "500", "2k", "150k", "1M", "2.5M"]


def test_stopping_does_not_depend_on_the_frame_size():
    """Divergence is judged against Cost (9) at iteration 0: small frames of a good η never stop the run."""
    X, Y = lu.higham_data()
    for per_frame in (100, 2000):
        training = td.Training(lu.Network([2, 2, 3, 2], seed=0), X, Y, eta=2.0)
        assert all(training.step(per_frame) for _ in range(20_000 // per_frame)), training.message


NEVER_PYPLOTS = """
from matplotlib._pylab_helpers import Gcf
import lecture_utils as lu
from lecture_utils.widgets import training_dashboard, weight_explorer

X, Y = lu.higham_data()
explorer, dashboard = weight_explorer(), training_dashboard(lu.Network([2, 2, 3, 2], seed=0), X, Y)
explorer.layer.value = 4
dashboard.step_button.click()
print(len(Gcf.get_all_fig_managers()), type(explorer.fig.canvas).__name__, type(dashboard.view).__name__)
"""


def test_under_ipympl_the_widgets_figures_are_never_pyplots():
    """IPython redraws every stale pyplot figure after each kernel message (comm messages too), which once kept
    the kernel busy in an endless loop (two views, JupyterLab's and RISE's): a widget's figure is drawn by its
    widget alone, on Agg, and never registered with pyplot, even under `%matplotlib widget`."""
    import subprocess
    import sys

    env = {**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg"}
    out = subprocess.run([sys.executable, "-c", NEVER_PYPLOTS], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["0", "FigureCanvasAgg", "LiveFigure"]


def test_frames_keep_their_cadence_when_one_goes_out_late(dashboard, monkeypatch):
    view, step = dashboard.view, live_figure.MIN_INTERVAL
    clock = [100.0]
    monkeypatch.setattr(live_figure.time, "monotonic", lambda: clock[0])
    view.on_painted(view.sent)
    assert view.show(force=True)       # a frame at t = 100 s
    clock[0] += step + 0.005           # the next is due at 100 s + MIN_INTERVAL, and goes out 5 ms late
    assert view.show()
    assert view.sent_at == pytest.approx(100.0 + step)  # its slot, not its late moment: the next is not delayed
    clock[0] = 100.0 + 2 * step        # so the one after is due on the old cadence
    assert view.show()
    clock[0] += step / 2               # and one half a slot later comes too soon: kept for its slot

    async def too_soon():
        return view.show()

    assert not asyncio.run(too_soon()) and view.pending


# --- what a screen reader gets (accessibility.py; the browser's half is tested in test_keyboard_browser.py) ---------
def test_the_explorers_controls_are_named_in_the_lectures_symbols_and_follow_the_weight():
    e = weight_explorer()
    assert {"weight ω_43^[3]", "neuron j of layer 3", "neuron k of layer 2", "layer l", "sample i"} <= set(
        e.accessible.names.values())
    assert e.slider.tooltip == "weight ω_43^[3]"
    e.layer.value = 4
    e.j.value, e.k.value = 5, 2
    assert e.slider.tooltip == "weight ω_52^[4]" and e.j.tooltip == "neuron j of layer 4"
    assert "weight ω_52^[4]" in e.accessible.names.values() and "weight ω_43^[3]" not in e.accessible.names.values()
    assert "C (18) against ω_52^[4]" in e.accessible.label  # the canvas's name (accessibility.js)


def test_the_explorers_text_is_its_readout_in_words():
    e = weight_explorer()
    e.slider.value = 0.5
    r = we.readout(e.net, *e.data, 3, 4, 3)
    assert e.accessible.text == we.describe_readout(r)
    assert e.accessible.text.startswith(f"ω_43^[3] = {r.omega:.4f}, C = {r.C:.6f} (18); δ_4^[3] = {r.delta[0]:.6f}")
    assert f"∂C/∂ω_43^[3] = δ_4^[3] a_3^[2] = {r.backprop:.6g} (25)" in e.accessible.text
    assert "relative error below 1e-6" in e.accessible.text  # a bound, the same on every machine


def test_the_dashboards_text_follows_the_training(dashboard):
    dashboard.step_button.click()
    assert dashboard.accessible.text.startswith(f"{dashboard.training.status()}.")
    assert "iteration 2,000 · Cost (9) = " in dashboard.accessible.text
    assert "learning rate η" in dashboard.accessible.names.values()
