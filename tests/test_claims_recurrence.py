"""Every statement notebook 20 (and its solutions) makes about an output or a figure, computed here by the same
library calls with the notebook's seeds, sizes and thresholds."""
import numpy as np
import pytest

import lecture_utils as lu

SEED = 0
T = 20


@pytest.fixture(scope="module")
def data():
    return lu.memory_task(T, N=400, seed=1), lu.memory_task(T, N=400, seed=2)


@pytest.fixture(scope="module")
def small_data():
    return lu.memory_task(5, N=4, seed=3)


def rnn():
    return lu.RNN(n_x=1, n_h=8, n_y=2, T=T, seed=SEED)


def lstm(forget_bias=3.0):
    return lu.LSTM(n_x=1, n_h=8, n_y=2, T=T, seed=SEED, forget_bias=forget_bias)


def fit(model, train, val, epochs=50):
    return lu.fit(model, *train, lu.GradientDescent(eta=2.0), epochs=epochs, batch_size=20, seed=SEED,
                  validation=val)


def first_solved(history):
    """The first epoch from which the training accuracy is 100% to the end, or None."""
    solved = np.asarray(history.accuracy) == 1.0
    for e in range(len(solved)):
        if solved[e:].all():
            return e
    return None


@pytest.fixture(scope="module")
def runs(data):
    train, val = data
    X3, Y3 = lu.memory_task(3, N=400, seed=1)
    X3v, Y3v = lu.memory_task(3, N=400, seed=2)
    models = {"rnn": rnn(), "lstm": lstm(), "rnn3": lu.RNN(n_x=1, n_h=8, n_y=2, T=3, seed=SEED)}
    histories = {"rnn": fit(models["rnn"], train, val), "lstm": fit(models["lstm"], train, val),
                 "rnn3": fit(models["rnn3"], (X3, Y3), (X3v, Y3v))}
    return models, histories


# --- backpropagation through time, checked ----------------------------------------------------------------
@pytest.mark.parametrize("model", [lu.RNN(n_x=1, n_h=3, n_y=2, T=5, seed=SEED),
                                   lu.LSTM(n_x=1, n_h=3, n_y=2, T=5, seed=SEED)])
def test_both_backward_passes_agree_with_the_complex_step_to_rounding(model, small_data):
    for g, r in zip(model.gradients(*small_data).values, lu.complex_step_gradients(model, *small_data)):
        assert lu.relative_error(g, r) < lu.ROUNDING


def test_the_last_step_alone_misses_by_65_percent_and_the_first_term_is_20_times_smaller(small_data):
    X, Y = small_data
    small = lu.RNN(n_x=1, n_h=3, n_y=2, T=5, seed=SEED)
    g, fp = small.gradients(X, Y), small.forward(X)
    terms = [g.delta[t] @ fp.x[t].T / 4 for t in range(1, 6)]
    assert round(lu.relative_error(terms[-1], g.dU), 2) == 0.65
    norms = [np.linalg.norm(term) for term in terms]
    assert all(a < b for a, b in zip(norms, norms[1:]))                     # shrinking towards t = 1
    assert 15 < norms[-1] / norms[0] < 25                                   # "about 20 times smaller"


# --- the RNN's error vanishes -----------------------------------------------------------------------------
def test_the_rnn_error_falls_by_a_quarter_per_step_as_v3_estimates(data):
    (X, Y), _ = data
    net = rnn()
    norms = lu.delta_norms_through_time(net.gradients(X, Y).delta)
    ratio = norms[0] / norms[-1]
    assert 1.5e-11 < ratio < 2.5e-11                                        # "about 2 × 10^-11", printed 1.9e-11
    assert ratio < 1e-10                                                    # "more than ten orders of magnitude"
    per_step = ratio ** (1 / (T - 1))
    assert 0.2 < per_step < 0.3 and f"{per_step:.2f}" == "0.27"           # "about a quarter per step back"
    steps = norms[:-1] / norms[1:]
    assert np.all((steps > 0.15) & (steps < 0.4))                           # "a straight line" in the log plot
    fp = net.forward(X)
    rms = np.sqrt(np.mean([lu.sigma_prime(fp.z[t]) ** 2 for t in range(1, T + 1)]))
    estimate = 0.5 * np.sqrt(8) * rms
    assert f"{estimate:.2f}" == "0.26" and abs(estimate / per_step - 1) < 0.1   # "as (V3) predicts"


# --- the LSTM's does not ----------------------------------------------------------------------------------
def test_the_lstm_cell_error_stays_within_a_factor_4_and_grows_towards_t_1(data):
    (X, Y), _ = data
    cell = lstm()
    g = cell.gradients(X, Y)
    cell_norms, gate_norms = lu.delta_norms_through_time(g.delta_c), lu.delta_norms_through_time(g.delta)
    f_mean = np.mean([cell.forward(X).gate[t][0] for t in range(1, T + 1)])
    assert f"{f_mean:.2f}" == "0.95" and f"{lu.sigma(3.0):.2f}" == "0.95"
    relative = cell_norms / cell_norms[-1]
    assert f"{relative[0]:.1f}" == "3.6" and relative[0] == relative.max()     # "to 3.6 times", at t = 1
    assert np.all((relative > 0.25) & (relative < 4))                        # "within a factor 4"
    dip = int(np.argmin(relative)) + 1
    assert T - 8 <= dip < T and relative.min() > 0.5                         # "a shallow dip over the last few steps"
    assert np.all(np.diff(relative[:dip]) < 0)                               # then grows towards t = 1
    assert f"{gate_norms[0] / gate_norms[-1]:.1f}" == "3.4"                   # the gates follow it
    gate_relative = gate_norms / gate_norms[-1]
    assert np.all((gate_relative > 0.25) & (gate_relative < 4))


# --- the memory task --------------------------------------------------------------------------------------
def test_the_rnn_stays_at_guessing_for_all_50_epochs_at_T_20(runs):
    _, h = runs
    assert np.all(np.abs(h["rnn"].accuracy - 0.5) < 0.1)
    assert np.all(np.abs(h["rnn"].val_accuracy - 0.5) < 0.1)
    assert lu.memory_verdict(h["rnn"].val_accuracy[-1]).startswith("guessing")


def test_the_lstm_is_right_on_every_sequence_from_epoch_6(runs):
    _, h = runs
    assert first_solved(h["lstm"]) == 6
    assert np.all(h["lstm"].val_accuracy[6:] == 1.0)
    assert h["lstm"].accuracy[0] < 0.05 and f"{h['lstm'].accuracy[0]:.0%}" == "3%"   # "starts below guessing, at 3%"
    assert lu.memory_verdict(h["lstm"].val_accuracy[-1]) == "solved (100%)"


def test_the_rnn_learns_the_task_at_T_3_by_epoch_8(runs):
    _, h = runs
    assert first_solved(h["rnn3"]) is not None and first_solved(h["rnn3"]) <= 8
    assert lu.memory_verdict(h["rnn3"].val_accuracy[-1]) == "solved (100%)"


def test_after_training_the_rnn_error_still_vanishes_and_the_lstm_s_does_not(runs, data):
    (X, Y), _ = data
    models, _ = runs
    rnn_after = lu.delta_norms_through_time(models["rnn"].gradients(X, Y).delta)
    cell_after = lu.delta_norms_through_time(models["lstm"].gradients(X, Y).delta_c)
    assert rnn_after[0] / rnn_after[-1] < 1e-9
    assert 0.1 < cell_after[0] / cell_after[-1] < 10                          # "of the order of its value at T"


# --- the solutions ----------------------------------------------------------------------------------------
def test_solution_1_the_terms_have_opposite_signs_and_the_last_overstates_by_a_quarter():
    net = lu.RNN(1, 1, 1, 2)
    net.W, net.U, net.b, net.V, net.c = np.array([[0.5]]), np.array([[1.0]]), np.zeros(1), np.array([[2.0]]), np.zeros(1)
    X, Y = np.array([[1.0], [-0.5]]), np.array([[1.0]])
    g = net.gradients(X, Y)
    first, last = g.delta[1][0, 0] * 1.0, g.delta[2][0, 0] * -0.5
    total = first + last
    assert first * last < 0 and np.sign(first) != np.sign(total)
    assert 0.2 < last / total - 1 < 0.3
    assert lu.relative_error(g.dU, np.array([[total]])) < lu.ROUNDING


def test_solution_2_the_forget_bias_sets_the_cell_ratio(data):
    (X, Y), _ = data
    ratios = {}
    for b in (3.0, 1.0, 0.0, -2.0):
        norms = lu.delta_norms_through_time(lstm(b).gradients(X, Y).delta_c)
        ratios[b] = norms[0] / norms[-1]
        assert ratios[b] > lu.sigma(b) ** (T - 1)                           # above the product of the f's
    assert [f"{ratios[b]:.1e}" for b in (3.0, 1.0, 0.0, -2.0)] == ["3.6e+00", "3.8e-01", "2.1e-03", "3.6e-09"]
    for b, p in ((1.0, 3e-3), (0.0, 2e-6)):
        assert abs(lu.sigma(b) ** (T - 1) / p - 1) < 0.3                    # the products quoted
    assert 1e-18 < lu.sigma(-2.0) ** (T - 1) < 5e-18 and abs(lu.sigma(3.0) ** (T - 1) - 0.4) < 0.05
    A, B = lu.memory_task(6, N=400, seed=1)                                 # "about the RNN's ratio at T = 6"
    rnn6 = lu.delta_norms_through_time(lu.RNN(n_x=1, n_h=8, n_y=2, T=6, seed=SEED).gradients(A, B).delta)
    assert 0.5 < ratios[0.0] / (rnn6[0] / rnn6[-1]) < 2
    # "closer to the RNN's 2 × 10^-11 than to the open gate's 3.6" (on a log scale)
    assert abs(np.log(ratios[-2.0] / 1.9e-11)) < abs(np.log(ratios[-2.0] / ratios[3.0]))


def test_solution_3_the_rnn_learns_T_3_and_6_but_not_12_in_100_epochs():
    verdicts, ratios, solved = {}, {}, {}
    for length in (3, 6, 12):
        train, val = lu.memory_task(length, N=400, seed=1), lu.memory_task(length, N=400, seed=2)
        net = lu.RNN(n_x=1, n_h=8, n_y=2, T=length, seed=SEED)
        norms = lu.delta_norms_through_time(net.gradients(*train).delta)
        ratios[length] = norms[0] / norms[-1]
        history = fit(net, train, val, epochs=100)
        verdicts[length], solved[length] = lu.memory_verdict(history.val_accuracy[-1]), first_solved(history)
    assert verdicts[3] == verdicts[6] == "solved (100%)" and verdicts[12].startswith("guessing")
    assert solved[6] <= 50                    # with room to spare before epoch 100: not a last-bit outcome
    assert [f"{ratios[n]:.0e}" for n in (3, 6, 12)] == ["7e-02", "2e-03", "7e-07"]
    assert ratios[12] < 1e-6


def test_the_first_step_s_term_of_dC_dU_is_the_largest_for_the_lstm_and_negligible_for_the_rnn(data):
    (X, Y), _ = data
    sizes = {}
    for name, model in (("lstm", lstm()), ("rnn", rnn())):
        g, fp = model.gradients(X, Y), model.forward(X)
        sizes[name] = np.array([np.linalg.norm(g.delta[t] @ fp.x[t].T / 400) for t in range(1, T + 1)])
    lstm_terms, rnn_terms = sizes["lstm"], sizes["rnn"]
    assert np.argmax(lstm_terms) == 0 and 7 < lstm_terms[0] / np.sort(lstm_terms)[-2] < 13   # "about ten times"
    assert 1e-9 < rnn_terms[0] / rnn_terms.max() < 1e-7                                       # "about 10^-8"
