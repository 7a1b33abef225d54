"""Every number notebook 14 (and its solutions) states, computed here by the same library calls with the notebook's
seeds and sizes; and the typical-case estimate (V3) of lu.delta_estimate against independent references: a
network in which (V3) is exact, a forward pass and a stretch factor computed from scratch."""
import numpy as np
import pytest

import lecture_utils as lu

SEED = 0                              # the notebook's SEED
SIZES = [2] + [20] * 8 + [2]          # the notebook's 10-layer network
HIDDEN = range(2, 10)                 # the hidden layers l = 2..9
#: The five networks of the notebook's table, with the factor per layer it prints, measured and by (V3).
FIVE = {"sigmoid, 0.5 N(0, 1)": (dict(), "0.45", "0.45"),
        "sigmoid, Xavier": (dict(init="xavier"), "0.25", "0.25"),
        "tanh, Xavier": (dict(activation="tanh", init="xavier"), "1.04", "1.01"),
        "ReLU, N(0, 1)": (dict(activation="relu", scale=1.0), "3.03", "3.09"),
        "ReLU, He": (dict(activation="relu", init="he"), "0.97", "1.01")}


@pytest.fixture(scope="module")
def data():
    return lu.higham_data()


def network(**kwargs):
    return lu.Network(SIZES, seed=SEED, **kwargs)


@pytest.fixture(scope="module")
def sigmoid_run(data):
    """The notebook's training of the sigmoid network: (start, after one epoch, after 1000 epochs, history)."""
    X, Y = data
    start = network()
    one = start.copy()
    lu.train(one, X, Y, eta=3.0, epochs=1)
    net = start.copy()
    history = lu.train(net, X, Y, eta=3.0, epochs=1000, record_deltas=100)
    return start, one, net, history


def recorded(history):
    """‖δ^[l]‖ for l = 2..10 at each epoch the history recorded (every 100th)."""
    rows = [k for k in range(len(history.epoch)) if np.isfinite(history.delta_norm[2][k])]
    return {int(history.epoch[k]): np.array([history.delta_norm[l][k] for l in range(2, 11)]) for k in rows}


# --- the estimate (V3) against independent references ---------------------------------------------------------
def test_estimate_is_exact_where_its_two_typical_sizes_are_exact(data):
    """With every W^[l+1] a multiple c of a matrix with orthonormal rows, ‖(W^[l+1])ᵀ v‖ = s √n_l ‖v‖ exactly; with
    biases so large that every z > 0, ReLU' = 1 and D^[l] = I. Then (V3) is exact, point by point."""
    X, _ = data
    X = np.vstack([X, X[0] * X[1]])                     # three inputs, so that n_1 = 3
    Y = lu.higham_data()[1]
    net = lu.Network([3, 5, 4, 4, 2], seed=1, activation="relu")
    rng = np.random.default_rng(7)
    for l, c in zip(range(3, 6), (0.7, 1.3, 0.4)):
        n_out, n_in = net.W[l].shape
        q, _ = np.linalg.qr(rng.standard_normal((n_in, n_out)))    # orthonormal columns
        net.W[l] = c * q.T
        assert np.sqrt(np.mean(net.W[l] ** 2)) * np.sqrt(n_in) == pytest.approx(c, rel=1e-12)
    for l in net.b:                                     # b^[l] = 10^(l+1): far above every |W^[l] a^[l-1]|
        net.b[l] = np.full(net.n(l), 10.0 ** (l + 1))
    assert all(np.all(net.forward(X).z[l] > 0) for l in range(2, 6))
    np.testing.assert_allclose(lu.delta_estimate(net, X, Y), lu.delta_norm_by_layer(net, X, Y), rtol=1e-10)
    assert lu.decay_estimate(net, X, Y) == pytest.approx((0.7 * 1.3 * 0.4) ** (1 / 3), rel=1e-10)


def test_a_random_matrix_stretches_a_typical_vector_by_s_root_n():
    """The first half of (V3): (Wᵀ v) has n entries of variance s² ‖v‖², so ‖Wᵀ v‖ ≈ s √n ‖v‖ (here within 5%),
    while the spectral norm, the worst direction, is about twice that for a square matrix."""
    rng = np.random.default_rng(3)
    n, s = 400, 0.5
    W = s * rng.standard_normal((n, n))
    v = rng.standard_normal(n)
    assert np.linalg.norm(W.T @ v) / np.linalg.norm(v) == pytest.approx(s * np.sqrt(n), rel=0.05)
    assert np.linalg.norm(W, 2) / (s * np.sqrt(n)) == pytest.approx(2, rel=0.05)


def test_rms_prime_and_delta_estimate_against_a_forward_pass_from_scratch(data):
    X, Y = data
    net = network()
    a, z = X, {}
    for l in range(2, net.L + 1):
        z[l] = net.W[l] @ a + net.b[l][:, None]
        a = 1 / (1 + np.exp(-z[l]))
    rms = np.array([np.sqrt(np.mean((np.exp(-z[l]) / (1 + np.exp(-z[l])) ** 2) ** 2)) for l in HIDDEN])
    np.testing.assert_allclose(lu.rms_prime(net, X), rms, rtol=1e-12)
    # s √n_l = ‖W^[l+1]‖_F / √n_{l+1}: the RMS of the n_{l+1} n_l entries, times √n_l
    factors = [np.linalg.norm(net.W[l + 1]) / np.sqrt(net.n(l + 1)) * rms[l - 2] for l in HIDDEN]
    last = lu.delta_norm_by_layer(net, X, Y)[-1]
    expected = [last * np.prod(factors[l - 2:]) for l in HIDDEN] + [last]
    np.testing.assert_allclose(lu.delta_estimate(net, X, Y), expected, rtol=1e-12)


def test_estimate_refuses_bad_input_in_the_lecture_s_terms(data):
    X, Y = data
    with pytest.raises(ValueError, match="L >= 3"):
        lu.decay_estimate(lu.Network([2, 2], seed=0), X, Y)
    with pytest.raises(ValueError, match="n_1"):
        lu.delta_estimate(network(), X[:1], Y)
    with pytest.raises(ValueError):
        lu.rms_prime(network(), np.full((2, 3), np.nan))


def test_he_spread_keeps_the_variance_of_z_through_relu_layers():
    """he_std's docstring: ReLU sets about half of the activations a to zero, and 2/n_{l−1} makes up for it.
    n = 1000 neurons: the fraction of zeros and the variance ratio scatter by about 1/√n ≈ 0.03 (the samples of
    one neuron share its weights), so the tolerances are about three times that."""
    rng = np.random.default_rng(5)
    n = 1000
    z = rng.standard_normal((n, 100))
    for _ in range(5):
        a = np.maximum(z, 0)
        assert np.mean(a == 0) == pytest.approx(0.5, abs=0.1)
        z_next = lu.he_std(n) * rng.standard_normal((n, n)) @ a
        assert np.var(z_next) / np.var(z) == pytest.approx(1, abs=0.1)
        z = z_next
    assert lu.he_std(n) ** 2 == pytest.approx(2 / n)


# --- "A deep sigmoid network at its start" -------------------------------------------------------------------------
def test_notebook_10_the_bound_is_level_because_a_quarter_of_W_is_about_1(data):
    X, Y = data
    net = network()
    W_norms = [np.linalg.norm(net.W[l], 2) for l in range(3, 10)]
    assert f"{min(W_norms):.1f}" == "3.9" and f"{max(W_norms):.1f}" == "4.4" and f"{0.5 * np.sqrt(20):.2f}" == "2.24"
    bound = lu.delta_bound(net, X, Y)
    assert f"{lu.decay_per_layer(bound):.2f}" == "0.99"
    assert bound.max() / bound.min() < 1.5                           # "the bound (V2) stays level"
    for l in range(3, 10):                                          # ‖W‖ about twice the typical stretch s √n
        typical = np.sqrt(np.mean(net.W[l] ** 2)) * np.sqrt(20)
        assert 1.6 < np.linalg.norm(net.W[l], 2) / typical < 2.1


def test_notebook_10_the_estimate_follows_the_measurement(data):
    X, Y = data
    net = network()
    norms, estimate = lu.delta_norm_by_layer(net, X, Y), lu.delta_estimate(net, X, Y)
    rms = lu.rms_prime(net, X)
    assert f"{rms.min():.2f}" == "0.18" and f"{rms.max():.2f}" == "0.23"
    assert 0.18 <= np.sqrt(np.mean(rms ** 2)) <= 0.22                 # "about 0.2 in root mean square"
    assert f"{lu.decay_per_layer(norms):.2f}" == f"{lu.decay_estimate(net, X, Y):.2f}" == "0.45"
    assert np.all(np.abs(estimate / norms - 1) < 0.15)              # "within 15% of every measured point"
    assert f"{norms[0] / norms[-1]:.1e}" == "1.6e-03"
    assert f"{np.linalg.norm(net.gradients(X[:, 0], Y[:, 0]).delta[2]):.2e}" == "3.45e-04"


# --- "During training" ---------------------------------------------------------------------------------------------
def test_notebook_10_the_errors_keep_their_slope_during_training(sigmoid_run):
    history = sigmoid_run[3]
    by_epoch = recorded(history)
    assert sorted(by_epoch) == list(range(0, 1001, 100))
    for norms in by_epoch.values():                                 # "hundreds of times smaller"
        assert 500 < norms[-1] / norms[0] < 1000


def test_notebook_10_every_layer_moves_by_a_similar_absolute_amount(sigmoid_run):
    start, _, net, _ = sigmoid_run
    moved = np.array([np.linalg.norm(net.W[l] - start.W[l]) for l in range(2, 11)])
    size = np.array([np.linalg.norm(start.W[l]) for l in range(2, 11)])
    assert [f"{v:.2f}" for v in moved] == ["0.11", "0.11", "0.10", "0.11", "0.12", "0.14", "0.16", "0.19", "0.36"]
    assert [f"{v:.1%}" for v in moved / size] == ["4.4%", "1.0%", "1.0%", "1.1%", "1.1%", "1.3%", "1.6%", "1.9%",
                                                  "9.9%"]
    assert [f"{v:.1f}" for v in size] == ["2.5", "10.3", "9.6", "9.6", "10.2", "10.5", "9.8", "9.6", "3.6"]
    hidden = moved[:-1]
    assert hidden.min() >= 0.10 and np.all(np.maximum(hidden[1:] / hidden[:-1], hidden[:-1] / hidden[1:]) < 1.25)
    # At both ends the smaller norm, more than the size of the move, makes the relative change the largest.
    assert set(np.argsort(moved / size)[-2:]) == {0, 8}             # W^[2] and W^[10]: the largest relative changes
    for end, neighbour in ((0, 1), (8, 7)):
        assert size[neighbour] / size[end] > moved[end] / moved[neighbour]


def test_notebook_10_the_cost_stays_on_the_plateau_of_a_constant_output(data, sigmoid_run):
    X, Y = data
    start, one, net, history = sigmoid_run
    assert (f"{history.cost[0]:.3f}", f"{history.cost[1]:.4f}", f"{history.cost[-1]:.5f}") == ("0.291", "0.2504",
                                                                                               "0.24999")
    assert np.all(np.abs(history.cost[10:] - 0.25) < 1e-4)           # on the plateau from epoch 10 on
    # An output c that is the same for every point: Cost (9) = mean ½‖y − c‖² is least at c = mean y = (½, ½), ¼.
    c = Y.mean(axis=1)
    np.testing.assert_array_equal(c, [0.5, 0.5])
    assert np.mean(0.5 * np.sum((Y - c[:, None]) ** 2, axis=0)) == 0.25
    for other in np.random.default_rng(0).uniform(0, 1, (50, 2)):
        assert np.mean(0.5 * np.sum((Y - other[:, None]) ** 2, axis=0)) > 0.25
    # After one epoch the outputs, nearly the same for every point, are close to (½, ½).
    a = one.output(X)
    assert np.all(a.max(axis=1) - a.min(axis=1) < 1e-3) and np.all(np.abs(a.mean(axis=1) - 0.5) < 0.03)
    a = net.output(X)
    assert f"{a.min():.4f}" == "0.4999" and f"{a.max():.4f}" == "0.5001"
    assert f"{10 * history.accuracy[-1]:.0f}" == "8" and lu.accuracy(net, X, Y) == 0.8
    assert np.all(np.abs(a[0] - a[1]) < 5e-4)                         # decided in the fourth decimal
    assert np.all(a.max(axis=1) - a.min(axis=1) < 3e-4)               # the points' outputs barely separated


def test_notebook_10_the_gradient_at_the_start_and_on_the_plateau(data, sigmoid_run):
    X, Y = data
    start, one, net, _ = sigmoid_run
    g0 = [np.linalg.norm(start.gradients(X, Y).dW[l]) for l in range(2, 11)]
    g1 = [np.linalg.norm(net.gradients(X, Y).dW[l]) for l in range(2, 11)]
    assert [f"{v:.1e}" for v in g0] == ["7.5e-05", "6.5e-04", "1.3e-03", "2.9e-03", "6.1e-03", "1.7e-02", "2.2e-02",
                                        "5.8e-02", "1.2e-01"]
    assert [f"{v:.1e}" for v in g1] == ["3.3e-05", "3.5e-05", "3.4e-05", "3.4e-05", "3.7e-05", "4.5e-05", "4.2e-05",
                                        "3.3e-05", "2.2e-05"]
    assert np.all(np.diff(g0) > 0)                                  # falls towards the early layers, as ‖δ^[l]‖
    assert 2e-5 <= min(g1) and max(g1) <= 5e-5                      # about equally small in every layer
    first = [np.linalg.norm(one.W[l] - start.W[l]) for l in range(2, 11)]
    assert np.all(np.diff(first) > 0) and first[-1] > 0.3 and first[0] < 1e-3   # the first step: the last layers
    rest = np.array([np.linalg.norm(net.W[l] - one.W[l]) for l in range(2, 11)])
    assert rest.max() / rest.min() < 2.5                            # the 999 steps after: similar amounts


# --- "What helps, one change at a time" ---------------------------------------------------------------------------
def test_notebook_10_xavier_makes_s_root_n_one_and_the_sigmoid_keeps_a_quarter(data):
    X, Y = data
    assert lu.xavier_std(20, 20) * np.sqrt(20) == pytest.approx(1, rel=1e-15)
    net = network(init="xavier")
    assert np.all((0.22 < lu.rms_prime(net, X)) & (lu.rms_prime(net, X) <= 0.25))
    assert f"{lu.decay_per_layer(lu.delta_norm_by_layer(net, X, Y)):.2f}" == "0.25"


def test_notebook_10_tanh_with_xavier_stays_level(data):
    X, Y = data
    net = network(activation="tanh", init="xavier")
    assert np.all((0.9 < lu.rms_prime(net, X)) & (lu.rms_prime(net, X) <= 1))
    norms = lu.delta_norm_by_layer(net, X, Y)
    assert norms.max() / norms.min() < 2


@pytest.mark.parametrize("kwargs, factor", [(dict(activation="relu", scale=1.0), np.sqrt(10)),
                                            (dict(activation="relu", init="he"), 1.0)])
def test_notebook_10_relu_half_active_and_the_factor_of_10_3(data, kwargs, factor):
    X, Y = data
    net = network(**kwargs)
    z = net.forward(X).z
    assert 0.4 < np.mean([np.mean(z[l] > 0) for l in HIDDEN]) < 0.6   # about half of the z^[l] positive
    assert np.sqrt(np.mean(lu.rms_prime(net, X) ** 2)) == pytest.approx(np.sqrt(0.5), abs=0.1)
    assert lu.decay_estimate(net, X, Y) == pytest.approx(factor, rel=0.1)


@pytest.mark.parametrize("name", FIVE)
def test_notebook_10_the_table_of_five_networks(data, name):
    """The printed factors, and the notebook's tolerances: (V3) within 5% of the measured factor per layer, and
    layer by layer within a factor 1.5 of the measured ‖δ^[l]‖."""
    X, Y = data
    kwargs, measured_text, estimate_text = FIVE[name]
    net = network(**kwargs)
    norms, estimate = lu.delta_norm_by_layer(net, X, Y), lu.delta_estimate(net, X, Y)
    measured, estimated = lu.decay_per_layer(norms), lu.decay_estimate(net, X, Y)
    assert (f"{measured:.2f}", f"{estimated:.2f}") == (measured_text, estimate_text)
    assert abs(estimated / measured - 1) < 0.05
    assert np.all((estimate / norms < 1.5) & (norms / estimate < 1.5))


# --- "The fix during training" --------------------------------------------------------------------------------------
def test_notebook_10_tanh_with_eta_3_diverges(data):
    X, Y = data
    with pytest.raises(lu.DivergenceError, match="diverged"):
        lu.train(network(activation="tanh", init="xavier"), X, Y, eta=3.0, epochs=1000)


def test_notebook_10_tanh_trains_with_level_errors(data, sigmoid_run):
    X, Y = data
    net = network(activation="tanh", init="xavier")
    history = lu.train(net, X, Y, eta=0.1, epochs=1000, record_deltas=100)
    drawn = {e: norms for e, norms in recorded(history).items() if e in (0, 100, 500, 1000)}
    for norms in drawn.values():
        assert norms.max() / norms.min() < 10                       # "within a factor 10 of each other"
    assert np.argmax(drawn[500]) == 0                               # at epoch 500, the first layers' the larger
    for norms in recorded(sigmoid_run[3]).values():
        assert norms.max() / norms.min() > 500                      # "the sigmoid network's ... more than 500"
    last = recorded(history)[1000]
    assert np.all(last < drawn[0] / 10)                             # all have shrunk as the fit improved
    assert f"{last.min():.2f}" == "0.01" and f"{last.max():.2f}" == "0.04"
    assert f"{history.cost[-1]:.1e}" == "5.9e-04" and history.accuracy[-1] == 1.0


# --- the solutions' model answers -----------------------------------------------------------------------------------
def test_solutions_10_exercise_2_larger_weights_and_saturation(data):
    X, Y = data
    assert 4 / (2 * np.sqrt(20)) == pytest.approx(0.45, abs=0.005)    # ‖W‖ = 4 from 2 s √20
    rows = []
    for scale in (0.5, 1.0, 2.0, 4.0):
        net = lu.Network(SIZES, seed=SEED, scale=scale)
        z = net.forward(X).z
        saturated = np.mean([np.mean(lu.sigma_prime(z[l]) < 0.01) for l in HIDDEN])
        rows.append((lu.decay_per_layer(lu.delta_norm_by_layer(net, X, Y)), lu.decay_estimate(net, X, Y),
                     max(lu.rms_prime(net, X)), saturated))
    assert [f"{r[0]:.2f}" for r in rows] == ["0.45", "0.58", "0.66", "0.73"]
    assert [f"{r[1]:.2f}" for r in rows] == ["0.45", "0.66", "0.87", "1.11"]
    assert [f"{r[2]:.2f}" for r in rows] == ["0.23", "0.20", "0.14", "0.10"]
    assert [f"{r[3]:.0%}" for r in rows] == ["0%", "7%", "36%", "67%"]
    measured, estimated = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    assert np.all(np.diff(measured) > 0) and measured[-1] < 1      # rises towards 1
    overestimate = estimated / measured
    assert abs(overestimate[0] - 1) < 0.01 and np.all(np.diff(overestimate) > 0)   # more and more


def test_solutions_10_exercise_3_depth(data):
    X, Y = data
    measured, estimated = [], []
    for L in (5, 10, 20):
        net = lu.Network([2] + [20] * (L - 2) + [2], seed=SEED)
        measured.append(f"{lu.decay_per_layer(lu.delta_norm_by_layer(net, X, Y)):.2f}")
        estimated.append(f"{lu.decay_estimate(net, X, Y):.2f}")
    assert measured == ["0.38", "0.45", "0.43"] and estimated == ["0.43", "0.45", "0.43"]
    assert all(0.35 <= float(m) <= 0.5 for m in measured)           # "about 0.4 in each case"
