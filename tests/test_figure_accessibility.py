"""The figures are accessible (issue 18): every plot_* function says what it drew, with a number from its own data;
IPython sends that text with the picture, where JupyterLab (through labextension/) and nbconvert read it; colour
never carries meaning alone and survives simulated colour-vision deficiency; text reaches 4.5:1 contrast.

Colour distance is measured in CAM02-UCS (colorspacious; a distance of about 1 is just noticeable between large
patches) after simulating deuteranopia, protanopia and tritanopia at severity 100. Thin lines and small markers
need several times the just-noticeable difference of patches to be told apart (Szafir 2018, "Modelling colour
difference for visualization design"), so two colours that must be told apart stay at least MIN_DISTANCE = 10
apart. Along a sequence (layers, runs, epochs; up to 10 lines) colour alone cannot keep 10 apart under all three
deficiencies, whose one shared axis is lightness: there, neighbours differ by dash pattern and need only be
visibly different (NEIGHBOUR_DISTANCE = 5), and lines with the same dash pattern (four apart) keep MIN_DISTANCE."""
import itertools
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lecture_utils as lu  # noqa: E402
from lecture_utils import plotting  # noqa: E402
from lecture_utils.plotting import descriptions, style  # noqa: E402

colorspacious = pytest.importorskip("colorspacious")

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: deuteranopia, protanopia, tritanopia
MIN_DISTANCE = 10
NEIGHBOUR_DISTANCE = 5
WCAG_AA = 4.5


@pytest.fixture(autouse=True)
def lecture_style():
    plotting.use_lecture_style(presentation=False)
    yield
    plt.close("all")
    matplotlib.rcdefaults()


# --- every plot_* function describes what it drew, with a number from its own data -----------------------------

def _history():
    net = lu.Network([2, 2, 3, 2], seed=5000)
    X, Y = lu.higham_data()
    return lu.sgd(net, X, Y, eta=0.05, n_iter=3000, seed=1, record_every=100)


def _case(name):
    """Call the plot function `name` on real data; return (the figure, a number the description must say)."""
    fig, ax = plt.subplots()
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=5000)
    n = descriptions.figure_number
    if name == "plot_sigmoid":
        lu.plot_sigmoid(ax=ax)
        return fig, n(lu.sigma(-8.0))
    if name == "plot_data":
        lu.plot_data(X, Y, ax=ax)
        return fig, f"({n(X[0, 0])}, {n(X[1, 0])})"
    if name == "plot_decision_regions":
        lu.plot_decision_regions(net, X, Y, ax=ax, resolution=40)
        right = int(np.sum(lu.categories(net.output(X)) == lu.categories(Y)))
        return fig, f"{right} of the 10 points"
    if name == "plot_wave_data":
        Xn, Yn = lu.noisy_data()[:2]
        lu.plot_wave_data(Xn, Yn, ax)
        return fig, f"{int(np.sum(lu.flipped_labels(Xn, Yn)))} of the points have flipped labels"
    if name == "plot_digit_grid":
        Xd, _, digits = lu.digits_data(n_test=450, seed=0)[:3]
        plt.close(fig)
        fig = lu.plot_digit_grid(Xd[:, :4], digits[:4], digits[:4][::-1])
        return fig, f"{digits[0]} said as {digits[3]}"
    if name == "draw_network":
        lu.draw_network([4, 3, 4, 5, 2], ax=ax, highlight=(3, 4, 3))
        return fig, f"it can change {len(lu.neurons_downstream([4, 3, 4, 5, 2], 3, 4))} neurons"
    if name == "plot_errors_on_network":
        lu.plot_errors_on_network(net, X[:, 0], Y[:, 0], ax=ax)
        return fig, n(net.gradients(X[:, 0], Y[:, 0]).delta[4][0], 3)
    if name == "plot_paths":
        lu.plot_paths([2, 2, 3, 2], 2, 1, ax=ax)
        return fig, f"The {len(lu.paths([2, 2, 3, 2], 2, 1))} paths"
    if name == "plot_cost_along":
        values = np.linspace(-2, 2, 21)
        costs = lu.cost_along(net, X, Y, (4, 1, 1), values)
        lu.plot_cost_along(values, costs, (4, 1, 1), ax=ax, at=(0.0, costs[10]), slope=0.5)
        return fig, n(costs.min())
    if name == "plot_single_sample_costs":
        values = np.linspace(-2, 2, 21)
        per = np.array([lu.cost_along(net, X[:, i], Y[:, i], (4, 1, 1), values) for i in range(10)])
        lu.plot_single_sample_costs(values, per, Y, (4, 1, 1), ax=ax)
        return fig, n(per.max())
    if name == "plot_single_sample_steps":
        singles = np.linspace(0.2, 0.3, 10)
        lu.plot_single_sample_steps(0.31, 0.27, singles, ax=ax)
        return fig, n(singles.mean())
    if name == "plot_nudge":
        dz = np.linspace(-0.5, 0.5, 11)
        lu.plot_nudge(dz, 0.0123 * dz + 0.001 * dz ** 2, 0.0123, 3, 2, ax=ax)
        return fig, "0.0123"
    if name == "plot_step_size_errors":
        h = 10.0 ** -np.arange(1, 9)
        lu.plot_step_size_errors(h, {"central": 0.2 * h ** 2 + 1e-17}, ax=ax)
        return fig, "about 1e-3 at h = 0.10"
    if name == "plot_output_errors":
        z = np.linspace(-5, 5, 11)
        lu.plot_output_errors(z, {"quadratic, (22)": lu.sigma(z) * lu.sigma_prime(z), "cross-entropy": lu.sigma(z)},
                              ax)
        return fig, n(lu.sigma(z[-1]) * lu.sigma_prime(z[-1]))
    if name == "plot_computational_graph":
        small = lu.reverse_mode_gradients(lu.Network([1, 1, 1], seed=0), np.array([0.5]), np.array([1.0]))
        lu.plot_computational_graph(small.C, ax=ax)
        return fig, f"C = {n(small.C.data, 3)}"
    if name == "plot_gradient_costs":
        costs = [lu.gradient_cost([2, k, 2]) for k in (2, 8, 32)]
        lu.plot_gradient_costs(costs, ax=ax)
        return fig, n(costs[-1].in_forward_passes("finite_differences"))
    if name == "plot_cost_history":
        h = _history()
        lu.plot_cost_history(h, ax=ax)
        return fig, n(h.cost[-1])
    if name == "plot_delta_history":
        h = _history()
        lu.plot_delta_history(h, ax=ax)
        return fig, n(h.delta_norm[2][-1])
    if name == "plot_gradient_history":
        h = _history()
        lu.plot_gradient_history(h, ax=ax)
        return fig, n(h.gradient_norm[-1])
    if name == "plot_delta_by_layer":
        norms = lu.delta_norm_by_layer(net, X, Y)
        lu.plot_delta_by_layer(norms, ax=ax, label="sigmoid", bound=lu.delta_bound(net, X, Y))
        return fig, n(norms[0])
    if name in ("plot_delta_by_layer_history", "plot_training_curves"):
        deep = lu.Network([2, 5, 5, 2], seed=0)
        h = lu.train(deep, X, Y, eta=1.0, epochs=20, record_deltas=10, X_val=X, Y_val=Y)
        if name == "plot_training_curves":
            lu.plot_training_curves(h, ax=ax)
            return fig, n(h.cost[-1])
        lu.plot_delta_by_layer_history(h, [0, 20], ax=ax)
        return fig, n(h.delta_norm[2][-1])
    if name == "plot_eta_sweep":
        runs = lu.eta_sweep(lambda: lu.Network([2, 2, 3, 2], seed=5000), X, Y, etas=(0.5, 5.0), epochs=20)
        lu.plot_eta_sweep(runs, ax)
        return fig, f"η = {n(5.0)}, {runs[1].verdict}"
    if name == "plot_descent_along":
        h = lu.sharpness(net, X, Y)[0] if isinstance(lu.sharpness(net, X, Y), tuple) else lu.sharpness(net, X, Y)
        v = np.ones(lu.parameter_vector(net).size) / np.sqrt(lu.parameter_vector(net).size)
        run = lu.descent_along(net, X, Y, 1.0, v, epochs=5)
        lu.plot_descent_along([run], float(h), ax)
        return fig, n(abs(run.component[0]))
    if name == "plot_regression_fit":
        Xr, Yr = lu.regression_data()[:2]
        fitnet = lu.Network([1, 4, 1], seed=0, output="linear")
        lu.plot_regression_fit({0: fitnet}, Xr, Yr, ax=ax, curve=lu.regression_curve)
        return fig, n(Yr.max())
    if name == "plot_cost_by_epoch":
        hist = lu.fit(lu.Network([2, 2, 3, 2], seed=0), X, Y, lu.GradientDescent(1.0), epochs=10)
        lu.plot_cost_by_epoch({"plain": hist}, ax=ax)
        return fig, n(hist.cost[-1])
    if name == "plot_weight_sharing":
        plt.close(fig)
        a, delta = np.arange(36.0).reshape(1, 6, 6) / 36, np.linspace(-1, 1, 16).reshape(1, 4, 4)
        axes = lu.plot_weight_sharing(a, delta, p=2, q=2)
        return axes[0].figure, n(lu.weight_sharing_terms(delta, a, 1, 1, 2, 2).sum(), 3)
    if name == "plot_kernels":
        plt.close(fig)
        K = np.linspace(-0.7, 0.4, 2 * 9).reshape(2, 1, 3, 3)
        return lu.plot_kernels(K), n(0.4)
    if name == "plot_delta_through_time":
        lu.plot_delta_through_time([1.0, 0.1, 0.012], ax=ax, label="RNN")
        return fig, "0.012"
    if name == "plot_accuracy_history":
        hist = lu.fit(lu.Network([2, 2, 3, 2], seed=0), X, Y, lu.GradientDescent(1.0), epochs=10)
        lu.plot_accuracy_history({"run": hist}, ax=ax)
        return fig, n(100 * hist.accuracy[-1])
    raise KeyError(name)


PLOT_FUNCTIONS = sorted(name for name in plotting.__all__ if name.startswith(("plot_", "draw_"))) \
    if hasattr(plotting, "__all__") else sorted(name for name in dir(plotting) if name.startswith(("plot_", "draw_")))


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_every_plot_function_says_what_it_drew_with_a_number_from_its_data(name):
    fig, said = _case(name)
    text = plotting.alt_text(fig)
    assert text, f"{name} attached no description"
    assert said in text, f"{name}'s description does not say {said!r}:\n{text}"
    assert "$" not in text and "\\" not in text, f"TeX left in {name}'s description:\n{text}"


def test_the_cases_cover_every_plot_function():
    assert len(PLOT_FUNCTIONS) >= 30
    for name in PLOT_FUNCTIONS:
        assert getattr(lu, name, None) is not None or name in ("plot_kernels", "plot_weight_sharing"), \
            f"{name} is not reachable as lu.{name}"


def test_the_names_a_notebook_calls_are_reachable_as_lu_name():
    for name in ("describe", "alt_text"):
        assert getattr(lu, name, None) is getattr(plotting, name) and name in lu.__all__, f"lu.{name} is missing"


def test_a_figure_without_descriptions_says_its_axis_labels_and_titles():
    fig, (left, right) = plt.subplots(1, 2)
    left.set(xlabel="$x$", ylabel=r"$\|\delta^{[l]}\|$")
    right.set_title("after $10^5$ steps")
    plotting.describe(right, "It is a test.")
    assert plotting.alt_text(fig) == "Panel 1 of 2, ‖δ^[l]‖ against x. Panel 2 of 2, after 10^5 steps: It is a test."
    assert plotting.alt_text(plt.figure()) is None


def test_numbers_are_said_to_two_significant_digits_and_ints_exactly():
    n = descriptions.figure_number
    assert [n(0.2849), n(3.5e-5), n(123456), n(1e6), n(1234.5), n(-0.5), n(0.0)] == \
        ["0.28", "3.5e-5", "123456", "1e6", "1200", "-0.50", "0"]
    # one ulp apart, the same words: no digit that rounding changes is said
    assert n(0.28) == n(np.nextafter(0.28, 1)) == n(np.nextafter(0.28, 0))


# --- the hook: IPython sends the text with the picture ----------------------------------------------------------

@pytest.fixture
def shell():
    """An IPython shell in which lecture_utils was imported (its import registers the hook in IPython)."""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    assert plotting.register_alt_text(shell)
    return shell


@pytest.mark.parametrize("formats", [{"png"}, {"retina"}])
def test_a_displayed_figure_carries_its_alt_text_in_the_png_metadata(shell, formats):
    from IPython.core.pylabtools import select_figure_formats
    select_figure_formats(shell, formats)  # as the inline backend does, after lecture_utils was imported
    shell.events.trigger("pre_execute")  # lecture_utils re-wraps the printers before each cell
    fig, ax = plt.subplots()
    lu.plot_data(*lu.higham_data(), ax=ax)
    data, metadata = shell.display_formatter.format(fig)
    assert "image/png" in data
    assert metadata["image/png"]["alt"] == plotting.alt_text(fig)
    assert "category A" in metadata["image/png"]["alt"]
    if "retina" in formats:  # the retina printer's sizes are kept beside the alt text
        assert {"width", "height"} <= set(metadata["image/png"])


def test_without_the_hook_there_is_no_alt_text(shell):
    """The test above can fail: IPython's own printer sends no alt."""
    from IPython.core.pylabtools import select_figure_formats
    select_figure_formats(shell, {"png"})
    fig, ax = plt.subplots()
    lu.plot_data(*lu.higham_data(), ax=ax)
    _, metadata = shell.display_formatter.format(fig)
    assert "alt" not in metadata.get("image/png", {})
    shell.events.trigger("pre_execute")
    assert "alt" in shell.display_formatter.format(fig)[1]["image/png"]


# --- colour: distances after simulated colour-vision deficiency -------------------------------------------------

def _rgb(color):
    return np.array(mcolors.to_rgb(color))


def distance(a, b, deficiency=None):
    """CAM02-UCS distance between two colours, as seen with `deficiency` (severity 100) or normal vision."""
    a, b = _rgb(a), _rgb(b)
    if deficiency is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        a, b = (np.clip(colorspacious.cspace_convert(c, space, "sRGB1"), 0, 1) for c in (a, b))
    ja, jb = (colorspacious.cspace_convert(c, "sRGB1", "CAM02-UCS") for c in (a, b))
    return float(np.linalg.norm(ja - jb))


C, R = style.COLORS, style.REGION_COLORS
#: Colours that must be told apart where they meet: (what, colour, colour).
PAIRS = [("category A / category B", C["A"], C["B"]), ("highlighted weight / other edges", C["highlight"], C["edge"]),
         ("neurons it can change / untouched", C["affected"], C["unaffected"]),
         ("the path's start / the neurons on it", C["highlight"], C["affected"]),
         ("region A / region B", R[1], R[0]), ("A points / region A", C["A"], R[1]),
         ("A points / region B", C["A"], R[0]), ("B points / region A", C["B"], R[1]),
         ("B points / region B", C["B"], R[0])]
PAIRS += [(f"line cycle {i} / {j}", a, b) for (i, a), (j, b)
          in itertools.combinations(enumerate(style.CYCLE.by_key()["color"]), 2)]


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_colours_that_carry_meaning_stay_apart_under_colour_vision_deficiency(deficiency):
    close = [(what, round(distance(a, b, deficiency), 1)) for what, a, b in PAIRS
             if distance(a, b, deficiency) < MIN_DISTANCE]
    assert not close, f"under {deficiency} (severity 100) closer than {MIN_DISTANCE} in CAM02-UCS: {close}"


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("n", range(2, 11))
def test_a_sequence_of_lines_differs_by_dash_or_by_colour(deficiency, n):
    colors = [style.sequence_color(i, n) for i in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        d = distance(colors[i][:3], colors[j][:3], deficiency)
        if style.sequence_style(i) == style.sequence_style(j):
            assert d >= MIN_DISTANCE, f"lines {i} and {j} of {n} share a dash and are {d:.1f} apart ({deficiency})"
        assert d >= NEIGHBOUR_DISTANCE, f"lines {i} and {j} of {n} are only {d:.1f} apart ({deficiency})"


def test_the_distance_test_can_fail():
    """matplotlib's default orange and green, which the style no longer uses, fall together for a protanope."""
    assert distance("#ff7f0e", "#2ca02c", "protanomaly") < MIN_DISTANCE < distance("#ff7f0e", "#2ca02c")


def test_a_sequence_drawn_by_the_library_cycles_its_dash_patterns():
    fig, ax = plt.subplots()
    h = _history()
    lu.plot_delta_history(h, ax=ax)
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert styles == [style.sequence_style(i) for i in range(3)] and len(set(styles)) == 3


def test_categories_differ_by_marker_and_lines_by_style():
    fig, ax = plt.subplots()
    X, Y = lu.higham_data()
    lu.plot_data(X, Y, ax=ax)
    markers = {c.get_label(): c.get_paths()[0].vertices.shape for c in ax.collections}
    assert markers["category A"] != markers["category B"]
    values = np.linspace(-1, 1, 5)
    per = np.array([lu.cost_along(lu.Network([2, 2, 3, 2], seed=0), X[:, i], Y[:, i], (4, 1, 1), values)
                    for i in range(10)])
    ax2 = plt.figure().gca()
    lu.plot_single_sample_costs(values, per, Y, (4, 1, 1), ax=ax2)
    by_color = {}
    for line in ax2.get_lines()[:10]:
        by_color.setdefault(mcolors.to_hex(line.get_color()), set()).add(line.get_linestyle())
    assert len(by_color) == 2 and by_color[C["A"]] != by_color[C["B"]]


# --- text contrast ---------------------------------------------------------------------------------------------

def luminance(color):
    """WCAG 2.1 relative luminance."""
    c = _rgb(color)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2.1 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _background(text, fig):
    """What a text sits on: its own box (blended over white by its alpha), else its axes' or figure's face."""
    patch = text.get_bbox_patch()
    if patch is not None and patch.get_facecolor()[3] > 0:
        r, g, b, a = patch.get_facecolor()
        return tuple(a * np.array([r, g, b]) + (1 - a))
    ax = text.axes
    return (ax.get_facecolor() if ax is not None else fig.get_facecolor())[:3]


def test_contrast_is_measured_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#b0b0b0", "#ffffff") == pytest.approx(2.16, abs=0.01)  # the prompt colour


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_every_text_in_a_figure_reaches_4_5_to_1(name):
    fig, _ = _case(name)
    fig.canvas.draw()
    low = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        ratio = contrast(text.get_color(), _background(text, fig))
        if ratio < WCAG_AA:
            low.append((text.get_text(), mcolors.to_hex(text.get_color()), round(ratio, 2)))
    assert not low, f"{name}: text below {WCAG_AA}:1: {low}"


@pytest.mark.parametrize("color", sorted({C["A"], C["B"], C["highlight"], C["neuron"], "#000000"}))
def test_the_text_colours_reach_4_5_to_1_on_white(color):
    assert contrast(color, "#ffffff") >= WCAG_AA


def test_text_on_the_region_shades_is_dark():
    """Labels and legends that sit on the decision regions are black: 15:1 or more on either shade."""
    assert min(contrast("#000000", shade) for shade in R) >= 15
    assert min(contrast(C["B"], shade) for shade in R) < WCAG_AA  # red text there would fail: none is drawn there


def test_text_alternative_has_no_tex_residue():
    assert descriptions.plain(r"$\|\nabla \mathrm{Cost}\|$ (9)") == "‖∇ Cost‖ (9)"
    assert not re.search(r"[\\${}]", descriptions.plain(r"$\omega_{43}^{[3]}$"))
