"""The exercise checkers of notebooks 01–09: each accepts the right answer and names the typical mistakes.

The right answers here are built from the lecture's formulas written out independently (numpy on the forward
pass's arrays), not by calling the checker's own reference, so a wrong reference in a checker fails a test.
"""
import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.exercises import (check_activation, check_backward_step, check_central_difference, check_cost,
                                     check_cost_change, check_cost_gradient_bias, check_downstream,
                                     check_output_error, check_parameter_count, check_sgd_step, check_weight_derivative,
                                     check_weight_gradient, check_weight_shape)

SIZES = [2, 2, 3, 2]
ETA = 0.05


@pytest.fixture
def net():
    return lu.Network(SIZES, seed=1)


@pytest.fixture
def big():
    return lu.Network([4, 3, 4, 5, 2], seed=3)


@pytest.fixture
def data():
    return lu.higham_data()


@pytest.fixture
def sample(data):
    X, Y = data
    return X[:, 4], Y[:, 4]


def by_hand(net, x, y):
    """Forward pass and Lemma 1 written out with numpy, as a student would."""
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    a, z = {1: x}, {}
    for l in range(2, net.L + 1):
        z[l] = net.W[l] @ a[l - 1] + net.b[l]
        a[l] = s(z[l])
    sp = {l: s(z[l]) * (1 - s(z[l])) for l in z}
    delta = {net.L: sp[net.L] * (a[net.L] - y)}
    for l in range(net.L - 1, 1, -1):
        delta[l] = sp[l] * (net.W[l + 1].T @ delta[l + 1])
    return a, z, sp, delta


def assert_wrong(verdict, *phrases):
    assert not verdict, verdict
    for phrase in phrases:
        assert phrase in verdict.message, verdict.message


# --- 01 ------------------------------------------------------------------------------------------------
def test_weight_shape():
    assert check_weight_shape(SIZES, 4, (2, 3))
    assert_wrong(check_weight_shape(SIZES, 4, (3, 2)), "(n_3, n_4), the transpose")
    assert_wrong(check_weight_shape(SIZES, 2, (3, 2)), "shape of W^[3]")
    with pytest.raises(KeyError, match="l = 2..4"):
        check_weight_shape(SIZES, 1, (2, 2))


def test_parameter_count():
    assert check_parameter_count(SIZES, 23)
    assert check_parameter_count([4, 3, 4, 5, 2], 15 + 16 + 25 + 12)
    assert_wrong(check_parameter_count(SIZES, 16), "weights only")
    assert_wrong(check_parameter_count(SIZES, 25), "no biases")
    assert_wrong(check_parameter_count(SIZES, 22), "Count n_l")


def test_activation(net, sample):
    x, y = sample
    a, z, _, _ = by_hand(net, x, y)
    assert check_activation(net, x, 3, a[3])
    assert_wrong(check_activation(net, x, 3, z[3]), "That is z^[3]", "eq (20)")
    assert_wrong(check_activation(net, x, 3, lu.sigma(net.W[3] @ a[2])), "bias is missing")
    assert_wrong(check_activation(net, x, 2, lu.sigma(net.W[2].T @ x + net.b[2])), "W^[2] is transposed")
    assert_wrong(check_activation(net, x, 3, a[3][:2]), "should be shape (3,) = (n_3,)")


# --- 02 ------------------------------------------------------------------------------------------------
def test_cost(net, data):
    X, Y = data
    per_point = [0.5 * np.sum((Y[:, i] - by_hand(net, X[:, i], Y[:, i])[0][4]) ** 2) for i in range(10)]
    assert check_cost(net, X, Y, np.mean(per_point))
    assert_wrong(check_cost(net, X, Y, np.sum(per_point)), "(9) divides by N")
    assert_wrong(check_cost(net, X, Y, 2 * np.mean(per_point)), "factor ½")
    assert_wrong(check_cost(net, X, Y, 20 * np.mean(per_point)), "netbp.m's scale")


def test_cost_gradient_bias(net, data):
    X, Y = data
    deltas = [by_hand(net, X[:, i], Y[:, i])[3][3] for i in range(10)]
    assert check_cost_gradient_bias(net, X, Y, 3, np.mean(deltas, axis=0))
    assert_wrong(check_cost_gradient_bias(net, X, Y, 3, np.sum(deltas, axis=0)), "divide by N")
    assert_wrong(check_cost_gradient_bias(net, X, Y, 3, deltas[0]), "C_{x^{1}} alone")
    assert_wrong(check_cost_gradient_bias(net, X, Y, 3, -np.mean(deltas, axis=0)), "sign is flipped")


# --- 03 ------------------------------------------------------------------------------------------------
def test_cost_change(net, sample):
    x, y = sample
    delta = by_hand(net, x, y)[3][3]
    assert check_cost_change(net, x, y, 3, 2, 1e-3, delta[1] * 1e-3)
    assert_wrong(check_cost_change(net, x, y, 3, 2, 1e-3, -delta[1] * 1e-3), "sign is flipped")
    assert_wrong(check_cost_change(net, x, y, 3, 2, 1e-3, delta[1]), "multiply by Δz")
    assert_wrong(check_cost_change(net, x, y, 3, 2, 1e-3, delta[0] * 1e-3), "δ_1^[3], the error of neuron 1")
    with pytest.raises(IndexError, match="j = 4 is out of range 1..3 for layer 3"):
        check_cost_change(net, x, y, 3, 4, 1e-3, 0.0)


def test_cost_change_is_the_measured_change_to_first_order(net, sample):
    x, y = sample
    delta = by_hand(net, x, y)[3][3]
    nudged = net.copy()
    nudged.set_bias(3, 2, net.bias(3, 2) + 1e-6)  # z_2^[3] moves by exactly the same amount as b_2^[3]
    measured = nudged.cost(x, y) - net.cost(x, y)
    assert measured == pytest.approx(delta[1] * 1e-6, rel=1e-4)
    assert check_cost_change(net, x, y, 3, 2, 1e-6, measured)


# --- 04 ------------------------------------------------------------------------------------------------
def test_output_error(net, sample):
    x, y = sample
    a, z, sp, delta = by_hand(net, x, y)
    assert check_output_error(net, x, y, delta[4])
    assert_wrong(check_output_error(net, x, y, a[4] - y), "σ'(z^[L]) is missing")
    assert_wrong(check_output_error(net, x, y, sp[4] * (y - a[4])), "sign is flipped")
    assert_wrong(check_output_error(net, x, y, a[4] * (a[4] - y)), "needs the derivative σ'(z^[L])")
    assert_wrong(check_output_error(net, x, y, np.zeros(3)), "should be shape (2,) = (n_4,)")


def test_backward_step(net, sample):
    x, y = sample
    a, z, sp, delta = by_hand(net, x, y)
    assert check_backward_step(net, x, y, 2, delta[2])
    assert check_backward_step(net, x, y, 3, delta[3])
    assert_wrong(check_backward_step(net, x, y, 2, net.W[3].T @ delta[3]), "σ'(z^[2]) is missing")
    assert_wrong(check_backward_step(net, x, y, 2, -delta[2]), "sign is flipped")
    assert_wrong(check_backward_step(net, x, y, 2, np.zeros(3)), "(n_2,)", "without the transpose")
    with pytest.raises(KeyError, match="l = 2..3"):
        check_backward_step(net, x, y, 4, delta[4])


def test_backward_step_square_transpose():
    net = lu.Network([2, 3, 3, 2], seed=4)
    x, y = np.array([0.2, 0.7]), np.array([1.0, 0.0])
    a, z, sp, delta = by_hand(net, x, y)
    assert_wrong(check_backward_step(net, x, y, 2, sp[2] * (net.W[3] @ delta[3])), "not transposed")


def test_weight_gradient(net, sample):
    x, y = sample
    a, z, sp, delta = by_hand(net, x, y)
    assert check_weight_gradient(net, x, y, 3, np.outer(delta[3], a[2]))
    assert_wrong(check_weight_gradient(net, x, y, 3, np.outer(a[2], delta[3])), "looks transposed")
    assert_wrong(check_weight_gradient(net, x, y, 2, np.outer(a[1], delta[2])), "It is transposed")
    assert_wrong(check_weight_gradient(net, x, y, 3, np.outer(delta[3], z[2])), "That uses z^[2]")
    assert_wrong(check_weight_gradient(net, x, y, 3, -np.outer(delta[3], a[2])), "sign is flipped")


def test_central_difference(net, sample):
    x, y = sample
    h, p = 1e-4, net.weight(3, 2, 1)
    C = lambda v: lu.cost_along(net, x, y, (3, 2, 1), [v])[0]  # noqa: E731
    central = (C(p + h) - C(p - h)) / (2 * h)
    assert check_central_difference(net, x, y, (3, 2, 1), h, central)
    assert "relative error" in check_central_difference(net, x, y, (3, 2, 1), h, central).message
    assert_wrong(check_central_difference(net, x, y, (3, 2, 1), h, (C(p + h) - C(p)) / h), "one-sided", "O(h)")
    assert_wrong(check_central_difference(net, x, y, (3, 2, 1), h, (C(p) - C(p - h)) / h), "one-sided")
    assert_wrong(check_central_difference(net, x, y, (3, 2, 1), h, (C(p + h) - C(p - h)) / h), "Divide by 2h")
    assert_wrong(check_central_difference(net, x, y, (3, 2, 1), h, np.float32(central * (1 + 1e-5))), "float32")
    with pytest.raises(ValueError, match=r"\(l, j, k\)"):
        check_central_difference(net, x, y, 3, h, central)


def test_precision_hint_for_nearly_right_answers(net, sample):
    x, y = sample
    delta = by_hand(net, x, y)[3]
    assert_wrong(check_output_error(net, x, y, delta[4] * (1 + 1e-5)), "agrees to about 5 digits")
    assert_wrong(check_output_error(net, x, y, delta[4].astype(np.float32) * np.float32(1 + 1e-5)), "float32")
    assert_wrong(check_output_error(net, x, y, delta[4] * 1.7), "does not match")


# --- 05 ------------------------------------------------------------------------------------------------
def test_weight_derivative(big):
    x, y = np.array([0.1, 0.9, 0.4, 0.3]), np.array([0.0, 1.0])
    a, z, sp, delta = by_hand(big, x, y)
    assert check_weight_derivative(big, x, y, 3, 4, 3, delta[3][3] * a[2][2])
    assert_wrong(check_weight_derivative(big, x, y, 3, 4, 3, delta[3][3]), "(24)")
    assert_wrong(check_weight_derivative(big, x, y, 3, 4, 3, delta[3][3] * z[2][2]), "That uses z_3^[2]")
    assert_wrong(check_weight_derivative(big, x, y, 3, 2, 3, delta[3][2] * a[2][1]), "swapped")
    assert_wrong(check_weight_derivative(big, x, y, 3, 4, 3, -delta[3][3] * a[2][2]), "sign is flipped")
    with pytest.raises(IndexError, match="k = 4 is out of range 1..3 for layer 2"):
        check_weight_derivative(big, x, y, 3, 4, 4, 0.0)


def test_downstream():
    sizes = [4, 3, 4, 5, 2]
    right = {(3, 4)} | {(4, i) for i in range(1, 6)} | {(5, 1), (5, 2)}
    assert check_downstream(sizes, 3, 4, right)
    assert_wrong(check_downstream(sizes, 3, 4, right | {(2, 3)}), "Layers 1..2 come before")
    assert_wrong(check_downstream(sizes, 3, 4, right | {(3, 1)}), "Only neuron j = 4")
    assert_wrong(check_downstream(sizes, 3, 4, right - {(3, 4)}), "Neuron 4 of layer 3 itself")
    assert_wrong(check_downstream(sizes, 3, 4, right - {(5, 2)}), "layers 4..5")
    assert_wrong(check_downstream(sizes, 3, 4, 7), "set of pairs")


# --- 06 ------------------------------------------------------------------------------------------------
def test_sgd_step(net, sample):
    x, y = sample
    a, z, sp, delta = by_hand(net, x, y)
    right = net.W[2] - ETA * np.outer(delta[2], a[1])
    assert check_sgd_step(net, x, y, ETA, 2, right)
    assert_wrong(check_sgd_step(net, x, y, ETA, 2, net.W[2] + ETA * np.outer(delta[2], a[1])), "sign is flipped")
    assert_wrong(check_sgd_step(net, x, y, ETA, 2, net.W[2] - np.outer(delta[2], a[1])), "η = 0.05 is missing")
    assert_wrong(check_sgd_step(net, x, y, ETA, 3, net.W[3].T), "looks transposed")


def test_sgd_step_detects_deltas_from_updated_weights(net, sample):
    x, y = sample
    a, z, sp, delta = by_hand(net, x, y)
    W = {l: net.W[l].copy() for l in net.W}
    d = delta[4]
    for l in range(4, 1, -1):  # the trap: update W^[l], then use the new W^[l] for δ^[l-1]
        W[l] -= ETA * np.outer(d, a[l - 1])
        if l > 2:
            d = sp[l - 1] * (W[l].T @ d)
    assert not np.allclose(W[2], net.W[2] - ETA * np.outer(delta[2], a[1]), rtol=1e-10, atol=0)
    assert_wrong(check_sgd_step(net, x, y, ETA, 2, W[2]), "after W^[3] was updated")


def test_checkers_leave_the_network_unchanged(net, sample):
    x, y = sample
    before = {l: net.W[l].copy() for l in net.W}
    check_sgd_step(net, x, y, ETA, 2, before[2])
    check_central_difference(net, x, y, (2, 1, 1), 1e-4, 0.0)
    assert all(np.array_equal(before[l], net.W[l]) for l in net.W)


def test_batch_is_refused_where_one_sample_is_meant(net, data):
    X, Y = data
    with pytest.raises(ValueError, match=r"one sample x of shape \(2,\) = \(n_1,\)"):
        check_output_error(net, X, Y, np.zeros(2))


def test_unanswered_exercise_says_so(net, sample):
    x, y = sample
    assert_wrong(check_output_error(net, x, y, None), "No answer yet", "δ^[4]")
    assert_wrong(check_weight_shape(SIZES, 3, None), "No answer yet")
    assert_wrong(check_parameter_count(SIZES, None), "No answer yet")
    assert_wrong(check_downstream(SIZES, 3, 1, None), "No answer yet")
