"""What notebook 06 (one backward pass by hand) and its solutions say about their numbers and figures, asserted from
the same library calls with the same seed (house style: "Claims are tested"). Each test names the cell it backs.
The network is lu.Network([2, 2, 3, 2], seed=0) at the first training point (the lecture notebook) and at the
eighth (the exercises)."""
import json
import pathlib

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.backward_pass import number

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_backward_pass_by_hand.ipynb"
SOLUTIONS = ROOT / "notebooks" / "solutions" / "06_backward_pass_by_hand_solutions.ipynb"
X, Y = lu.higham_data()
NET = lu.Network([2, 2, 3, 2], seed=0)
x, y = X[:, 0], Y[:, 0]
FP, G = NET.forward(x), NET.gradients(x, y)
STEPS = lu.backward_steps(NET, x, y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def prose(path):
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")


def test_the_point_and_the_number_of_steps():
    """'the first of the ten points, x = (0.1, 0.1) of category A, so y = (1, 0)'; 'For L = 4 there are
    3L − 3 = 9 steps'; 'all 7 biases and 16 weights, 23 derivatives'."""
    assert list(x) == [0.1, 0.1] and list(y) == [1.0, 0.0]
    assert len(STEPS) == 9 and NET.L == 4
    biases = sum(s.result.size for s in STEPS if s.equation == "24")
    weights = sum(s.result.size for s in STEPS if s.equation == "25")
    assert (biases, weights, NET.n_parameters) == (7, 16, 23)


def test_step_1_signs_and_sigma_prime():
    """'a_1^[4] = 0.5234 is below its target 1, so δ_1^[4] < 0 ... a_2^[4] = 0.2714 is above its target 0, so
    δ_2^[4] > 0. The factor σ'(z_j^[4]) is at most 1/4 (here 0.2495 and 0.1977)'."""
    a4, d4, s4 = FP.a[4], G.delta[4], lu.sigma_prime(FP.z[4])
    assert number(a4[0]) == "0.5234" and number(a4[1]) == "0.2714"
    assert d4[0] < 0 < d4[1]
    assert [number(v) for v in s4] == ["0.2495", "0.1977"]
    assert np.all(np.abs(d4) <= 0.25 * np.abs(a4 - y))


def test_step_2_neuron_3_of_layer_3():
    """'Neuron 3 of layer 3 gets the largest error, δ_3^[3] = 0.02777: ... the largest weight of W^[4],
    ω_13^[4] = −1.163, and the term ω_13^[4] δ_1^[4] (... 0.138) outweighs the other term, −0.0196'."""
    d3 = G.delta[3]
    assert np.argmax(np.abs(d3)) == 2 and number(d3[2]) == "0.02777"
    W4 = NET.W[4]
    assert np.unravel_index(np.argmax(np.abs(W4)), W4.shape) == (0, 2) and number(W4[0, 2]) == "−1.163"
    first, second = W4[0, 2] * G.delta[4][0], W4[1, 2] * G.delta[4][1]
    assert round(first, 3) == 0.138 and round(second, 4) == -0.0196 and first > abs(second)


def test_step_3_the_errors_shrink_about_20_times():
    """'‖δ^[2]‖ is about 20 times smaller than ‖δ^[4]‖ here' (and the Summary: 'about 20 times')."""
    ratio = np.linalg.norm(G.delta[4]) / np.linalg.norm(G.delta[2])
    assert 18 < ratio < 23
    assert np.all(lu.sigma_prime(np.concatenate([FP.z[l] for l in (2, 3, 4)])) <= 0.25)


def test_the_two_columns_of_the_first_weight_gradient_are_equal():
    """'The two columns of ∂C/∂W^[2] are equal: ... this point has x_1 = x_2 = 0.1'."""
    assert np.array_equal(G.dW[2][:, 0], G.dW[2][:, 1]) and x[0] == x[1] == 0.1


def test_every_gradient_of_the_pass_agrees_with_the_complex_step():
    """The cell against complex-step derivatives prints 'below 1e-13 (agreement to rounding)' six times."""
    numerical = lu.numerical_gradients(NET, x, y)
    for s in STEPS[3:]:
        reference = (numerical.db if s.equation == "24" else numerical.dW)[s.l]
        assert lu.relative_error(s.result, reference) < 1e-13


def test_the_figure_largest_at_the_output_smallest_at_layer_2():
    """'The output neurons carry the largest errors, and layer 2 the smallest. The edges into layer 4 are the
    thickest, and those into layer 2 the thinnest: the largest |∂C/∂ω^[2]| is more than 100 times smaller than the
    largest |∂C/∂ω^[4]| ... All four edges into layer 2 are blue'."""
    d = {l: np.abs(G.delta[l]) for l in (2, 3, 4)}
    assert d[4].min() > d[3].max() and d[3].min() > d[2].max()
    w = {l: np.abs(G.dW[l]) for l in (2, 3, 4)}
    assert w[4].min() > w[3].max() and w[3].min() > w[2].max()
    assert w[4].max() / w[2].max() > 100
    assert np.all(G.dW[2] < 0) and np.all(G.delta[2] < 0) and np.all(x > 0)
    ax = lu.plot_errors_on_network(NET, x, y, ax=plt.figure().gca())
    edges = [line for line in ax.lines if line.get_linestyle() == "-"]
    assert len(edges) == 16  # one per weight, drawn layer by layer: 4 into layer 2, 6 into 3, 6 into 4
    widths = {2: [e.get_linewidth() for e in edges[:4]], 3: [e.get_linewidth() for e in edges[4:10]],
              4: [e.get_linewidth() for e in edges[10:]]}
    assert min(widths[4]) > max(widths[3]) and min(widths[3]) > max(widths[2])
    assert all(e.get_color()[2] > e.get_color()[0] for e in edges[:4])  # blue: more blue than red
    radii = {l: [c.get_radius() for c in ax.patches[start:start + n]]
             for l, start, n in ((2, 2, 2), (3, 4, 3), (4, 7, 2))}
    assert min(radii[4]) > max(radii[3]) and min(radii[3]) > max(radii[2])


def test_the_stepper_rings_what_each_step_reads():
    """'at (23) for l = 2 the orange ring is on layer 3 and on the edges of W^[3] ...; at (25) for l = 4 the
    orange rings are on layers 4 and 3'."""
    orange = plt.matplotlib.colors.to_rgba(lu.COLORS["affected"])
    for step, ringed in ((STEPS[2], {3}), (STEPS[4], {3, 4})):
        ax = lu.plot_errors_on_network(NET, x, y, ax=plt.figure().gca(), step=step)
        layers = {1: ax.patches[0:2], 2: ax.patches[2:4], 3: ax.patches[4:7], 4: ax.patches[7:9]}
        assert {l for l, cs in layers.items() if all(c.get_edgecolor() == orange for c in cs)} == ringed
        orange_edges = [line for line in ax.lines if line.get_color() == lu.COLORS["affected"]]
        assert len(orange_edges) == (6 if step is STEPS[2] else 0)  # the six edges of W^[3]


def test_the_exercise_numbers_of_the_solutions():
    """The solutions: 'δ_1^[4] = 0.5264 × 0.4736 × 0.5264 = 0.1312', 'δ_2^[4] = 0.2712 × 0.7288 × (−0.7288) =
    −0.1440', '0.1908 × (0.0207 × 0.1312 + (−0.6230) × (−0.1440)) = 0.1908 × 0.09243 = 0.01764', 'Here it matches the
    unrounded value to four digits', '(−0.1440) × 0.3638 = −0.05239; unrounded it is −0.05241'."""
    x8, y8 = X[:, 7], Y[:, 7]
    fp, g = NET.forward(x8), NET.gradients(x8, y8)
    shown = lambda v: float(f"{v:.4f}")  # noqa: E731 - the exercise prints arrays to 4 decimals
    a4, a3, W4 = (np.vectorize(shown)(v) for v in (fp.a[4], fp.a[3], NET.W[4]))
    assert list(a4) == [0.5264, 0.2712] and a3[2] == 0.3638 and a3[1] == 0.7434 and W4[0, 1] == 0.0207
    d4 = a4 * (1 - a4) * (a4 - y8)
    assert round(d4[0], 4) == 0.1312 and round(d4[1], 4) == -0.1440
    s = round(a3[1] * (1 - a3[1]), 4)
    inner = W4[0, 1] * round(d4[0], 4) + W4[1, 1] * round(d4[1], 4)
    assert s == 0.1908 and round(inner, 5) == 0.09243 and round(s * round(inner, 5), 5) == 0.01764
    assert number(g.delta[3][1]) == "0.01764"  # the unrounded value, to four digits
    assert round(round(d4[1], 4) * a3[2], 5) == -0.05239 and number(g.dW[4][1, 2]) == "−0.05241"
    assert lu.check_delta_by_hand(NET, x8, y8, 3, 2, 0.01764).correct
    assert lu.check_weight_gradient_by_hand(NET, x8, y8, 4, 2, 3, -0.05239).correct


def test_updating_w4_before_delta3_would_change_delta3():
    """Solutions, Exercise 3: 'If the pseudocode replaced W^[4] ... first, δ^[3] would be computed with the new
    weights ... the gradient would be slightly wrong' (η = 0.05, the lecture's)."""
    x8, y8 = X[:, 7], Y[:, 7]
    fp, g = NET.forward(x8), NET.gradients(x8, y8)
    W4_new = NET.W[4] - 0.05 * g.dW[4]
    wrong = lu.backward_step(W4_new, g.delta[4], fp.z[3])
    error = lu.relative_error(wrong, g.delta[3])
    assert 1e-4 < error < 0.1  # slightly wrong: not rounding, not a different answer


def test_the_stepper_s_saved_output_shows_its_start_without_a_kernel():
    """'Without a running kernel you see the starting position': the saved output carries a PNG of step 0."""
    cells = [c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    cell = next(c for c in cells if "lu.backward_stepper(net, x, y)" in "".join(c["source"]))
    data = cell["outputs"][-1]["data"]
    assert data["image/png"] and "application/vnd.jupyter.widget-view+json" in data
    assert "".join(data["text/plain"]) == "BackwardStepper(network [2, 2, 3, 2], step 0 of 9)"


def test_the_prose_states_what_the_tests_check():
    """The numbers above are the ones the notebooks print in their prose."""
    text, solutions = prose(NOTEBOOK), prose(SOLUTIONS)
    for phrase in ("$a_1^{[4]} = 0.5234$", "$a_2^{[4]} = 0.2714$", "$\\delta_3^{[3]} = 0.02777$",
                   "$\\omega_{13}^{[4]} = -1.163$", "about 20 times smaller", "more than 100 times smaller",
                   "$3L - 3 = 9$"):
        assert phrase in text, phrase
    for phrase in ("= 0.1312$", "= -0.1440$", "0.1908 \\times 0.09243 = 0.01764", "= -0.05239$", "$-0.05241$"):
        assert phrase in solutions, phrase
