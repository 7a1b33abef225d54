"""The stochastic gradient method (15) as the lecture's pseudocode, on the 10-point example."""
import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils import stochastic_gradient


def test_reproducible_for_a_seed():
    X, Y = lu.higham_data()
    a, b = lu.Network([2, 2, 3, 2], seed=1), lu.Network([2, 2, 3, 2], seed=1)
    ha, hb = lu.sgd(a, X, Y, 0.05, 3000, seed=9), lu.sgd(b, X, Y, 0.05, 3000, seed=9)
    np.testing.assert_array_equal(ha.cost, hb.cost)
    assert all(np.array_equal(a.W[l], b.W[l]) for l in a.W)
    c = lu.Network([2, 2, 3, 2], seed=1)
    lu.sgd(c, X, Y, 0.05, 3000, seed=10)
    assert not np.array_equal(a.W[2], c.W[2])


@pytest.mark.parametrize("sizes, activation", [([2, 2, 3, 2], "sigmoid"), ([2, 3, 2], "tanh"),
                                               ([2, 9, 7, 2], "sigmoid"), ([2, 8, 2], "relu")])
def test_sgd_equals_the_literal_pseudocode_with_diagonal_matrices(sizes, activation):
    """Both of sgd's kernels (Python floats for tiny layers, numpy otherwise) do the pseudocode's arithmetic."""
    X, Y = lu.higham_data()
    fast, literal = (lu.Network(sizes, seed=3, activation=activation) for _ in range(2))
    lu.sgd(fast, X, Y, 0.1, 500, seed=4, record_every=100)
    lu.sgd_pseudocode(literal, X, Y, 0.1, 500, seed=4)
    for l in fast.W:
        np.testing.assert_allclose(fast.W[l], literal.W[l], rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(fast.b[l], literal.b[l], rtol=1e-11, atol=1e-13)


def test_both_kernels_are_exercised():
    small, large = lu.Network([2, 2, 3, 2]), lu.Network([2, 9, 7, 2])
    assert stochastic_gradient._floats_are_faster(small) and not stochastic_gradient._floats_are_faster(large)


def test_one_step_is_update_15_with_the_chosen_sample():
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=2)
    k = lu.sample_indices(10, 1, seed=5)[0]
    g = net.gradients(X[:, k], Y[:, k])
    expected = {l: net.W[l] - 0.05 * g.dW[l] for l in net.W}
    lu.sgd(net, X, Y, 0.05, 1, seed=5)
    for l in net.W:
        np.testing.assert_allclose(net.W[l], expected[l], rtol=1e-14)


def test_trains_the_10_points_as_the_paper_reports():
    """eta = 0.05: all 10 points classified (larger output = category) and Cost (9) down at least 100-fold.
    The paper runs 1e6 steps (about 0.27 to 3.7e-5); 1e5 steps from this start already give about 160-fold."""
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=2)
    history = lu.sgd(net, X, Y, eta=0.05, n_iter=100_000, seed=2)
    assert history.cost[0] / history.cost[-1] >= 100
    assert list(net.predict(X)) == list(lu.categories(Y))
    assert history.iteration[0] == 0 and history.iteration[-1] == 100_000


def test_history_records_cost_and_delta_norms():
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=1)
    h = lu.sgd(net, X, Y, 0.05, 1000, seed=1, record_every=300)
    assert list(h.iteration) == [0, 300, 600, 900, 1000]
    assert h.cost[-1] == pytest.approx(net.cost(X, Y), rel=1e-15)
    assert sorted(h.delta_norm) == [2, 3, 4] and all(len(v) == 5 for v in h.delta_norm.values())
    delta = net.gradients(X, Y).delta[3]
    assert h.delta_norm[3][-1] == pytest.approx(np.sqrt(np.mean(np.sum(delta ** 2, axis=0))), rel=1e-12)


def test_history_round_trips_through_a_file(tmp_path):
    X, Y = lu.higham_data()
    h = lu.sgd(lu.Network([2, 2, 3, 2], seed=1), X, Y, 0.05, 100, seed=1, record_every=10)
    h.save(tmp_path / "run.npz")
    back = lu.History.load(tmp_path / "run.npz")
    np.testing.assert_array_equal(back.cost, h.cost)
    np.testing.assert_array_equal(back.delta_norm[2], h.delta_norm[2])
    assert back.eta == 0.05


def test_a_diverging_learning_rate_stops_with_a_message():
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=2)
    with pytest.raises(lu.DivergenceError, match=r"Cost \(9\) rose from 0.252 .* eta = 100 is too large") as info:
        lu.sgd(net, X, Y, 100, 20_000, seed=2, record_every=500)
    assert info.value.iteration < 20_000 and len(info.value.history) >= 2


@pytest.mark.parametrize("start, now, diverged", [(0.25, 0.5, True), (0.25, 0.3, False), (1e-4, 3e-4, False),
                                                  (0.25, float("nan"), True), (0.25, float("inf"), True)])
def test_what_counts_as_divergence(start, now, diverged):
    assert bool(stochastic_gradient.divergence(start, now)) is diverged


def test_saturated_neurons_count_as_diverged_only_while_the_cost_is_high():
    assert "saturated" in stochastic_gradient.divergence(0.25, 0.3, {2: 1e-13, 3: 0.0})
    assert stochastic_gradient.divergence(0.25, 1e-5, {2: 1e-13, 3: 0.0}) == ""


def test_the_error_carries_its_reason():
    X, Y = lu.higham_data()
    with pytest.raises(lu.DivergenceError) as info:
        lu.sgd(lu.Network([2, 2, 3, 2], seed=2), X, Y, 100, 20_000, seed=2, record_every=500)
    assert info.value.reason.startswith("Cost (9) rose from") and info.value.reason in str(info.value)


def test_a_good_learning_rate_does_not_count_as_diverged():
    X, Y = lu.higham_data()
    for eta in (0.05, 0.5, 2.0):
        lu.sgd(lu.Network([2, 2, 3, 2], seed=2), X, Y, eta, 20_000, seed=2, record_every=500)


def test_a_continued_run_is_judged_against_its_first_cost():
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=2)
    lu.sgd(net, X, Y, 0.5, 20_000, seed=2)
    trained = net.cost(X, Y)
    with pytest.raises(lu.DivergenceError, match=f"rose from {trained:.3g}"):
        lu.sgd(net.copy(), X, Y, 100, 2000, seed=3, record_every=2000)
    with pytest.raises(lu.DivergenceError, match="rose from 0.3 at the start"):
        lu.sgd(net.copy(), X, Y, 100, 2000, seed=3, record_every=2000, cost_at_start=0.3)
    h = lu.sgd(net.copy(), X, Y, 100, 2000, seed=3, record_every=2000, cost_at_start=0.4)  # 0.5 < 1.5 x 0.4
    assert h.cost[-1] == pytest.approx(0.5, abs=0.01)
