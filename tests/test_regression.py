"""The network's output option (Network(output=...)) and the regression tools of notebook 12: a linear output layer's
gradients against complex-step derivatives (hypothesis over shapes), through every path that builds a^[L] (Lemma 1,
the mini-batch kernel, sgd, the pseudocode, the D^[l] product, the bound of notebook 14); the old behaviour bit for
bit; the cost floor (MS3) against its closed form; train_watched against lu.train; bad input in the lecture's terms.

Tolerances: complex step has no subtraction, so backpropagation and it agree to rounding (relative error ~1e-15);
1e-12 leaves room for the condition of a batch's mean. Two float64 computations of the same formulas in a different
order agree to ~1e-15; 1e-12 again."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu

architectures = st.lists(st.integers(1, 4), min_size=2, max_size=5)
seeds = st.integers(0, 2**16)
hidden = st.sampled_from(["sigmoid", "tanh"])
TOL = 1e-12


def data(net, N, seed):
    rng = np.random.default_rng(seed + 1)
    return rng.uniform(-1, 1, (net.n(1), N)), rng.uniform(-2, 2, (net.n(net.L), N))  # targets outside (0, 1)


def errors(a, b):
    return max(max(lu.relative_error(a.dW[l], b.dW[l]), lu.relative_error(a.db[l], b.db[l])) for l in a.dW)


# --- the linear output against complex step ----------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(architectures, seeds, hidden, st.integers(1, 4))
def test_linear_output_gradients_agree_with_complex_step(sizes, seed, activation, N):
    net = lu.Network(sizes, seed=seed, activation=activation, output="linear")
    X, Y = data(net, N, seed)
    reference = lu.numerical_gradients(net, X, Y, "complex_step")
    assert errors(net.gradients(X, Y), reference) < TOL
    assert errors(lu.minibatch_gradients(net, X, Y), reference) < TOL


@settings(max_examples=30, deadline=None)
@given(architectures, seeds, hidden, st.sampled_from(["sigmoid", "tanh", "linear"]))
def test_any_elementwise_output_agrees_with_complex_step(sizes, seed, activation, output):
    net = lu.Network(sizes, seed=seed, activation=activation, output=output)
    X, Y = data(net, 3, seed)
    assert errors(lu.minibatch_gradients(net, X, Y), lu.numerical_gradients(net, X, Y)) < TOL


@settings(max_examples=30, deadline=None)
@given(architectures, seeds)
def test_linear_output_error_is_output_minus_target(sizes, seed):
    """(MS2): δ^[L] = a^[L] − y exactly, and a^[L] = z^[L] (MS1)."""
    net = lu.Network(sizes, seed=seed, output="linear")
    x, y = data(net, 1, seed)
    fp = net.forward(x[:, 0])
    assert np.array_equal(fp.output, fp.z[net.L])
    assert np.array_equal(net.gradients(x[:, 0], y[:, 0]).delta[net.L], fp.output - y[:, 0])


def test_the_linear_output_really_differs_from_the_sigmoid_one():
    """A test that can fail: with the σ' factor kept, δ^[L] would differ."""
    net, sig = lu.Network([2, 3, 2], seed=0, output="linear"), lu.Network([2, 3, 2], seed=0)
    x, y = np.array([0.3, 0.7]), np.array([1.5, -0.5])
    assert not np.allclose(net.output(x), sig.output(x))
    z = net.forward(x).z[3]
    assert not np.allclose(net.gradients(x, y).delta[3], lu.sigma_prime(z) * (z - y))


# --- every other path that builds a^[L] -----------------------------------------------------------------------
def test_sgd_with_a_linear_output_takes_the_steps_of_lemma_1():
    net = lu.Network([1, 3, 1], seed=2, output="linear")  # small: sgd would pick its float kernel for a sigmoid
    X, Y, _, _ = lu.regression_data(n_train=8, n_val=1, seed=3)
    k = lu.sample_indices(8, 1, seed=5)[0]
    g, eta = net.gradients(X[:, k], Y[:, k]), 0.1
    expected = {l: net.W[l] - eta * g.dW[l] for l in net.W}
    lu.sgd(net, X, Y, eta, 1, seed=5)
    assert all(np.allclose(net.W[l], expected[l], rtol=TOL, atol=0) for l in net.W)


def test_sgd_and_the_literal_pseudocode_agree_for_a_linear_output():
    a, b = lu.Network([1, 4, 3, 1], seed=1, output="linear"), lu.Network([1, 4, 3, 1], seed=1, output="linear")
    X, Y, _, _ = lu.regression_data(n_train=10, n_val=1, seed=0)
    lu.sgd(a, X, Y, 0.05, 50, seed=4)
    lu.sgd_pseudocode(b, X, Y, 0.05, 50, seed=4)
    assert all(np.allclose(a.W[l], b.W[l], rtol=1e-12, atol=1e-14) for l in a.W)


def test_the_expanded_product_has_d_L_the_identity_for_a_linear_output():
    net = lu.Network([2, 3, 4, 2], seed=3, output="linear")
    x, y = np.array([0.2, 0.9]), np.array([1.7, -0.4])
    delta = net.gradients(x, y).delta
    for l in range(2, net.L + 1):
        assert lu.relative_error(lu.delta_expanded(net, x, y, l), delta[l]) < TOL


def test_the_bound_of_notebook_14_holds_for_a_linear_output():
    net = lu.Network([1, 5, 5, 1], seed=0, output="linear")
    X, Y, _, _ = lu.regression_data(seed=1)
    assert np.all(lu.delta_norm_by_layer(net, X, Y) <= lu.delta_bound(net, X, Y) * (1 + 1e-12))
    # the output layer's factor is ‖D^[L]‖ = 1, not 1/4: the bound at l = L is the residual itself
    residual = np.sqrt(np.mean(np.sum((net.output(X) - Y) ** 2, axis=0)))
    assert lu.delta_bound(net, X, Y)[-1] == pytest.approx(residual, rel=1e-15)


def test_the_hessian_of_a_linear_output_is_that_of_its_output_weights():
    """Cost (9) is quadratic in W^[L], b^[L] for a linear output: that block of the Hessian is (1/N) Σ [a; 1][a; 1]ᵀ."""
    net = lu.Network([1, 3, 1], seed=0, output="linear")
    X, Y, _, _ = lu.regression_data(n_train=6, n_val=1, seed=0)
    H = lu.hessian(net, X, Y)
    a = np.vstack([net.forward(X).a[2], np.ones((1, 6))])  # [a^[2]; 1] per sample: W^[3] then b^[3]
    idx = [3, 4, 5, 9]  # parameter_vector's order: W^[2] (0..2), W^[3] (3..5), b^[2] (6..8), b^[3] (9)
    assert np.allclose(H[np.ix_(idx, idx)], a @ a.T / 6, rtol=1e-6, atol=1e-8)


# --- the old behaviour, unchanged ------------------------------------------------------------------------------
@pytest.mark.parametrize("activation, cost", [("sigmoid", "quadratic"), ("tanh", "quadratic"), ("relu", "quadratic"),
                                              ("sigmoid", "cross_entropy")])
def test_the_default_output_is_the_old_computation_bit_for_bit(activation, cost):
    """The default Network equals the lecture's formulas called as before the option existed (forward_pass without
    output_f but the cost's own, backpropagate and batch_gradients without `output`), to the last bit."""
    net = lu.Network([3, 4, 3, 2], seed=11, activation=activation, cost=cost)
    X = np.random.default_rng(0).uniform(0, 1, (3, 5))
    Y = np.eye(2)[:, [0, 1, 1, 0, 1]]
    old_f = net.cost_function.output_activation
    fp = lu.forward_pass(net.W, net.b, X, net.activation.f, old_f)
    assert np.array_equal(net.output(X), fp.output)
    old = lu.backpropagate(net.W, fp, Y, net.activation, net.cost_function)
    new = net.gradients(X, Y)
    assert all(np.array_equal(new.delta[l], old.delta[l]) and np.array_equal(new.dW[l], old.dW[l]) for l in net.W)
    dW, db = lu.batch_gradients(net.W, net.b, X, Y, net.activation, net.cost_function)
    g = lu.minibatch_gradients(net, X, Y)
    assert all(np.array_equal(g.dW[l], dW[l]) and np.array_equal(g.db[l], db[l]) for l in net.W)
    assert net.output_activation == (lu.SOFTMAX if cost == "cross_entropy" else net.activation)


def test_the_default_network_computes_what_it_computed_before():
    """Golden values of a fixed default network, recorded when the output option was added (its default path is the
    former computation, as the test above checks)."""
    net = lu.Network([2, 3, 2], seed=0)
    g = net.gradients(np.array([0.1, 0.7]), np.array([1.0, 0.0]))
    assert net.cost(np.array([0.1, 0.7]), np.array([1.0, 0.0])) == GOLDEN_COST
    assert g.delta[3].tolist() == GOLDEN_DELTA3


GOLDEN_COST, GOLDEN_DELTA3 = 0.20551076346178798, [-0.13171480195319218, 0.08386768615846368]


def test_repr_names_the_output_only_when_it_is_not_the_default():
    assert repr(lu.Network([2, 3, 2])) == "Network([2, 3, 2], activation='sigmoid', cost='quadratic')"
    assert repr(lu.Network([2, 3, 2], cost="cross_entropy")) == \
        "Network([2, 3, 2], activation='sigmoid', cost='cross_entropy')"
    assert repr(lu.Network([1, 8, 1], output="linear")) == \
        "Network([1, 8, 1], activation='sigmoid', cost='quadratic', output='linear')"
    assert repr(lu.Network([1, 8, 1], activation="tanh", output="sigmoid")).endswith("output='sigmoid')")
    assert "output" not in repr(lu.Network([1, 8, 1], output="sigmoid"))


def test_copies_and_changed_parameters_keep_the_output():
    net = lu.Network([1, 3, 1], seed=0, output="linear")
    assert net.copy().output_activation is lu.LINEAR
    assert net.with_parameter((3, 1, 2), 5.0).output_activation is lu.LINEAR
    assert lu.with_parameters(net, lu.parameter_vector(net)).output_activation is lu.LINEAR
    x = np.array([0.5])
    assert net.with_parameter((3, 1), 10.0).output(x)[0] == pytest.approx(net.output(x)[0] + 10.0 - net.bias(3, 1))


# --- bad input, in the lecture's terms -------------------------------------------------------------------------
def test_nonsense_combinations_are_refused_in_words():
    with pytest.raises(ValueError, match=r"cross_entropy cost comes with its own output layer.*softmax.*"
                                         r"output='linear'.*cost='quadratic'"):
        lu.Network([2, 3, 2], cost="cross_entropy", output="linear")
    with pytest.raises(ValueError, match=r"output='softmax' belongs with cost='cross_entropy'"):
        lu.Network([2, 3, 2], output="softmax")
    with pytest.raises(ValueError, match=r"unknown output activation 'banana'; known: sigmoid, tanh, relu, linear"):
        lu.Network([2, 3, 2], output="banana")
    with pytest.raises(ValueError, match="unknown output activation"):
        lu.Network([2, 3, 2], output=3)
    assert lu.Network([2, 3, 2], cost="cross_entropy", output="softmax").output_activation is lu.SOFTMAX


def test_the_softmax_has_no_derivative_neuron_by_neuron():
    with pytest.raises(ValueError, match=r"softmax has no derivative neuron by neuron.*diag\(a\) − a aᵀ"):
        lu.SOFTMAX.prime(np.zeros(3))


def test_regression_tools_refuse_bad_input():
    with pytest.raises(ValueError, match="n_train must be a whole number >= 1"):
        lu.regression_data(n_train=0)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        lu.regression_data(noise=-1)
    with pytest.raises(ValueError, match="Y contains NaN"):
        lu.range_cost_floor([[np.nan]])
    with pytest.raises(ValueError, match=r"needs low < high, not \[1, 0\]"):
        lu.range_cost_floor([[0.5]], 1, 0)
    net = lu.Network([1, 3, 1], seed=0, output="linear")
    X, Y, _, _ = lu.regression_data(n_train=5, n_val=1)
    for watch, message in [(5, "watch must list the epochs"), ([], "whole epochs"), ([0, -1], "whole epochs"),
                           ([10, 5], "increasing order"), ([0], "the last >= 1"), ([1.5], "whole epochs")]:
        with pytest.raises(ValueError, match=message):
            lu.train_watched(net, X, Y, 0.1, watch)
    with pytest.raises(ValueError, match="batch_size must be a whole number"):
        lu.train_watched(net, X, Y, 0.1, [1], batch_size=0)
    with pytest.raises(ValueError, match=r"one input and one output: X and Y of shape \(1, N\)"):
        lu.plot_regression_fit({}, np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"n_1 = n_L = 1, not sizes \[1, 3, 2\]"):
        lu.plot_regression_fit({0: lu.Network([1, 3, 2])}, X, Y)


# --- the cost floor (MS3), train_watched, the data and the checkers ---------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 6), seeds)
def test_the_floor_is_the_cost_of_the_nearest_outputs_and_no_output_in_range_beats_it(n, N, seed):
    rng = np.random.default_rng(seed)
    Y = rng.uniform(-2, 3, (n, N))
    floor = lu.range_cost_floor(Y, 0, 1)
    assert floor == pytest.approx(np.mean(lu.single_sample_cost(np.clip(Y, 0, 1), Y)), rel=1e-15)
    for _ in range(5):
        assert np.mean(lu.single_sample_cost(rng.uniform(0, 1, (n, N)), Y)) >= floor


def test_a_trained_sigmoid_output_never_beats_the_floor():
    X, Y, _, _ = lu.regression_data(n_train=20, n_val=1, seed=5)
    net = lu.Network([1, 6, 1], seed=0)
    lu.train(net, X, Y, 1.0, 300, batch_size=5, seed=0)
    assert net.cost(X, Y) >= lu.range_cost_floor(Y)


def test_train_watched_is_lu_train_with_copies_on_the_way():
    X, Y, X_val, Y_val = lu.regression_data(n_train=12, n_val=5, seed=1)
    a, b = lu.Network([1, 4, 1], seed=2, output="linear"), lu.Network([1, 4, 1], seed=2, output="linear")
    h, fits = lu.train_watched(a, X, Y, 0.2, (0, 3, 7), batch_size=5, seed=9, X_val=X_val, Y_val=Y_val)
    c = lu.Network([1, 4, 1], seed=2, output="linear")
    lu.train(c, X, Y, 0.2, 3, batch_size=5, seed=9)  # the first 3 epochs of the same stream
    ref = lu.train(b, X, Y, 0.2, 7, batch_size=5, seed=9, X_val=X_val, Y_val=Y_val)
    assert np.array_equal(h.cost, ref.cost) and np.array_equal(h.val_cost, ref.val_cost)
    assert sorted(fits) == [0, 3, 7]
    assert all(np.array_equal(fits[7].W[l], b.W[l]) and np.array_equal(fits[3].W[l], c.W[l]) for l in b.W)
    assert fits[0].W[2] is not a.W[2] and not np.array_equal(fits[0].W[2], a.W[2])


def test_regression_data_is_seeded_and_leaves_the_unit_interval():
    X, Y, X_val, Y_val = lu.regression_data(n_train=30, n_val=10, noise=0.0, seed=4)
    assert X.shape == Y.shape == (1, 30) and X_val.shape == Y_val.shape == (1, 10)
    assert np.array_equal(Y, np.sin(2 * np.pi * X)) and Y.min() < -0.5 and Y.max() > 0.5
    assert np.array_equal(lu.regression_data(seed=4)[0], lu.regression_data(seed=4)[0])


def test_the_checkers_confirm_the_answer_and_name_the_kept_sigma_prime():
    z, y = np.array([0.4, -1.2]), np.array([1.5, -0.3])
    assert lu.check_linear_output_error(z, y, z - y).correct
    kept = lu.check_linear_output_error(z, y, lu.sigma_prime(z) * (z - y))
    assert not kept.correct and "σ'(z^[L])" in kept.message
    Y = np.array([[1.5, -0.5, 0.3, 0.8]])
    assert lu.check_range_cost_floor(Y, 0, 1, 0.0625).correct
    assert "½" in lu.check_range_cost_floor(Y, 0, 1, 0.125).message
    assert "mean" in lu.check_range_cost_floor(Y, 0, 1, 0.25).message
