"""Backpropagation through time for the plain recurrent network (lecture_utils.recurrence), against independent
references: the complex step on Cost (9) (every gradient, to rounding), the complex step on a weighted input z_t
injected in a forward pass written here from (RN1), (RN2) (each δ_t), and lu.Network (the unrolled network with
its inputs after x_1 set to zero is a deep network whose layers share W and b, so Lemma 1 must give the same δ and,
summed over the layers, the same gradients). Tolerances: the complex step has no subtraction, so BPTT must agree
with it to a relative error of 1e-10 (ROUNDING_BOUND says why)."""
import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lecture_utils as lu

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: Rounding is about 1e-15 per operation, but a gradient entry that is a sum of terms of both signs (RN6) can be
#: much smaller than its terms, and its relative error grows by that ratio (hypothesis found 2e-12); a wrong
#: term gives 1e-2 or more, so 1e-10 still separates them by eight orders of magnitude.
ROUNDING_BOUND = 1e-10


def random_case(T, n_x, n_h, n_y, N, seed, cost="quadratic"):
    rng = np.random.default_rng(seed)
    net = lu.RNN(n_x, n_h, n_y, T, seed=seed, scale=0.8, cost=cost)
    X = rng.standard_normal((T * n_x, N))
    Y = rng.uniform(0, 1, (n_y, N))
    if cost == "cross_entropy":
        Y = Y / Y.sum(axis=0)
    return net, X, Y


@settings(max_examples=25, deadline=None)
@given(T=st.integers(1, 6), n_x=st.integers(1, 3), n_h=st.integers(1, 4), n_y=st.integers(1, 3),
       N=st.integers(1, 3), seed=st.integers(0, 1000), cost=st.sampled_from(["quadratic", "cross_entropy"]))
def test_bptt_gradients_match_the_complex_step(T, n_x, n_h, n_y, N, seed, cost):
    net, X, Y = random_case(T, n_x, n_h, n_y, N, seed, cost)
    for g, reference in zip(net.gradients(X, Y).values, lu.complex_step_gradients(net, X, Y)):
        assert g.shape == reference.shape
        assert lu.relative_error(g, reference) < ROUNDING_BOUND


def cost_with_injection(net, X, Y, t_inject, e):
    """Cost (9) from (RN1), (RN2) written out here, with e added to z_t at t = t_inject (quadratic cost)."""
    T, n_x = net.T, net.n_x
    h = np.zeros((net.n_h, X.shape[1]), dtype=complex)
    for t in range(1, T + 1):
        z = net.W @ h + net.U @ X[(t - 1) * n_x:t * n_x] + net.b[:, None]
        if t == t_inject:
            z = z + e
        h = 1 / (1 + np.exp(-z))
    a = 1 / (1 + np.exp(-(net.V @ h + net.c[:, None])))
    return np.mean(0.5 * np.sum((Y - a) ** 2, axis=0))


@settings(max_examples=15, deadline=None)
@given(T=st.integers(1, 5), n_x=st.integers(1, 2), n_h=st.integers(1, 3), seed=st.integers(0, 1000))
def test_delta_t_is_dC_dz_t_by_the_complex_step(T, n_x, n_h, seed):
    """δ_t = ∂C/∂z_t (the definition (21) at a time step), for one sequence, entry by entry."""
    net, X, Y = random_case(T, n_x, n_h, 2, 1, seed)
    delta = net.gradients(X, Y).delta
    assert sorted(delta) == list(range(1, T + 1))
    for t in range(1, T + 1):
        reference = np.zeros(n_h)
        for j in range(n_h):
            e = np.zeros((n_h, 1), dtype=complex)
            e[j] = 1e-30j
            reference[j] = np.imag(cost_with_injection(net, X, Y, t, e)) / 1e-30
        assert lu.relative_error(delta[t][:, 0], reference) < ROUNDING_BOUND


def unrolled_network(net):
    """lu.Network with sizes [n_x, n_h (T times), n_y] and W^[2] = U, W^[l] = W (l = 3..T+1), b^[l] = b,
    W^[T+2] = V, b^[T+2] = c: the RNN unrolled, for inputs that are zero after x_1."""
    T = net.T
    deep = lu.Network([net.n_x] + [net.n_h] * T + [net.n_y], seed=0)
    deep.W[2], deep.b[2] = net.U.copy(), net.b.copy()
    for l in range(3, T + 2):
        deep.W[l], deep.b[l] = net.W.copy(), net.b.copy()
    deep.W[T + 2], deep.b[T + 2] = net.V.copy(), net.c.copy()
    return deep


@pytest.mark.parametrize("T", [1, 2, 5])
def test_the_unrolled_network_is_a_deep_network_with_shared_weights(T):
    net = lu.RNN(2, 3, 2, T, seed=T, scale=0.8)
    rng = np.random.default_rng(T)
    X = np.zeros((2 * T, 4))
    X[:2] = rng.standard_normal((2, 4))             # x_1 only; x_2 .. x_T = 0
    Y = rng.uniform(0, 1, (2, 4))
    deep = unrolled_network(net)
    g, lemma1 = net.gradients(X, Y), deep.gradients(X[:2], Y)
    assert np.allclose(net.output(X), deep.output(X[:2]), rtol=1e-14, atol=0)
    for t in range(1, T + 1):                        # step t is layer t + 1
        assert lu.relative_error(g.delta[t], lemma1.delta[t + 1]) < ROUNDING_BOUND
    # the shared weights' gradient is the sum of the layers' gradients (RN5), (RN6)
    assert lu.relative_error(g.dU, lemma1.dW[2]) < ROUNDING_BOUND
    dW = sum(lemma1.dW[l] for l in range(3, T + 2)) if T > 1 else np.zeros_like(net.W)
    assert np.allclose(g.dW, dW, rtol=ROUNDING_BOUND, atol=1e-300)
    assert lu.relative_error(g.db, sum(lemma1.db[l] for l in range(2, T + 2))) < ROUNDING_BOUND
    assert lu.relative_error(g.dV, lemma1.dW[T + 2]) < ROUNDING_BOUND
    assert lu.relative_error(g.dc, lemma1.db[T + 2]) < ROUNDING_BOUND


def test_a_shared_weight_s_gradient_is_the_sum_over_t_not_the_last_term():
    net = lu.RNN(1, 3, 2, 5, seed=0)
    X, Y = lu.memory_task(5, N=4, seed=3)
    g, fp = net.gradients(X, Y), net.forward(X)
    terms = [g.delta[t] @ fp.x[t].T / 4 for t in range(1, 6)]
    assert lu.relative_error(sum(terms), g.dU) < ROUNDING_BOUND
    assert lu.relative_error(terms[-1], g.dU) > 0.1
    w_terms = [g.delta[t] @ fp.h[t - 1].T / 4 for t in range(1, 6)]
    assert lu.relative_error(sum(w_terms), g.dW) < ROUNDING_BOUND
    assert lu.relative_error(lu.time_sum(g.delta, fp.x, 5), g.dU) < ROUNDING_BOUND


def test_a_gradient_call_is_pure():
    net = lu.RNN(1, 3, 2, 4, seed=0)
    X, Y = lu.memory_task(4, N=5, seed=0)
    first, before = net.gradients(X, Y).values, [p.value.copy() for p in net.trainable()]
    second = net.gradients(X, Y).values
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    assert all(np.array_equal(p.value, v) for p, v in zip(net.trainable(), before))


def test_one_sequence_as_a_vector_is_one_column():
    net = lu.RNN(2, 3, 2, 3, seed=1)
    x = np.arange(6.0) / 6
    y = np.array([1.0, 0.0])
    assert np.array_equal(net.output(x), net.output(x[:, None]))
    assert all(np.array_equal(a, b) for a, b in zip(net.gradients(x, y).values,
                                                  net.gradients(x[:, None], y[:, None]).values))


def test_fit_trains_an_rnn_through_the_model_protocol():
    """Full-batch lu.fit for three epochs is three steps p → p − η ∂Cost/∂p (15), taken here by hand."""
    X, Y = lu.memory_task(4, N=30, seed=0)
    net, by_hand = lu.RNN(1, 4, 2, 4, seed=0), lu.RNN(1, 4, 2, 4, seed=0)
    history = lu.fit(net, X, Y, lu.GradientDescent(0.5), epochs=3)
    for _ in range(3):
        for p, g in zip(by_hand.trainable(), by_hand.trainable_gradients(X, Y)):
            p.value -= 0.5 * g
    for a, b in zip(net.trainable(), by_hand.trainable()):
        assert np.allclose(a.value, b.value, rtol=1e-13, atol=1e-15)
    assert history.cost[-1] < history.cost[0]
    assert [p.symbol for p in net.trainable()] == ["W", "U", "b", "V", "c"]
    assert net.L == 6 and net.parameters_finite()


def test_with_value_and_copy_leave_the_model_alone():
    net = lu.RNN(1, 2, 2, 3, seed=0)
    W = net.W.copy()
    other = net.with_value("W", (0, 1), 5.0)
    assert other.W[0, 1] == 5.0 and np.array_equal(net.W, W)
    stepped = net.with_value("U", (1, 0), net.U[1, 0] + 1e-30j)
    assert np.iscomplexobj(stepped.U) and not np.iscomplexobj(net.U)
    X, Y = lu.memory_task(3, N=2, seed=0)
    assert isinstance(stepped.cost(X, Y), complex) and isinstance(net.cost(X, Y), float)
    with pytest.raises(KeyError, match="no parameter 'Z'; the parameters are W, U, b, V, c"):
        net.with_value("Z", (0, 0), 1.0)


def test_memory_task():
    X, Y = lu.memory_task(6, 500, seed=4, noise=0.3)
    assert X.shape == (6, 500) and Y.shape == (2, 500)
    assert np.array_equal(np.where(X[0] > 0, 1, 2), np.argmax(Y, axis=0) + 1)
    assert set(np.unique(X[0])) == {-1.0, 1.0} and np.array_equal(Y.sum(axis=0), np.ones(500))
    assert 0.25 < np.std(X[1:]) < 0.35 and 0.4 < np.mean(Y[0]) < 0.6
    X2, Y2 = lu.memory_task(6, 500, seed=4, noise=0.3)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    with pytest.raises(ValueError, match="the sequence length T must be a whole number >= 1"):
        lu.memory_task(0, 10)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        lu.memory_task(3, 10, noise=-1)


def test_memory_verdict():
    assert lu.memory_verdict(1.0) == "solved (100%)"
    assert lu.memory_verdict(0.995) == "solved (100%)"
    assert lu.memory_verdict(0.5125) == lu.memory_verdict(0.4875) == "guessing (within 10% of 50%)"
    assert lu.memory_verdict(0.75) == "75%"


@pytest.mark.parametrize("X, Y, message", [
    (np.zeros((7, 3)), np.zeros((2, 3)), r"X has 7 rows but a sequence of T = 4 steps of n_x = 2 inputs has "
                                         r"T·n_x = 8"),
    (np.zeros((6, 3)), np.zeros((2, 3)), r"that is a sequence of 3 steps, but this network reads T = 4"),
    (np.zeros((3, 8)), np.zeros((2, 3)), r"sequences are columns: did you pass the transpose\?"),
    (np.zeros((8, 3)), np.zeros((2, 2)), r"X holds 3 sequence\(s\) but y holds 2"),
    (np.zeros((8, 3)), np.zeros((3, 3)), r"y must have n_y = 2 rows"),
    (np.full((8, 3), np.nan), np.zeros((2, 3)), r"X contains NaN"),
    (np.zeros((8, 0)), np.zeros((2, 0)), r"X has no columns"),
    (np.zeros((2, 4, 3)), np.zeros((2, 3)), r"one sequence per column, shape \(T·n_x, N\) = \(8, N\)"),
])
def test_bad_data_is_refused_in_terms_of_sequence_length_and_sizes(X, Y, message):
    net = lu.RNN(2, 3, 2, 4, seed=0)
    with pytest.raises(ValueError, match=message):
        net.gradients(X, Y)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="the hidden size n_h must be a whole number >= 1, not 0"):
        lu.RNN(1, 0, 2, 5)
    with pytest.raises(ValueError, match="the sequence length T must be a whole number >= 1, not 2.5"):
        lu.RNN(1, 3, 2, 2.5)
    with pytest.raises(ValueError, match="unknown activation 'softsign'"):
        lu.RNN(1, 3, 2, 5, activation="softsign")


def test_time_steps_are_numbered_1_to_T():
    g = lu.RNN(1, 2, 2, 3, seed=0).gradients(*lu.memory_task(3, 2, seed=0))
    with pytest.raises(KeyError, match=r"δ_t exists for t = 1..3, not t = 0"):
        g.delta[0]
    with pytest.raises(KeyError, match="numbered by a whole time step t"):
        g.delta[1.5]


def test_the_divergence_of_a_too_large_step_is_reported_in_words():
    X, Y = lu.memory_task(3, N=40, seed=0)
    net = lu.RNN(1, 4, 2, 3, seed=0, activation="relu", scale=2.0, cost="cross_entropy")
    with pytest.raises(lu.DivergenceError, match="no longer finite numbers.*eta = 1000 is too large"):
        lu.fit(net, X, Y, lu.GradientDescent(1e3), epochs=5)


def test_plot_delta_through_time():
    fig, ax = plt.subplots()
    assert lu.plot_delta_through_time([1.0, 0.1, 0.01], ax=ax) is ax
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [1, 2, 3] and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "time step $t$" and ax.get_ylabel() == r"$\|\delta_t\|$"
    lu.plot_delta_through_time([2.0, 1.0, 1.0], ax=ax, label="LSTM", ylim=(1e-3, 10))
    assert ax.get_legend() is not None and ax.get_ylim() == pytest.approx((1e-3, 10))
    plt.close(fig)


def test_plot_accuracy_history():
    X, Y = lu.memory_task(3, N=20, seed=0)
    history = lu.fit(lu.RNN(1, 2, 2, 3, seed=0), X, Y, lu.GradientDescent(1.0), epochs=2)
    fig, ax = plt.subplots()
    assert lu.plot_accuracy_history({"RNN": history}, ax=ax) is ax
    assert np.allclose(ax.get_lines()[0].get_ydata(), 100 * history.accuracy)
    assert ax.get_lines()[1].get_ydata()[0] == 50
    plt.close(fig)


# --- the exercise's checker --------------------------------------------------------------------------------
EXERCISE = dict(w=0.5, u=1.0, b=0.0, v=2.0, c=0.0, x=(1.0, -0.5), y=1.0)       # notebook 20, Exercise 1


def exercise_terms():
    """δ_1 x_1 and δ_2 x_2 of the exercise by the complex step on u at each step separately (independent of bptt)."""
    w, u, b, v, c, (x1, x2), y = (EXERCISE[k] for k in ("w", "u", "b", "v", "c", "x", "y"))

    def C(u1, u2):
        h1 = lu.sigma(u1 * x1 + b)
        h2 = lu.sigma(w * h1 + u2 * x2 + b)
        return 0.5 * (lu.sigma(v * h2 + c) - y) ** 2
    return np.imag(C(u + 1e-30j, u)) / 1e-30, np.imag(C(u, u + 1e-30j)) / 1e-30


def test_check_shared_weight_gradient_confirms_the_sum_over_t():
    first, last = exercise_terms()
    assert lu.check_shared_weight_gradient(**EXERCISE, answer=first + last).correct
    assert lu.check_shared_weight_gradient(**EXERCISE, answer=round(first + last, 4)).correct
    assert not lu.check_shared_weight_gradient(**EXERCISE, answer=None).correct


@pytest.mark.parametrize("wrong, hint", [
    ("last", "the last step's term δ_2 x_2 only"),
    ("first", "the first step's term δ_1 x_1 only"),
    ("minus", "The sign is flipped"),
])
def test_check_shared_weight_gradient_names_the_typical_slips(wrong, hint):
    first, last = exercise_terms()
    answer = {"last": last, "first": first, "minus": -(first + last)}[wrong]
    verdict = lu.check_shared_weight_gradient(**EXERCISE, answer=answer)
    assert not verdict.correct and hint in verdict.message, verdict.message


def test_check_shared_weight_gradient_names_a_missing_sigma_prime():
    first, last = exercise_terms()
    no_prime = first / (lu.sigma_prime(1.0))          # δ_1 x_1 without σ'(z_1), z_1 = u x_1 + b = 1
    verdict = lu.check_shared_weight_gradient(**EXERCISE, answer=no_prime + last)
    assert not verdict.correct and "misses its factor σ'(z_1)" in verdict.message
