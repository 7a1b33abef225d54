"""One backward pass as steps (lecture_utils/backward_pass.py), drawn on the network (plotting/diagram.py) and walked
by the backward stepper (widgets/stepper.py, stepper_widget.py), and notebook 06's checkers (exercises/by_hand.py).

References: complex-step derivatives (relative error < 1e-12, rounding level: no subtraction of nearly equal numbers)
and net.gradients; the written-out lines are re-evaluated from their own rounded numbers."""
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu
from lecture_utils.backward_pass import located, number
from lecture_utils.widgets.stepper import BackwardPass, split

X, Y = lu.higham_data()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure6():
    net, X6, Y6 = lu.figure6_example()
    return net, X6[:, 0], Y6[:, 0]


def expected_order(L):
    return ([("22", L)] + [("23", l) for l in range(L - 1, 1, -1)]
            + [(eq, l) for l in range(L, 1, -1) for eq in ("24", "25")])


# --- the steps: order, numbers, against independent references ------------------------------------------------
@pytest.mark.parametrize("case", ["higham", "figure6"])
def test_the_steps_come_in_the_lecture_s_order_and_equal_net_gradients(case):
    net, x, y = figure6() if case == "figure6" else (lu.Network([2, 2, 3, 2], seed=0), X[:, 0], Y[:, 0])
    steps = lu.backward_steps(net, x, y)
    assert [(s.equation, s.l) for s in steps] == expected_order(net.L)
    assert len(steps) == 3 * net.L - 3 and [s.index for s in steps] == list(range(len(steps)))
    g = net.gradients(x, y)
    for s in steps:
        expected = {"22": g.delta, "23": g.delta, "24": g.db, "25": g.dW}[s.equation][s.l]
        np.testing.assert_array_equal(s.result, expected)


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5), seed=st.integers(0, 2**16),
       point=st.integers(0, 9))
def test_every_gradient_agrees_with_the_complex_step(sizes, seed, point):
    """For any shape, (24) and (25) of the steps against complex-step derivatives of C (18), to rounding."""
    net = lu.Network(sizes, seed=seed)
    rng = np.random.default_rng(point)
    x, y = rng.uniform(0, 1, sizes[0]), rng.uniform(0, 1, sizes[-1])
    steps = lu.backward_steps(net, x, y)
    numerical = lu.numerical_gradients(net, x, y)
    assert len(steps) == 3 * len(sizes) - 3
    for s in steps:
        if s.equation in ("24", "25"):
            reference = (numerical.db if s.equation == "24" else numerical.dW)[s.l]
            scale = max(np.abs(reference).max(), 1e-300)
            assert np.abs(s.result - reference).max() / scale < 1e-12, (s.title, s.result, reference)


def test_the_steps_read_what_the_lemma_says_and_write_one_quantity():
    net, x, y = figure6()
    for s in lu.backward_steps(net, x, y):
        l, L = s.l, net.L
        reads = {"22": (f"z^[{L}]", f"a^[{L}]", "y"), "23": (f"z^[{l}]", f"W^[{l + 1}]", f"δ^[{l + 1}]"),
                 "24": (f"δ^[{l}]",), "25": (f"δ^[{l}]", f"a^[{l - 1}]")}[s.equation]
        assert s.reads == reads and set(s.values) == set(reads)
        assert s.writes == {"22": f"δ^[{l}]", "23": f"δ^[{l}]", "24": f"∂C/∂b^[{l}]", "25": f"∂C/∂W^[{l}]"}[s.equation]
    assert located("y", 5) == ("neuron", 5) and located("W^[3]", 5) == ("edge", 3) and located("δ^[4]", 5) == ("neuron", 4)


# --- the written-out equations ----------------------------------------------------------------------------------
def evaluate(line):
    """(value of the numeric side, stated result, bound on the rounding) for a written-out line: the numeric side
    is the part between the symbolic side and the result, its numbers rounded to 4 significant digits."""
    parts = line.split(" = ")
    stated = float(parts[-1].replace("−", "-"))
    if len(parts) == 3 and "∂C/∂b" in parts[0]:  # (24): a copy, ∂C/∂b_j = δ_j = value
        return stated, stated, 0.0
    expression = parts[-2].replace("−", "-").replace("×", "*")
    value = eval(expression, {"__builtins__": {}})  # noqa: S307 - our own text: numbers, + - * ( ) only
    # each number carries a relative rounding error <= 5e-4; a product of three of them or a sum of such products
    # is off by at most about 1.5e-3 of the sum of the absolute values of its terms, and the result by 5e-4
    magnitude = eval(re.sub(r"(?<!e)-", "+", expression), {"__builtins__": {}})  # every term counted positively
    return value, stated, 1.6e-3 * abs(magnitude) + 5e-4 * abs(stated)


@pytest.mark.parametrize("case", ["higham", "figure6", "point 8"])
def test_the_written_out_products_evaluate_to_the_stated_results(case):
    net, x, y = figure6() if case == "figure6" else (lu.Network([2, 2, 3, 2], seed=0), X[:, 0], Y[:, 0])
    if case == "point 8":
        x, y = X[:, 7], Y[:, 7]
    for s in lu.backward_steps(net, x, y):
        results = s.result.ravel()
        assert len(s.lines) == results.size
        for line, result in zip(s.lines, results):
            value, stated, bound = evaluate(line)
            assert abs(value - stated) <= bound, line
            assert number(result) == line.rsplit(" = ", 1)[1]  # the stated result is the unrounded one, rounded
        assert lu.written_out(s).splitlines() == [s.title, *s.lines]


def test_the_evaluation_catches_a_wrong_line():
    value, stated, bound = evaluate("δ_1^[4] = σ'(z_1^[4]) (a_1^[4] − y_1) = 0.2495 × (0.5234 − 1) = 0.1189")
    assert abs(value - stated) > bound  # the sign of the result is wrong


@pytest.mark.parametrize("v, text", [(-0.0040123, "−0.004012"), (0.99996, "1.000"), (3.6123e-5, "3.612e-05"),
                                     (12.3456, "12.35"), (0.0, "0"), (-1.16251539, "−1.163"), (0.1, "0.1000")])
def test_numbers_keep_four_significant_digits(v, text):
    assert number(v) == text.replace("-", "−")


def test_the_components_are_written_with_the_lecture_s_indices():
    net = lu.Network([2, 2, 3, 2], seed=0)
    steps = lu.backward_steps(net, X[:, 0], Y[:, 0])
    assert steps[0].lines[0].startswith("δ_1^[4] = σ'(z_1^[4]) (a_1^[4] − y_1) = ")
    assert steps[1].lines[2].startswith("δ_3^[3] = σ'(z_3^[3]) (ω_13^[4] δ_1^[4] + ω_23^[4] δ_2^[4]) = ")  # column 3
    assert steps[4].lines[5].startswith("∂C/∂ω_23^[4] = δ_2^[4] a_3^[3] = ")
    w13 = number(net.weight(4, 1, 3))
    assert f"({w13}) × " in steps[1].lines[2]


# --- the figure -------------------------------------------------------------------------------------------------
def circles(ax):
    return [p for p in ax.patches if isinstance(p, plt.Circle)]


def test_the_figure_colours_each_neuron_by_the_sign_of_its_error():
    net, x, y = figure6()
    ax = lu.plot_errors_on_network(net, x, y, ax=plt.figure().gca())
    g = net.gradients(x, y)
    shapes = circles(ax)
    assert len(shapes) == sum(net.sizes)
    deltas = [None] * net.n(1) + [d for l in range(2, net.L + 1) for d in g.delta[l]]
    for circle, d in zip(shapes, deltas):
        r, _, b, _ = circle.get_facecolor()
        if d is None:
            assert (r, b) == (1.0, 1.0)  # the inputs: white, no δ
        else:
            assert (r > b) == (d > 0), (d, circle.get_facecolor())  # red for δ > 0, blue for δ < 0
    radii = [c.get_radius() for c in shapes[net.n(1):]]
    order = np.argsort(np.abs([d for d in deltas if d is not None]))
    assert np.all(np.diff(np.array(radii)[order]) >= -1e-12)  # larger |δ|, larger neuron


def test_with_a_step_the_figure_greys_what_is_not_yet_computed_and_rings_what_is_used():
    net, x, y = figure6()
    steps = lu.backward_steps(net, x, y)
    step = steps[2]  # (23) at l = 3: writes δ^[3], reads δ^[4], W^[4], z^[3]
    ax = lu.plot_errors_on_network(net, x, y, ax=plt.figure().gca(), step=step)
    by_layer, start = {}, 0
    shapes = circles(ax)
    for l, n in enumerate(net.sizes, start=1):
        by_layer[l], start = shapes[start:start + n], start + n
    grey = plt.matplotlib.colors.to_rgba(lu.COLORS["unaffected"])
    assert all(c.get_facecolor() == grey for c in by_layer[2])                  # δ^[2] not yet computed
    assert all(c.get_facecolor() != grey for l in (3, 4, 5) for c in by_layer[l])
    assert all(c.get_edgecolor() == (0, 0, 0, 1) for c in by_layer[3])         # written: black ring
    orange = plt.matplotlib.colors.to_rgba(lu.COLORS["affected"])
    assert all(c.get_edgecolor() == orange for c in by_layer[4])               # read: orange ring
    assert ax.get_legend() is not None
    with pytest.raises(ValueError, match="steps 0..12"):
        lu.plot_errors_on_network(net, x, y, step=13)


def test_draw_network_still_draws_the_lecture_s_figure_6():
    ax = lu.draw_network(lu.FIGURE6_SIZES, plt.figure().gca(), highlight=(3, 4, 3))
    assert len(circles(ax)) == sum(lu.FIGURE6_SIZES)


# --- the stepper, driven without a browser ---------------------------------------------------------------------
def test_the_stepper_walks_the_whole_pass_of_the_4_3_4_5_2_network_and_back():
    net, x, y = figure6()
    stepper = lu.backward_stepper(net, x, y)
    steps = lu.backward_steps(net, x, y)
    assert stepper.state.position == 0 and "Step 0 of 12" in stepper.readout.value
    stepper.back_button.click()  # Back at the start does nothing
    assert stepper.state.position == 0 and "Step 0 of 12" in stepper.readout.value
    pictures = set()
    for i, step in enumerate(steps, start=1):
        stepper.next_button.click()
        html = stepper.readout.value
        current = stepper.state.current
        assert stepper.state.position == i and (current.equation, current.l) == (step.equation, step.l)
        np.testing.assert_array_equal(current.result, step.result)
        assert f"Step {i} of 12: ({step.equation}) at layer l = {step.l}" in html
        assert f"<b>({step.equation})</b>" in html                              # the tag
        for line, value in zip(step.lines, step.result.ravel()):
            assert number(value) in html                                       # the numbers of each component
            assert line.split(" = ")[0] in html.replace("&#x27;", "'")           # and their symbols
        pictures.add(bytes(stepper.fig.canvas.buffer_rgba()))
    assert len(pictures) == 12                                                 # every step draws its own figure
    assert "The pass is complete" in stepper.readout.value
    last = stepper.readout.value
    stepper.next_button.click()  # Next at the end does nothing
    assert stepper.state.position == 12 and stepper.readout.value == last
    stepper.back_button.click()
    assert stepper.state.position == 11 and f"Step 11 of 12: (24) at layer l = 2" in stepper.readout.value
    stepper.reset_button.click()
    assert stepper.state.position == 0 and "Step 0 of 12" in stepper.readout.value


def test_the_stepper_leaves_the_network_alone_and_has_a_static_picture():
    net, x, y = figure6()
    before = {l: net.W[l].copy() for l in net.W}
    stepper = lu.backward_stepper(net, x, y)
    for _ in range(5):
        stepper.next_button.click()
    assert all(np.array_equal(net.W[l], before[l]) for l in net.W)
    bundle, metadata = stepper._repr_mimebundle_()
    assert bundle["image/png"] and "BackwardStepper(network [4, 3, 4, 5, 2], step 5 of 12)" == bundle["text/plain"]
    assert "Step 5 of 12" in metadata["image/png"]["alt"]  # the saved picture's alt text: the readout in words
    buttons = [stepper.back_button, stepper.next_button, stepper.reset_button]
    assert [b.description for b in buttons] == ["Back", "Next", "Reset"] and all(b.tooltip for b in buttons)


def test_the_state_moves_by_one_and_stops_at_the_ends():
    net, x, y = figure6()
    state = BackwardPass(net, x, y)
    assert state.back() is False and state.position == 0 and state.current is None
    assert all(state.next() for _ in range(state.n)) and state.next() is False and state.position == state.n
    state.reset()
    assert state.position == 0


def test_a_long_line_is_split_between_its_symbols_and_its_numbers():
    line = "δ_1^[4] = σ'(z_1^[4]) (a_1^[4] − y_1) = 0.2495 × (0.5234 − 1) = −0.1189"
    assert split(line) == [line]  # short enough for a slide
    assert split(line, width=40) == ["δ_1^[4] = σ'(z_1^[4]) (a_1^[4] − y_1)", "        = 0.2495 × (0.5234 − 1) = −0.1189"]
    assert split("∂C/∂b_1^[4] = δ_1^[4]") == ["∂C/∂b_1^[4] = δ_1^[4]"]


# --- bad input, in the lecture's terms --------------------------------------------------------------------------
@pytest.mark.parametrize("make", [lu.backward_steps, lu.backward_stepper,
                                  lambda net, x, y: lu.plot_errors_on_network(net, x, y)])
def test_bad_input_is_refused_in_the_lecture_s_terms(make):
    net, x, y = figure6()
    with pytest.raises(ValueError, match=r"x has 3 rows but layer 1 has n_1 = 4 neurons"):
        make(net, x[:3], y)
    with pytest.raises(ValueError, match=r"y has 3 rows but layer 5 has n_L = 2 neurons"):
        make(net, x, np.ones(3))
    with pytest.raises(ValueError, match="x contains NaN"):
        make(net, np.array([0.1, np.nan, 0.2, 0.3]), y)
    with pytest.raises(ValueError, match="y contains infinity"):
        make(net, x, np.array([np.inf, 0.0]))
    with pytest.raises(ValueError, match="one sample x of shape \\(4,\\) = \\(n_1,\\), not a batch"):
        make(net, X6_batch(), np.ones((2, 3)))
    with pytest.raises(ValueError, match="quadratic cost \\(18\\)"):
        make(lu.Network([4, 3, 2], seed=0, cost="cross_entropy"), x, y)


def X6_batch():
    return lu.figure6_example()[1][:, :3]


# --- the checkers of notebook 06 ---------------------------------------------------------------------------------
NET = lu.Network([2, 2, 3, 2], seed=0)
x8, y8 = X[:, 7], Y[:, 7]


def test_check_delta_by_hand_accepts_a_pencil_answer_and_names_the_slips():
    fp, g = NET.forward(x8), NET.gradients(x8, y8)
    s = lu.sigma_prime(fp.z[3][1])
    right = g.delta[3][1]
    assert lu.check_delta_by_hand(NET, x8, y8, 3, 2, right).correct
    assert lu.check_delta_by_hand(NET, x8, y8, 3, 2, 0.01763).correct          # from the 4-digit printout
    assert not lu.check_delta_by_hand(NET, x8, y8, 3, 2, None).correct
    column = NET.W[4][:, 1] @ g.delta[4]
    assert "σ'(z_2^[3]) is missing" in lu.check_delta_by_hand(NET, x8, y8, 3, 2, column).message
    assert "row 2 of W^[4]" in lu.check_delta_by_hand(NET, x8, y8, 3, 2, s * NET.W[4][1, :2] @ g.delta[4]).message
    assert "sign is flipped" in lu.check_delta_by_hand(NET, x8, y8, 3, 2, -right).message
    d4 = g.delta[4][1]
    assert lu.check_delta_by_hand(NET, x8, y8, 4, 2, d4).correct
    assert "sign of (a_2^[4] − y_2) is flipped" in lu.check_delta_by_hand(NET, x8, y8, 4, 2, -d4).message
    assert "σ'(z_2^[4]) is missing" in lu.check_delta_by_hand(NET, x8, y8, 4, 2, fp.a[4][1] - 1).message
    assert not lu.check_delta_by_hand(NET, x8, y8, 3, 2, 1.1 * right).correct  # 10% off is wrong
    with pytest.raises(IndexError, match="j = 4 is out of range 1..3 for layer 3"):
        lu.check_delta_by_hand(NET, x8, y8, 3, 4, 0.1)
    with pytest.raises(KeyError, match="l = 2..4, not l = 1"):
        lu.check_delta_by_hand(NET, x8, y8, 1, 1, 0.1)


def test_check_weight_gradient_by_hand_accepts_a_pencil_answer_and_names_the_slips():
    fp, g = NET.forward(x8), NET.gradients(x8, y8)
    assert lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, -0.05239).correct
    assert lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, g.dW[4][1, 2]).correct
    assert "sign is flipped" in lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, 0.05241).message
    assert "z_3^[3]" in lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, g.delta[4][1] * fp.z[3][2]).message
    assert "(24)" in lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, g.delta[4][1]).message
    with pytest.raises(IndexError, match="k = 4 is out of range 1..3 for layer 3"):
        lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 4, 0.1)
