"""The LSTM's backward pass (lecture_utils.lstm) against independent references: the complex step on Cost (9)
for every gradient, and the complex step on a cell state c_t or a weighted input z_t injected in a forward pass
written here from (LS1)–(LS3), (RN2), for ∂C/∂c_t (LS4) and δ_t (LS5) themselves. Tolerance 1e-10 relative (ROUNDING_BOUND
says why): a wrong term of (LS4)–(LS6) shows as 1e-2 or more."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lecture_utils as lu

#: Rounding is about 1e-15 per operation, but a gradient entry that is a sum of terms of both signs (RN6) can be
#: much smaller than its terms, and its relative error grows by that ratio (hypothesis found 2e-12); a wrong
#: term gives 1e-2 or more, so 1e-10 still separates them by eight orders of magnitude.
ROUNDING_BOUND = 1e-10


def sig(z):
    return 1 / (1 + np.exp(-z))


def random_case(T, n_x, n_h, n_y, N, seed, forget_bias=1.0, cost="quadratic"):
    rng = np.random.default_rng(seed)
    cell = lu.LSTM(n_x, n_h, n_y, T, seed=seed, scale=0.8, forget_bias=forget_bias, cost=cost)
    cell.b = cell.b + 0.3 * rng.standard_normal(cell.b.shape)          # every bias non-zero
    cell.c = 0.3 * rng.standard_normal(n_y)
    X = rng.standard_normal((T * n_x, N))
    Y = rng.uniform(0, 1, (n_y, N))
    if cost == "cross_entropy":
        Y = Y / Y.sum(axis=0)
    return cell, X, Y


@settings(max_examples=25, deadline=None)
@given(T=st.integers(1, 5), n_x=st.integers(1, 3), n_h=st.integers(1, 3), n_y=st.integers(1, 2),
       N=st.integers(1, 3), seed=st.integers(0, 1000), forget_bias=st.floats(-3, 3),
       cost=st.sampled_from(["quadratic", "cross_entropy"]))
def test_lstm_gradients_match_the_complex_step(T, n_x, n_h, n_y, N, seed, forget_bias, cost):
    cell, X, Y = random_case(T, n_x, n_h, n_y, N, seed, forget_bias, cost)
    for g, reference in zip(cell.gradients(X, Y).values, lu.complex_step_gradients(cell, X, Y)):
        assert g.shape == reference.shape
        assert lu.relative_error(g, reference) < ROUNDING_BOUND


def cost_with_injection(cell, X, Y, where, t_inject, e):
    """Cost (9) (quadratic) from (LS1)–(LS3) and (RN2), written out here, with e added to c_t or z_t at t_inject."""
    n_h, n_x = cell.n_h, cell.n_x
    h = c = np.zeros((n_h, X.shape[1]), dtype=complex)
    for t in range(1, cell.T + 1):
        z = cell.W @ h + cell.U @ X[(t - 1) * n_x:t * n_x] + cell.b[:, None]
        if where == "z" and t == t_inject:
            z = z + e
        f, i, g, o = sig(z[:n_h]), sig(z[n_h:2 * n_h]), np.tanh(z[2 * n_h:3 * n_h]), sig(z[3 * n_h:])
        c = f * c + i * g
        if where == "c" and t == t_inject:
            c = c + e
        h = o * np.tanh(c)
    a = sig(cell.V @ h + cell.c[:, None])
    return np.mean(0.5 * np.sum((Y - a) ** 2, axis=0))


def by_injection(cell, X, Y, where, t, rows):
    out = np.zeros(rows)
    for j in range(rows):
        e = np.zeros((rows, 1), dtype=complex)
        e[j] = 1e-30j
        out[j] = np.imag(cost_with_injection(cell, X, Y, where, t, e)) / 1e-30
    return out


@settings(max_examples=15, deadline=None)
@given(T=st.integers(1, 5), n_x=st.integers(1, 2), n_h=st.integers(1, 3), seed=st.integers(0, 1000),
       forget_bias=st.floats(-2, 4))
def test_cell_error_and_gate_errors_by_the_complex_step(T, n_x, n_h, seed, forget_bias):
    """∂C/∂c_t (LS4) and δ_t = ∂C/∂z_t (LS5), stacked [f; i; g; o], for one sequence, entry by entry."""
    cell, X, Y = random_case(T, n_x, n_h, 2, 1, seed, forget_bias)
    g = cell.gradients(X, Y)
    for t in range(1, T + 1):
        assert lu.relative_error(g.delta_c[t][:, 0], by_injection(cell, X, Y, "c", t, n_h)) < ROUNDING_BOUND
        assert lu.relative_error(g.delta[t][:, 0], by_injection(cell, X, Y, "z", t, 4 * n_h)) < ROUNDING_BOUND


def test_the_cell_path_multiplies_by_the_forget_gate_alone():
    """(LS4) term by term: ∂C/∂c_t is what reaches it through h_t plus ∂C/∂c_{t+1} times f_{t+1}, no weight
    matrix and no σ' on the second term; lu.cell_error computes exactly that."""
    cell = lu.LSTM(1, 2, 2, 6, seed=0, forget_bias=2.0)
    X, Y = lu.memory_task(6, 3, seed=0)
    fp, g = cell.forward(X), cell.gradients(X, Y)
    for t in range(1, 6):
        through_h = g.delta_h[t] * fp.gate[t][3] * lu.tanh_prime(fp.c[t])
        assert np.allclose(g.delta_c[t], through_h + g.delta_c[t + 1] * fp.gate[t + 1][0], rtol=1e-13, atol=0)
        assert np.allclose(lu.cell_error(g.delta_h[t], fp.gate[t][3], fp.c[t], g.delta_c[t + 1],
                                         fp.gate[t + 1][0]), g.delta_c[t], rtol=0, atol=0)


def test_initial_parameters():
    cell = lu.LSTM(2, 3, 2, 4, seed=1, forget_bias=3.0)
    assert cell.W.shape == (12, 3) and cell.U.shape == (12, 2) and cell.b.shape == (12,)
    assert np.array_equal(cell.b, np.r_[np.full(3, 3.0), np.zeros(9)])
    assert cell.V.shape == (2, 3) and np.array_equal(cell.c, np.zeros(2))
    assert lu.GATES == ("f", "i", "g", "o")
    f, i, g, o = lu.gates(np.arange(12.0)[:, None] / 10, 3)
    assert np.allclose(g[:, 0], np.tanh([0.6, 0.7, 0.8])) and np.allclose(o[:, 0], lu.sigma([0.9, 1.0, 1.1]))
    same = lu.LSTM(2, 3, 2, 4, seed=1, forget_bias=3.0)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(cell.trainable(), same.trainable()))


def test_the_forward_pass_keeps_c_and_h():
    cell = lu.LSTM(1, 2, 2, 3, seed=0)
    X, _ = lu.memory_task(3, 4, seed=0)
    fp = cell.forward(X)
    for t in range(1, 4):
        f, i, g, o = fp.gate[t]
        assert np.allclose(fp.c[t], f * fp.c[t - 1] + i * g, rtol=1e-15, atol=0)
        assert np.allclose(fp.h[t], o * np.tanh(fp.c[t]), rtol=1e-15, atol=0)
    assert np.array_equal(fp.c[0], np.zeros((2, 4))) and fp.a.shape == (2, 4)


def test_fit_trains_an_lstm_through_the_model_protocol():
    X, Y = lu.memory_task(5, N=40, seed=0)
    cell, by_hand = lu.LSTM(1, 3, 2, 5, seed=0), lu.LSTM(1, 3, 2, 5, seed=0)
    history = lu.fit(cell, X, Y, lu.GradientDescent(1.0), epochs=2)
    for _ in range(2):
        for p, g in zip(by_hand.trainable(), by_hand.trainable_gradients(X, Y)):
            p.value -= 1.0 * g
    for a, b in zip(cell.trainable(), by_hand.trainable()):
        assert np.allclose(a.value, b.value, rtol=1e-13, atol=1e-15)
    assert history.cost[-1] < history.cost[0]


@pytest.mark.parametrize("X, message", [
    (np.zeros((5, 2)), r"X has 5 rows but a sequence of T = 3 steps of n_x = 2 inputs has T·n_x = 6"),
    (np.zeros((4, 2)), r"that is a sequence of 2 steps, but this network reads T = 3"),
    (np.full((6, 2), np.inf), r"X contains infinity"),
])
def test_bad_sequences_are_refused(X, message):
    cell = lu.LSTM(2, 3, 2, 3, seed=0)
    with pytest.raises(ValueError, match=message):
        cell.forward(X)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="the hidden size n_h must be a whole number >= 1, not -1"):
        lu.LSTM(1, -1, 2, 5)
    with pytest.raises(ValueError, match="forget_bias contains NaN"):
        lu.LSTM(1, 2, 2, 5, forget_bias=float("nan"))
    with pytest.raises(ValueError, match="y must have n_y = 2 rows"):
        lu.LSTM(1, 2, 2, 3, seed=0).gradients(np.zeros((3, 2)), np.zeros((1, 2)))
