"""The checkers of notebook 10's exercises accept every way the lecture offers to find the answer."""
import numpy as np

import lecture_utils as lu
from lecture_utils.exercises import check_tangent_prediction
from lecture_utils import figure6_example, format_readout, readout


def test_check_tangent_prediction_accepts_the_numbers_read_off_the_explorer():
    """Exercise 1 says "you may read the numbers off the explorer": C, δ_4^[3] and a_3^[2] to the six decimals its
    readout shows must give a right answer, while the curve's exact C after the move is still told apart."""
    net, X, Y = figure6_example()
    x, y = X[:, 0], Y[:, 0]
    r = readout(net, x, y, 3, 4, 3)
    C, delta, a = round(r.C, 6), round(float(r.delta[0]), 6), round(float(r.a[0]), 6)
    assert f"C = {C:.6f}" in format_readout(r) and f"({delta:.6f})({a:.6f})" in format_readout(r)
    for read_off in (C + delta * a * 0.5, C + float(f"{r.backprop:.5e}") * 0.5):
        assert check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, read_off), read_off
    exact = lu.cost_along(net, x, y, (3, 4, 3), [r.omega + 0.5])[0]
    assert "exact C" in check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, exact).message
    assert not check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, C + delta * a * 0.5 + 1e-5)


def test_check_tangent_prediction_keeps_its_relative_tolerance_for_large_costs():
    """The read-off allowance is absolute; for a cost far above 1 the relative tolerance 1e-6 still applies."""
    net, X, Y = figure6_example()
    x, y = X[:, 0], 1000 * Y[:, 0]  # a target far from the sigmoid's range: C near 5e5
    C, slope = net.cost(x, y), net.gradients(x, y).dW[3][3, 2]
    predicted = C + 0.5 * slope
    assert check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, predicted * (1 + 5e-7))
    assert not check_tangent_prediction(net, x, y, (3, 4, 3), 0.5, predicted * (1 + 5e-6))
    assert np.isfinite(predicted)
