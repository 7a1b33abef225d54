"""Dropout (lecture_utils/dropout.py): Lemma 1 with a fixed mask, (DO4), against the complex step over random
shapes, dropout probabilities, activations and costs; the masks' statistics (DO2); the two modes (evaluation
never draws a mask and is the held network itself; training with a fixed seed repeats); the model in lu.fit; bad
input refused in the lecture's terms; and the exercise checker's hints.

Tolerances: the complex step has no subtraction, so it agrees with Lemma 1 to rounding; relative errors below
1e-11 leave room for the few hundred operations of a sum, where a bug (a missing m^[l], a missing 1/(1 − p))
gives errors of order 0.1 to 1."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu

TOL = 1e-11


def model_of(sizes, p, seed=0, activation="sigmoid", cost="quadratic", init="normal"):
    return lu.DropoutNetwork(lu.Network(sizes, seed=seed, activation=activation, cost=cost, init=init), p, seed=seed)


def drawn_masks(model, x):
    model.training = True
    masks = model.draw_masks(x)
    model.training = False
    return masks


def data_for(sizes, N, seed, cost):
    rng = np.random.default_rng(seed)
    shape = (sizes[0],) if N is None else (sizes[0], N)
    x = rng.uniform(-1, 1, shape)
    if cost == "cross_entropy":
        cols = 1 if N is None else N
        y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], cols)]
        y = y[:, 0] if N is None else y
    else:
        y = rng.uniform(0, 1, (sizes[-1],) + shape[1:])
    return x, y


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=3, max_size=5), p=st.floats(0.0, 0.9),
       N=st.one_of(st.none(), st.integers(1, 3)), seed=st.integers(0, 10**6),
       activation=st.sampled_from(["sigmoid", "tanh", "relu"]), cost=st.sampled_from(["quadratic", "cross_entropy"]))
def test_lemma_1_with_a_fixed_mask_is_the_complex_step_derivative(sizes, p, N, seed, activation, cost):
    if cost == "cross_entropy" and sizes[-1] < 2:
        sizes = sizes[:-1] + [2]
    model = model_of(sizes, p, seed, activation, cost)
    x, y = data_for(sizes, N, seed, cost)
    fixed = model.with_masks(drawn_masks(model, x))
    g, cs = fixed.gradients(x, y), lu.numerical_gradients(fixed, x, y)
    for l in range(2, len(sizes) + 1):
        assert lu.relative_error(g.dW[l], cs.dW[l]) < TOL, (l, "W")
        assert lu.relative_error(g.db[l], cs.db[l]) < TOL, (l, "b")
    # the same gradient through the model's own entry point with masks given
    g2 = model.gradients(x, y, masks=fixed.masks)
    for l in range(2, len(sizes) + 1):
        np.testing.assert_array_equal(g.dW[l], g2.dW[l])


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=3, max_size=4), p=st.floats(0.0, 0.9),
       N=st.one_of(st.none(), st.integers(1, 3)), seed=st.integers(0, 10**6))
def test_a_linear_output_layer_is_never_masked_and_its_gradient_holds(sizes, p, N, seed):
    model = lu.DropoutNetwork(lu.Network(sizes, seed=seed, activation="tanh", output="linear"), p, seed=seed)
    x, y = data_for(sizes, N, seed, "quadratic")
    masks = drawn_masks(model, x)
    fp = model.forward(x, masks)
    np.testing.assert_array_equal(fp.output, fp.z[len(sizes)])                 # a^[L] = z^[L], no mask
    fixed = model.with_masks(masks)
    g, cs = fixed.gradients(x, y), lu.numerical_gradients(fixed, x, y)
    for l in range(2, len(sizes) + 1):
        assert lu.relative_error(g.dW[l], cs.dW[l]) < TOL and lu.relative_error(g.db[l], cs.db[l]) < TOL


def test_the_central_difference_agrees_too_and_the_mask_matters():
    model = model_of([3, 4, 5, 2], 0.5, seed=3, activation="tanh")
    x, y = data_for([3, 4, 5, 2], 4, 3, "quadratic")
    masks = drawn_masks(model, x)
    fixed = model.with_masks(masks)
    g, cd = fixed.gradients(x, y), lu.numerical_gradients(fixed, x, y, method="central_difference")
    assert lu.relative_error(g.dW[2], cd.dW[2]) < 1e-7
    # forgetting the mask in (23), or its scale 1/(1 − p), gives another gradient: the check can fail
    fp = model.forward(x, masks)
    for wrong in ({2: 1.0, 3: 1.0}, {l: (m != 0).astype(float) for l, m in masks.items()}):
        w = lu.masked_backpropagate(model.W, fp, y, wrong, model.activation, model.cost_function)
        assert lu.relative_error(w.dW[2], g.dW[2]) > 0.05


def test_the_backward_step_is_23_times_the_mask_and_a_dropped_neuron_learns_nothing():
    model = model_of([2, 6, 6, 2], 0.5, seed=1, activation="relu", cost="cross_entropy", init="he")
    X, Y = lu.higham_data()
    masks = drawn_masks(model, X)
    g = model.gradients(X, Y, masks)
    fp = model.forward(X, masks)
    np.testing.assert_array_equal(g.delta[2], masks[2] * lu.backward_step(model.W[3], g.delta[3], fp.z[2],
                                                                          lu.relu_prime))
    dropped_everywhere = np.all(masks[2] == 0, axis=1)
    assert np.all(g.dW[2][dropped_everywhere] == 0) and np.all(g.db[2][dropped_everywhere] == 0)


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.8])
def test_mask_entries_are_0_or_the_scale_with_mean_1(p):
    m = lu.dropout_mask(np.random.default_rng(0), p, (400, 500))
    assert set(np.unique(m)) <= {0.0, 1 / (1 - p)}
    n = m.size
    std = np.sqrt(p / (1 - p))                       # of one entry: E m² − (E m)² = 1/(1 − p) − 1
    assert abs(m.mean() - 1) < 5 * std / np.sqrt(n) + 1e-15
    assert abs(np.mean(m == 0) - p) < 5 * np.sqrt(p * (1 - p) / n) + 1e-15


def test_the_masked_layer_passes_on_the_unmasked_activation_on_average():
    """(DO3) for the first hidden layer, whose z^[2] no mask touches: E a^[2] = σ(z^[2])."""
    model = model_of([2, 30, 4, 2], 0.5, seed=2)
    x = np.array([0.3, 0.7])
    many = np.repeat(x[:, None], 40_000, axis=1)
    masked = model.forward(many, drawn_masks(model, many))
    plain = model.forward(x)
    std = plain.a[2] * np.sqrt(0.5 / 0.5) / np.sqrt(40_000)
    assert np.all(np.abs(masked.a[2].mean(axis=1) - plain.a[2]) < 5 * std + 1e-15)


def test_evaluation_is_the_held_network_and_never_draws_a_mask():
    model = model_of([2, 5, 4, 2], 0.5, seed=4, activation="relu", cost="cross_entropy", init="he")
    X, Y, X_val, Y_val = lu.noisy_data(n_train=20, n_val=20, seed=2)
    state = model.rng.bit_generator.state
    np.testing.assert_array_equal(model.output(X), model.net.output(X))
    np.testing.assert_array_equal(model.output(X), model.output(X))
    assert model.cost(X, Y) == model.net.cost(X, Y)
    g, ref = model.gradients(X, Y), model.net.gradients(X, Y)
    for l in (2, 3, 4):
        np.testing.assert_allclose(g.dW[l], ref.dW[l], rtol=1e-12, atol=1e-15)
    for mine, theirs in zip(model.trainable_gradients(X, Y), model.net.trainable_gradients(X, Y)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)
    assert model.forward(X).m is None
    assert lu.share_against_boundary(model, lu.wave_boundary) >= 0
    with pytest.raises(RuntimeError, match="evaluation mode never draws"):
        model.draw_masks(X)
    assert model.rng.bit_generator.state == state


def test_training_mode_draws_fresh_masks_and_a_seed_repeats_them():
    X, _ = lu.higham_data()
    a, b = model_of([2, 5, 4, 2], 0.5, seed=7), model_of([2, 5, 4, 2], 0.5, seed=7)
    a.training = b.training = True
    first, second = a.forward(X), a.forward(X)
    assert not np.array_equal(first.m[2], second.m[2])
    np.testing.assert_array_equal(first.m[2], b.forward(X).m[2])
    np.testing.assert_array_equal(second.output, b.forward(X).output)


def test_fit_trains_it_reproducibly_and_records_in_evaluation_mode():
    X, Y, X_val, Y_val = lu.noisy_data(n_train=30, n_val=40, seed=1)

    def run():
        model = model_of([2, 10, 10, 2], 0.3, seed=5, activation="relu", cost="cross_entropy", init="he")
        h = lu.fit(model, X, Y, lu.GradientDescent(0.1), 30, batch_size=10, seed=2, validation=(X_val, Y_val),
                   record_deltas=True)
        return model, h

    (a, ha), (b, hb) = run(), run()
    for l in (2, 3, 4):
        np.testing.assert_array_equal(a.W[l], b.W[l])
    np.testing.assert_array_equal(ha.val_cost, hb.val_cost)
    assert a.training is False
    state = a.rng.bit_generator.state
    assert ha.cost[-1] == a.cost(X, Y) == a.net.cost(X, Y)          # recorded with every neuron on
    assert ha.val_accuracy[-1] == lu.accuracy(a.net, X_val, Y_val)
    assert a.rng.bit_generator.state == state
    assert not np.array_equal(a.W[2], model_of([2, 10, 10, 2], 0.3, seed=5, init="he").W[2])   # it trained


def test_dropout_probability_0_trains_as_the_plain_network():
    X, Y = lu.higham_data()
    model, net = model_of([2, 3, 3, 2], 0.0, seed=1), lu.Network([2, 3, 3, 2], seed=1)
    lu.fit(model, X, Y, lu.GradientDescent(0.5), 5, batch_size=5, seed=3)
    lu.train(net, X, Y, eta=0.5, epochs=5, batch_size=5, seed=3)
    for l in (2, 3, 4):
        np.testing.assert_allclose(model.W[l], net.W[l], rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5, float("nan"), float("inf"), True, "0.5", None])
def test_a_dropout_probability_outside_0_1_is_refused_in_words(p):
    with pytest.raises(ValueError, match=r"dropout probability p must be a number in \[0, 1\)"):
        lu.DropoutNetwork(lu.Network([2, 3, 2]), p if p is not True else True)


def test_bad_networks_and_masks_are_refused_in_the_lecture_s_terms():
    with pytest.raises(ValueError, match="hidden layers 2..L−1, and a network with L = 2"):
        lu.DropoutNetwork(lu.Network([2, 2]), 0.5)
    with pytest.raises(ValueError, match="holds a Network"):
        lu.DropoutNetwork([2, 3, 2], 0.5)
    model = model_of([2, 4, 3, 2], 0.5)
    X, Y = lu.higham_data()
    x, y = X[:, 0], Y[:, 0]
    good = drawn_masks(model, x)
    with pytest.raises(ValueError, match=r"m\^\[2\] must have the shape \(4,\) = \(n_2,\) of a\^\[2\]"):
        model.forward(x, {2: np.ones(3), 3: np.ones(3)})
    with pytest.raises(ValueError, match=r"m\^\[3\] must have the shape \(3, 10\) = \(n_3, N\)"):
        model.forward(X, {2: np.ones((4, 10)), 3: np.ones(3)})
    with pytest.raises(ValueError, match=r"one mask m\^\[l\] for each hidden layer l = 2..3"):
        model.forward(x, {2: good[2]})
    with pytest.raises(ValueError, match=r"m\^\[2\] contains NaN"):
        model.gradients(x, y, {2: np.full(4, np.nan), 3: good[3]})
    with pytest.raises(ValueError, match=r"m\^\[2\] must have the shape"):
        lu.complex_step(model.with_masks(good), X, Y, (2, 1, 1))      # masks of one sample, a batch of 10
    with pytest.raises(ValueError, match="layer 1 has n_1 = 2 neurons"):
        model.output(np.ones(3))
    model.training = True
    with pytest.raises(ValueError, match="x must be one sample"):
        model.draw_masks(np.ones((2, 3, 4)))


def test_the_checker_confirms_the_rule_and_names_each_slip():
    W3 = np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.4], [-0.7, 0.8, 1.0]])
    d3, z2, m2 = np.array([0.1, -0.2, 0.3]), np.array([0.4, 1.3, -0.2]), np.array([2.0, 0.0, 2.0])
    right = (z2 > 0) * m2 * (W3.T @ d3)
    assert lu.check_dropout_delta(W3, d3, z2, m2, right)
    assert lu.check_dropout_delta(W3, d3, z2, m2, np.round(right, 4))        # as the solution prints it
    assert "No answer yet" in repr(lu.check_dropout_delta(W3, d3, z2, m2, None))
    slips = {"without the mask": (z2 > 0) * (W3.T @ d3), "miss the scale": (z2 > 0) * (m2 != 0) * (W3.T @ d3),
             "transposed": (z2 > 0) * m2 * (W3 @ d3)}
    for phrase, wrong in slips.items():
        verdict = lu.check_dropout_delta(W3, d3, z2, m2, wrong)
        assert not verdict and phrase in verdict.message, (phrase, verdict)
