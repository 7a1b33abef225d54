"""Beyond Lemma 1: cross-entropy, activations, initialisation, mini-batches, weight decay, early stopping, divergence.

Every check compares with an independent reference: complex-step derivatives written out here (exact to rounding,
so 1e-10 relative is asked of them; in practice about 1e-15), closed forms, and the per-sample Lemma 1.
"""
import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils import exercises as ex
from lecture_utils.activations import ACTIVATIONS
from lecture_utils.learning_rate import verdict
from lecture_utils.progress import EpochProgress, progress_line

H = 1e-30


def complex_step_gradient(f, x):
    """∂f/∂x_i = Im f(x + i h e_i) / h for every entry of the real array x."""
    x = np.asarray(x, dtype=complex)
    out = np.empty(x.shape)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = 1j * H
        out[idx] = np.imag(f(x + step)) / H
    return out


def log_sum_exp_cost(z, y):
    """Cross-entropy of a softmax written independently of the library: −Σ_j y_j z_j + log Σ_k e^{z_k} (Σ y = 1)."""
    return -np.sum(y * z) + np.log(np.sum(np.exp(z)))


def example(sizes, seed, N=None, **options):
    net = lu.Network(sizes, seed=seed, **options)
    rng = np.random.default_rng(seed + 100)
    shape = (sizes[0],) if N is None else (sizes[0], N)
    x = rng.uniform(-1, 1, shape)
    labels = rng.integers(0, sizes[-1], 1 if N is None else N)
    y = lu.one_hot(labels, sizes[-1])
    return net, x, (y[:, 0] if N is None else y)


# --- loss functions (notebook 11) -------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_softmax_cross_entropy_output_error_is_a_minus_y_by_complex_step(seed, activation):
    net, x, y = example([3, 4, 5], seed, cost="cross_entropy", activation=activation)
    fp = net.forward(x)
    reference = complex_step_gradient(lambda z: log_sum_exp_cost(z, y), fp.z[net.L])
    assert lu.relative_error(net.gradients(x, y).delta[net.L], reference) < 1e-10
    assert lu.relative_error(lu.output_error_by_definition(fp.z[net.L], y), reference) < 1e-10
    np.testing.assert_allclose(lu.output_error_chain_rule(fp.output, y), fp.output - y, atol=1e-14)


def test_formula_22_copied_to_softmax_is_wrong():
    net, x, y = example([3, 4, 5], 0, cost="cross_entropy")
    fp = net.forward(x)
    reference = complex_step_gradient(lambda z: log_sum_exp_cost(z, y), fp.z[net.L])
    assert lu.relative_error(lu.output_error_eq22_misused(fp.z[net.L], fp.output, y), reference) > 0.3


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_cross_entropy_gradients_for_every_weight_against_complex_step(activation):
    net, X, Y = example([3, 4, 3, 4], 7, N=6, cost="cross_entropy", activation=activation)
    g, n = net.gradients(X, Y), lu.numerical_gradients(net, X, Y)
    for l in range(2, net.L + 1):
        assert lu.relative_error(g.dW[l], n.dW[l]) < 1e-10
        assert lu.relative_error(g.db[l], n.db[l]) < 1e-10


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_each_activation_derivative_against_complex_step(name):
    act = ACTIVATIONS[name]
    z = np.concatenate([np.linspace(-6, -0.1, 30), np.linspace(0.1, 6, 30)])  # ReLU: away from its kink at 0
    reference = np.imag(act.f(z + 1j * H)) / H
    np.testing.assert_allclose(act.prime(z), reference, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(act.prime_from_output(act.f(z)), reference, rtol=1e-9, atol=1e-15)


# --- initialisation (notebook 14) -------------------------------------------------------------------
@pytest.mark.parametrize("init, std", [("xavier", lambda m, n: np.sqrt(2 / (m + n))),
                                       ("he", lambda m, n: np.sqrt(2 / m))])
def test_scaled_initialisation_draws_standard_normals_times_the_scheme_spread(init, std):
    sizes = [30, 50, 20, 10]
    net = lu.Network(sizes, seed=4, init=init)
    rng = np.random.default_rng(4)
    for l in range(2, 5):
        np.testing.assert_array_equal(net.W[l], std(sizes[l - 2], sizes[l - 1]) * rng.standard_normal(net.W[l].shape))
        np.testing.assert_array_equal(net.b[l], 0.0)


def test_scaled_initialisation_has_the_stated_spread_on_a_large_layer():
    assert abs(lu.Network([400, 600], seed=1, init="xavier").W[2].std() / np.sqrt(2 / 1000) - 1) < 0.01
    assert abs(lu.Network([400, 600], seed=1, init="he").W[2].std() / np.sqrt(2 / 400) - 1) < 0.01


def test_default_initialisation_is_netbps_scale_times_normal_draws():
    net = lu.Network([2, 2, 3, 2], seed=1)
    rng = np.random.default_rng(1)
    W = {l: 0.5 * rng.standard_normal(net.W[l].shape) for l in range(2, 5)}
    for l in range(2, 5):
        np.testing.assert_array_equal(net.W[l], W[l])
    for l in range(2, 5):
        np.testing.assert_array_equal(net.b[l], 0.5 * rng.standard_normal(net.n(l)))


def test_unknown_initialisation_is_named():
    with pytest.raises(ValueError, match="unknown initialisation init='glorot'; known: normal, xavier, he"):
        lu.Network([2, 3], init="glorot")


# --- vanishing and exploding errors (notebook 14) ----------------------------------------------------
@pytest.mark.parametrize("activation, init", [("sigmoid", "normal"), ("sigmoid", "xavier"), ("tanh", "xavier"),
                                              ("relu", "he")])
def test_delta_norms_obey_the_bound_of_the_expanded_product(activation, init):
    X, Y = lu.higham_data()
    net = lu.Network([2] + [8] * 6 + [2], seed=2, activation=activation, init=init, scale=1.0)
    norms, bound = lu.delta_norm_by_layer(net, X, Y), lu.delta_bound(net, X, Y)
    assert norms.shape == bound.shape == (7,)
    assert np.all(norms <= bound * (1 + 1e-12))


def test_deep_sigmoid_errors_vanish_and_relu_with_unit_normal_weights_explode():
    X, Y = lu.higham_data()
    sizes = [2] + [20] * 8 + [2]
    assert lu.decay_per_layer(lu.delta_norm_by_layer(lu.Network(sizes, seed=3), X, Y)) < 0.7
    relu = lu.Network(sizes, seed=3, activation="relu", scale=1.0)
    assert lu.decay_per_layer(lu.delta_norm_by_layer(relu, X, Y)) > 2
    he = lu.Network(sizes, seed=3, activation="relu", init="he")
    assert 0.7 < lu.decay_per_layer(lu.delta_norm_by_layer(he, X, Y)) < 1.4


def test_decay_per_layer_of_a_geometric_sequence():
    assert lu.decay_per_layer([0.01, 0.1, 1.0]) == pytest.approx(0.1)


# --- mini-batches (notebook 17) -----------------------------------------------------------------------
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_minibatch_gradient_is_the_mean_of_the_per_sample_gradients(cost, activation):
    net, X, Y = example([5, 6, 4, 3], 11, N=9, cost=cost, activation=activation)
    batch, loop = lu.minibatch_gradients(net, X, Y), lu.per_sample_gradients(net, X, Y)
    by_hand = [net.gradients(X[:, i], Y[:, i]) for i in range(9)]
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(batch.dW[l], loop.dW[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.db[l], loop.db[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.dW[l], np.mean([g.dW[l] for g in by_hand], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.dW[l], net.gradients(X, Y).dW[l], rtol=1e-12, atol=1e-15)


def test_minibatch_gradient_leaves_the_network_alone():
    net, X, Y = example([5, 6, 3], 1, N=4)
    before = net.copy()
    lu.minibatch_gradients(net, X, Y)
    for l in net.W:
        np.testing.assert_array_equal(net.W[l], before.W[l])


# --- L2 regularisation and early stopping (notebook 15) ----------------------------------------------
def regularised_cost_of_weight(net, X, Y, lam, l, W_l):
    """Cost (9) + (λ/2) Σ ‖W^[m]‖² with W^[l] replaced by W_l (real or complex), computed here from scratch."""
    a = X.astype(complex)
    for m in range(2, net.L + 1):
        W = W_l if m == l else net.W[m]
        a = net.activation.f(W @ a + net.b[m][:, None])
    penalty = 0.5 * lam * sum(np.sum((W_l if m == l else net.W[m]) ** 2) for m in net.W)
    return np.mean(0.5 * np.sum((Y - a) ** 2, axis=0)) + penalty


def test_regularised_update_is_a_step_along_the_gradient_of_the_regularised_cost():
    net, X, Y = example([3, 5, 4, 2], 5, N=7, scale=1.0)
    eta, lam = 0.3, 0.05
    stepped = net.copy()
    lu.gradient_step(stepped, X, Y, eta, lam)
    for l in range(2, net.L + 1):
        grad = complex_step_gradient(lambda W: regularised_cost_of_weight(net, X, Y, lam, l, W), net.W[l])
        np.testing.assert_allclose(stepped.W[l], net.W[l] - eta * grad, rtol=1e-12, atol=1e-14)
    assert lu.regularised_cost(net, X, Y, lam) == pytest.approx(
        float(np.real(regularised_cost_of_weight(net, X, Y, lam, 2, net.W[2]))), rel=1e-13)


def test_one_full_batch_epoch_of_train_is_one_gradient_step():
    net, X, Y = example([3, 5, 2], 6, N=8)
    by_step, by_train = net.copy(), net.copy()
    lu.gradient_step(by_step, X, Y, 0.5, 0.01)
    lu.train(by_train, X, Y, 0.5, epochs=1, lam=0.01)
    for l in net.W:
        np.testing.assert_allclose(by_train.W[l], by_step.W[l], rtol=1e-14)
        np.testing.assert_allclose(by_train.b[l], by_step.b[l], rtol=1e-14)


def test_weight_decay_shrinks_the_weights_and_raises_the_training_cost():
    Xtr, Ytr, Xv, Yv = lu.noisy_data(seed=0)
    plain = lu.Network([2, 30, 30, 2], seed=1, activation="relu", init="he", cost="cross_entropy")
    decayed = plain.copy()
    h0 = lu.train(plain, Xtr, Ytr, 0.1, 100, batch_size=10, seed=1)
    h1 = lu.train(decayed, Xtr, Ytr, 0.1, 100, batch_size=10, seed=1, lam=0.01)
    assert lu.weight_penalty(decayed, 1.0) < lu.weight_penalty(plain, 1.0)
    assert h1.cost[-1] > h0.cost[-1]


def test_early_stopping_keeps_the_parameters_of_the_best_validation_epoch():
    Xtr, Ytr, Xv, Yv = lu.noisy_data(seed=0)
    net = lu.Network([2, 30, 30, 2], seed=1, activation="relu", init="he", cost="cross_entropy")
    h = lu.train(net, Xtr, Ytr, 0.1, 400, batch_size=10, seed=1, X_val=Xv, Y_val=Yv, patience=20)
    assert h.stopped_epoch < 400 and h.stopped_epoch - h.best_epoch == 20
    assert h.best_epoch == int(np.argmin(h.val_cost))
    assert net.cost(Xv, Yv) == pytest.approx(h.val_cost[h.best_epoch], rel=1e-12)


# --- learning rate and divergence (notebook 13) ------------------------------------------------------
def test_divergence_is_reported_in_words():
    X, Y = lu.higham_data()
    with pytest.raises(lu.DivergenceError, match=r"training diverged in epoch \d+: Cost \(9\) rose from 0\.264 at the "
                                                 r"start to .*The learning rate eta = 100 is too large") as info:
        lu.train(lu.Network([2, 2, 3, 2], seed=1), X, Y, eta=100, epochs=50)
    assert info.value.history.cost[0] == pytest.approx(0.2639, abs=1e-4)


def test_non_finite_cost_is_reported_as_divergence():
    X, Y = lu.higham_data()
    net = lu.Network([2, 20, 2], seed=1, activation="relu", scale=3.0)
    with pytest.raises(lu.DivergenceError, match="diverged in epoch 1: the weights or Cost \\(9\\) are no longer finite"):
        lu.train(net, X, Y, eta=1e300, epochs=3)


def test_eta_sweep_says_what_each_learning_rate_did():
    """Only runs whose outcome does not hang on the last bit (tests/test_curvature.py has notebook 13's sweep)."""
    X, Y = lu.higham_data()
    runs = lu.eta_sweep(lambda: lu.Network([2, 2, 3, 2], seed=1), X, Y, [3, 100], epochs=1000)
    assert [r.verdict for r in runs] == ["too slow", "diverged"]
    assert runs[1].message.startswith("η = 100 diverged in epoch 1: Cost (9) rose from 0.264")


def made_up(cost, eta=2.0):
    cost = np.asarray(cost, dtype=float)
    return lu.TrainingHistory(np.arange(cost.size), cost, np.zeros(cost.size), eta=eta)


def test_each_verdict_is_true_over_the_whole_run():
    """An overshoot early then a frozen cost is 'stalled', not 'oscillating' (notebook 13's old η = 40); rises
    that go on in the second half are 'oscillating'; a slow fall without rises is 'too slow'."""
    early_bumps = np.concatenate([np.linspace(0.26, 0.2, 100), np.tile([0.2, 0.25], 50), np.full(800, 0.0836)])
    assert verdict(made_up(early_bumps))[0] == "stalled"
    late_bumps = np.concatenate([np.linspace(0.26, 0.2, 600), np.tile([0.2, 0.25], 200)])
    assert verdict(made_up(late_bumps))[0] == "oscillating"
    assert verdict(made_up(np.linspace(0.264, 0.249, 1001)))[0] == "too slow"
    assert verdict(made_up(np.concatenate([early_bumps[:200], np.linspace(0.2, 0.005, 801)])))[0] == "converged"
    assert "froze at 0.0836" in verdict(made_up(early_bumps))[1]


def test_verdict_on_a_made_up_history():
    h = lu.TrainingHistory(np.arange(5), np.array([1.0, 0.5, 0.6, 0.3, 0.4]), np.zeros(5), eta=2.0)
    assert verdict(h)[0] == "oscillating"
    h.cost = np.array([1.0, 0.5, 0.1, 0.05, 0.001])
    assert verdict(h) == ("converged", "η = 2 converged: Cost (9) fell from 1 to 0.001 in 4 epochs.")


# --- the digits (notebook 17) -------------------------------------------------------------------------
def test_digits_data_shapes_and_targets():
    Xtr, Ytr, dtr, Xte, Yte, dte = lu.digits_data()
    assert Xtr.shape == (64, 1347) and Xte.shape == (64, 450) and Ytr.shape == (10, 1347)
    assert 0 <= Xtr.min() and Xtr.max() <= 1
    np.testing.assert_array_equal(np.argmax(Yte, axis=0), dte)


def test_digits_training_reaches_90_percent_in_a_few_epochs():
    """Notebook 17 trains 30 epochs to >= 95 % test accuracy; here 6 epochs (under a second) must reach 90 %."""
    Xtr, Ytr, dtr, Xte, Yte, dte = lu.digits_data()
    net = lu.Network([64, 30, 10], seed=1, cost="cross_entropy", init="xavier")
    lu.train(net, Xtr, Ytr, eta=0.3, epochs=6, batch_size=10, seed=2)
    assert lu.accuracy(net, Xte, Yte) >= 0.90


# --- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("options, message", [
    ({"batch_size": 0}, "batch_size must be a whole number >= 1"),
    ({"batch_size": 11}, "batch_size = 11 is larger than the number of training points N = 10"),
    ({"lam": -1.0}, r"the weight decay lam \(λ\) must be a finite number >= 0"),
    ({"patience": 5}, "early stopping .patience. needs validation data"),
    ({"eta": 0}, "eta must be a positive finite number"),
    ({"epochs": 2.5}, "epochs must be a whole number >= 1"),
])
def test_train_refuses_bad_options_in_words(options, message):
    X, Y = lu.higham_data()
    kwargs = {"eta": 1.0, "epochs": 2, **options}
    with pytest.raises(ValueError, match=message):
        lu.train(lu.Network([2, 2, 3, 2], seed=1), X, Y, **kwargs)


def test_transposed_batch_is_named():
    X, Y = lu.higham_data()
    with pytest.raises(ValueError, match="did you pass the transpose"):
        lu.minibatch_gradients(lu.Network([2, 3, 2], seed=1), X.T, Y)


def test_one_hot_and_data_refuse_bad_input():
    with pytest.raises(ValueError, match="labels must lie in 0..9"):
        lu.one_hot(np.array([3, 10]), 10)
    with pytest.raises(ValueError, match="n_test = 1797 leaves no training data"):
        lu.digits_data(n_test=1797)
    with pytest.raises(ValueError, match="flip is a probability below 1/2"):
        lu.noisy_data(flip=0.7)
    with pytest.raises(ValueError, match="a digit is a column of 64 pixels"):
        lu.digit_image(np.zeros(63))


def test_delta_bound_is_for_the_quadratic_cost():
    X, Y = lu.higham_data()
    with pytest.raises(ValueError, match="quadratic cost"):
        lu.delta_bound(lu.Network([2, 3, 2], cost="cross_entropy"), X, Y)


# --- the progress bar and the exercises ---------------------------------------------------------------
def test_progress_bar_has_no_timing_and_redraws_only_when_it_grows(capsys):
    assert progress_line(3, 10, 0.123456) == "epoch  3/10 |█████████·····················| Cost (9) = 0.1235"
    bar = EpochProgress(100, 1.0, width=10)
    for epoch in range(1, 101):
        bar.update(epoch, 1.0 / epoch)
    bar.close()
    out = capsys.readouterr().out
    assert out.count("\r") == 1 + 10 + 1 and out.endswith(progress_line(100, 100, 0.01, 10) + "\n")
    assert "s/it" not in out and "elapsed" not in out


def test_checks_confirm_right_answers_and_name_the_mistakes():
    z, y = np.array([0.5, -1.0, 2.0]), np.array([0.0, 1.0, 0.0])
    a = lu.softmax(z)
    assert ex.check_cross_entropy_delta(z, y, a - y)
    fb = ex.check_cross_entropy_delta(z, y, a * (1 - a) * (a - y))
    assert not fb and "factor cancels" in fb.message
    assert "sign is reversed" in ex.check_cross_entropy_delta(z, y, y - a).message
    assert ex.check_critical_eta(1.0, 2.0) and "best step" in ex.check_critical_eta(2.0, 0.5).message
    assert ex.check_vanishing_factor(10, 2, 0.25 ** 9)
    assert "Count the D's" in ex.check_vanishing_factor(10, 2, 0.25 ** 8).message
    W, dW = np.array([[1.0, -2.0]]), np.array([[0.5, 0.5]])
    assert ex.check_weight_decay_step(W, dW, 0.1, 0.2, (1 - 0.1 * 0.2) * W - 0.1 * dW)
    assert "without the penalty" in ex.check_weight_decay_step(W, dW, 0.1, 0.2, W - 0.1 * dW).message
    net, X, Y = example([3, 4, 2], 0, N=5)
    g = lu.minibatch_gradients(net, X, Y).dW[2]
    assert ex.check_minibatch_gradient(net, X, Y, 2, g)
    assert "sum over the batch" in ex.check_minibatch_gradient(net, X, Y, 2, 5 * g).message


def test_checks_ask_for_an_answer_when_there_is_none():
    fb = ex.check_critical_eta(4.0, None)
    assert not fb and fb.message == "No answer yet: replace None with your answer for η."
