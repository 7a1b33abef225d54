"""The exercise checkers on the answers students really give: a value copied from the notebook's own printout
(4 decimals, or 2 significant digits) is right to the digits shown, and each typical slip gets its own hint rather
than the generic "does not match". Each case is set up as in its notebook."""
import numpy as np
import pytest

import lecture_utils as lu

X, Y = lu.higham_data()


def right_to_the_digits(verdict):
    assert verdict.correct, verdict
    assert "Right to the digits you gave" in verdict.message, verdict.message


def wrong_with(verdict, phrase):
    assert not verdict.correct, verdict
    assert phrase in verdict.message, verdict.message


@pytest.fixture
def net():
    return lu.Network([2, 2, 3, 2], seed=0)   # notebooks 01-05's network


def test_03_1_a_prediction_from_the_printed_delta(net):
    x, y = X[:, 0], Y[:, 0]
    printed = round(float(net.gradients(x, y).delta[3][1]), 4)           # the notebook prints δ_2^[3] = -0.0070
    assert printed == -0.007
    right_to_the_digits(lu.check_cost_change(net, x, y, 3, 2, 0.02, printed * 0.02))


def test_04_1_the_printed_delta_2(net):
    x6, y6 = X[:, 5], Y[:, 5]
    printed = np.round(net.gradients(x6, y6).delta[2], 4)
    right_to_the_digits(lu.check_backward_step(net, x6, y6, 2, printed))


def test_10_1_the_factor_to_two_digits():
    right_to_the_digits(lu.check_vanishing_factor(L=10, l=2, answer=3.8e-6))


def test_a_wrong_value_with_few_digits_is_still_wrong():
    assert not lu.check_vanishing_factor(L=10, l=2, answer=1.5e-5)
    assert not lu.check_vanishing_factor(L=10, l=2, answer=0.0)


def test_07_1_a_rounded_tangent_prediction_is_not_called_the_exact_cost():
    net6, X6, Y6 = lu.figure6_example()
    x, y = X6[:, 0], Y6[:, 0]
    g = net6.gradients(x, y)
    predicted = net6.cost(x, y) + g.dW[3][3, 2] * 0.5
    verdict = lu.check_tangent_prediction(net6, x, y, (3, 4, 3), 0.5, round(predicted, 4))
    assert not verdict.message.startswith("That is the exact C after the move"), verdict.message
    assert verdict.correct or "Give more digits" in verdict.message, verdict.message


def test_05_2_the_off_by_one_index():
    net = lu.Network([4, 3, 4, 5, 2], seed=0)
    x, y = np.array([0.2, 0.9, 0.4, 0.6]), np.array([1.0, 0.0])
    delta, a = net.gradients(x, y).delta[4], net.forward(x).a[3]
    wrong_with(lu.check_weight_derivative(net, x, y, 4, 2, 3, delta[0] * a[1]), "Off by one")   # j − 2, k − 2
    right = lu.check_weight_derivative(net, x, y, 4, 2, 3, delta[1] * a[2])
    assert right.correct, right


def test_02_1_the_mean_over_all_entries(net):
    A = net.output(X)
    wrong_with(lu.check_cost(net, X, Y, 0.5 * np.mean((Y - A) ** 2)), "averages over all N n_L = 20 entries")


def test_12_1_a_flipped_sign_and_an_extra_sigma_prime():
    Xd, Yd, *_ = lu.digits_data()
    net0 = lu.Network([64, 30, 10], seed=0, cost="cross_entropy", init="xavier")
    X8, Y8 = Xd[:, :8], Yd[:, :8]
    g = lu.minibatch_gradients(net0, X8, Y8).dW[3]
    wrong_with(lu.check_minibatch_gradient(net0, X8, Y8, 3, -g), "sign is flipped")
    fp = net0.forward(X8)
    extra = (lu.sigma_prime(fp.z[3]) * (fp.output - Y8)) @ fp.a[2].T / 8
    wrong_with(lu.check_minibatch_gradient(net0, X8, Y8, 3, extra), "σ'(Z^[L])")


def test_11_1_the_decay_applied_after_the_step():
    W, dW = np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[0.3, -0.1], [0.0, 0.2]])
    wrong_with(lu.check_weight_decay_step(W, dW, eta=0.1, lam=0.2, answer=(1 - 0.02) * (W - 0.1 * dW)),
               "after the gradient step")


def test_04_3_lemma_1_s_value_is_not_a_central_difference(net):
    x6, y6 = X[:, 5], Y[:, 5]
    exact = net.gradients(x6, y6).dW[2][0, 1]
    wrong_with(lu.check_central_difference(net, x6, y6, (2, 1, 2), 1e-4, exact), "not a difference quotient")
    p = net.weight(2, 1, 2)
    up, down = lu.cost_along(net, x6, y6, (2, 1, 2), [p + 1e-4, p - 1e-4])
    assert lu.check_central_difference(net, x6, y6, (2, 1, 2), 1e-4, (up - down) / 2e-4).correct


def test_04_1_sigma_prime_at_a_is_named_with_a_small_sigma(net):
    x6, y6 = X[:, 5], Y[:, 5]
    g, fp = net.gradients(x6, y6), net.forward(x6)
    wrong = lu.sigma_prime(fp.a[2]) * (net.W[3].T @ g.delta[3])
    wrong_with(lu.check_backward_step(net, x6, y6, 2, wrong), "σ' is evaluated at a^[2]")
