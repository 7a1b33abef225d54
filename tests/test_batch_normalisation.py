"""Batch normalisation (lecture_utils.batch_normalisation) against independent references: every backward rule
(BN5)–(BN9) and the whole network's gradient against complex-step derivatives, to rounding (relative error below
1e-11: the complex step has no subtraction, so what is left is float64 rounding of a few hundred operations); the
network in evaluation mode with chosen running statistics against lu.Network itself; the modes; reproducibility;
bad input in the lecture's terms."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lecture_utils as lu

H = 1e-30            # the complex step
TOL = 1e-11          # rounding level for these small computations (typically 1e-15)
EPS = 1e-5
#: For a whole network in training mode: Σ_i δ^[l]{i} = 0 (BN9) makes ∂C/∂W^[l] = Σ_i δ^[l]{i} (a^[l−1]{i})ᵀ a sum
#: that can cancel (a width-1 layer and three samples lose about 3 digits); a bug gives 1e-3 or more
NET_TOL = 1e-9


def layer_cost(z, gamma, beta, t):
    """A cost of one normalised layer, C = ½ Σ (u − t)², with u from (BN1)–(BN4); complex-safe."""
    mu = lu.batch_mean(z)
    u = lu.scale_shift(lu.normalise(z, mu, lu.batch_variance(z, mu), EPS), gamma, beta)
    return 0.5 * np.sum((u - t) ** 2)


def complex_step_of(f, x):
    """∂f/∂x entry by entry by complex step, for an array x."""
    return lu.complex_step_gradient(f, x, H)


layer_shapes = st.tuples(st.integers(1, 4), st.integers(2, 6), st.integers(0, 2**31 - 1))


@settings(max_examples=40, deadline=None)
@given(layer_shapes)
def test_backward_rules_against_complex_step(shape):
    n, N, seed = shape
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, rng.uniform(0.2, 3.0), (n, N)) + rng.normal(size=(n, 1))
    gamma, beta, t = rng.normal(size=n), rng.normal(size=n), rng.normal(size=(n, N))
    mu = lu.batch_mean(z)
    var = lu.batch_variance(z, mu)
    z_hat = lu.normalise(z, mu, var, EPS)
    g = lu.scale_shift(z_hat, gamma, beta) - t                   # ∂C/∂u for C = ½ Σ (u − t)²
    g_hat = gamma[:, None] * g
    dz = complex_step_of(lambda zc: layer_cost(zc, gamma, beta, t), z)
    # ∂C/∂z can cancel to far below its terms (N = 2 gives ẑ = ±1 and nearly 0): rounding is relative to the terms
    scale = np.linalg.norm(g_hat / np.sqrt(var + EPS)[:, None])
    assert np.linalg.norm(lu.input_gradient(g_hat, z_hat, var, EPS) - dz) < TOL * scale                 # (BN9)
    assert np.linalg.norm(lu.input_gradient_by_paths(g_hat, z, mu, var, EPS) - dz) < TOL * scale        # (BN8)
    assert lu.relative_error(lu.gamma_gradient(g, z_hat),
                             complex_step_of(lambda gc: layer_cost(z, gc, beta, t), gamma)) < TOL       # (BN5)
    assert lu.relative_error(lu.beta_gradient(g),
                             complex_step_of(lambda bc: layer_cost(z, gamma, bc, t), beta)) < TOL


def test_mean_and_variance_gradients_against_complex_step():
    """(BN6), (BN7): C as a function of μ and σ² held as independent variables in (BN3)."""
    rng = np.random.default_rng(3)
    z, gamma, beta, t = rng.normal(size=(3, 5)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=(3, 5))
    mu, var = lu.batch_mean(z), lu.batch_variance(z, lu.batch_mean(z))
    cost = lambda m, v: 0.5 * np.sum((lu.scale_shift(lu.normalise(z, m, v, EPS), gamma, beta) - t) ** 2)  # noqa
    g_hat = gamma[:, None] * (lu.scale_shift(lu.normalise(z, mu, var, EPS), gamma, beta) - t)
    assert lu.relative_error(lu.variance_gradient(g_hat, z, mu, var, EPS),
                             complex_step_of(lambda v: cost(mu, v), var)) < TOL
    # (BN7) is the direct path only: the path through σ² carries (−2/N) Σ (z − μ) = 0
    assert lu.relative_error(lu.mean_gradient(g_hat, var, EPS), complex_step_of(lambda m: cost(m, var), mu)) < 1e-9


def test_normalised_batch_has_mean_zero_and_variance_near_one():
    z = np.random.default_rng(1).normal(3.0, 2.0, (4, 7))
    z_hat = lu.normalise(z, lu.batch_mean(z), lu.batch_variance(z, lu.batch_mean(z)), EPS)
    assert np.allclose(z_hat.mean(axis=1), 0, atol=1e-14)
    var = lu.batch_variance(z, lu.batch_mean(z))
    assert np.allclose(lu.batch_variance(z_hat, lu.batch_mean(z_hat)), var / (var + EPS), rtol=1e-12)
    assert np.allclose(var, z.var(axis=1), rtol=1e-12)      # numpy's own (divided by N)


network_shapes = st.tuples(st.integers(1, 3), st.lists(st.integers(1, 4), min_size=1, max_size=3),
                           st.integers(1, 3), st.integers(3, 5), st.integers(0, 2**31 - 1))


@settings(max_examples=25, deadline=None)
@given(network_shapes, st.booleans())
def test_network_gradient_against_complex_step(shape, training):
    n1, hidden, nL, N, seed = shape
    rng = np.random.default_rng(seed)
    model = lu.BatchNormNetwork([n1, *hidden, nL], seed=seed)
    for l in model.hidden:                                       # move away from γ = 1, β = 0, μ_run = 0, σ²_run = 1
        model.gamma[l][:] = rng.normal(size=model.gamma[l].shape)
        model.beta[l][:] = rng.normal(size=model.beta[l].shape)
        model.running_mean[l] = rng.normal(size=model.beta[l].shape)
        model.running_var[l] = rng.uniform(0.5, 2.0, size=model.beta[l].shape)
    model.training = training
    X, Y = rng.normal(size=(n1, N)), rng.uniform(size=(nL, N))
    assert lu.gradient_error(model, X, Y) < NET_TOL


def test_delta_sums_to_zero_over_the_batch_in_training_mode():
    """Summing (BN9) over the batch gives 0: moving all z^{i} alike does not change the cost."""
    X, Y = lu.higham_data()
    model = lu.BatchNormNetwork([2, 5, 5, 2], seed=2)
    model.training = True
    delta = model.gradients(X, Y).delta
    for l in (2, 3):
        assert np.abs(delta[l].sum(axis=1)).max() < 1e-12 * np.abs(delta[l]).max()
    assert np.abs(delta[4].sum(axis=1)).max() > 1e-3 * np.abs(delta[4]).max()    # the output layer is ordinary


def test_evaluation_mode_with_chosen_statistics_is_the_plain_network():
    """With μ_run = −b^[l] and σ²_run = 1 − ε, γ = 1, β = 0, (BN3), (BN4) give u = z + b: the network is lu.Network,
    and so are its output, its δ^[l] (Lemma 1) and its gradients."""
    X, Y = lu.higham_data()
    sizes = [2, 4, 3, 2]
    net, model = lu.Network(sizes, seed=5), lu.BatchNormNetwork(sizes, seed=5)
    for l in model.hidden:
        model.running_mean[l] = -net.b[l]
        model.running_var[l] = np.full(net.n(l), 1.0 - model.eps)
    assert not model.training
    assert np.allclose(model.output(X), net.output(X), rtol=1e-13, atol=0)
    g, ref = model.gradients(X, Y), net.gradients(X, Y)
    for l in range(2, 5):
        assert lu.relative_error(g.delta[l], ref.delta[l]) < 1e-13
        assert lu.relative_error(g[f"W^[{l}]"], ref.dW[l]) < 1e-13
    for l in model.hidden:
        assert lu.relative_error(g[f"β^[{l}]"], ref.db[l]) < 1e-13
    assert lu.relative_error(g["b^[4]"], ref.db[4]) < 1e-13


def test_same_weights_as_the_plain_network():
    net, model = lu.Network([2, 5, 5, 2], seed=7), lu.BatchNormNetwork([2, 5, 5, 2], seed=7)
    assert all(np.array_equal(net.W[l], model.W[l]) for l in range(2, 5))
    assert np.array_equal(net.b[4], model.b[4])
    assert [p.symbol for p in model.trainable()] == ["W^[2]", "W^[3]", "W^[4]", "b^[4]", "γ^[2]", "γ^[3]",
                                                     "β^[2]", "β^[3]"]


# --- modes ---------------------------------------------------------------------------------------------------
def test_evaluation_is_deterministic_and_per_sample():
    X, Y = lu.higham_data()
    model = lu.BatchNormNetwork([2, 5, 5, 2], seed=1)
    lu.fit(model, X, Y, lu.GradientDescent(1.0), epochs=20)
    assert not model.training
    full = model.output(X)
    assert np.array_equal(full, model.output(X))
    for i in range(10):
        assert lu.relative_error(model.output(X[:, i]), full[:, i]) < 1e-14
    model.training = True
    assert lu.relative_error(model.output(X)[:, 0], model.output(X[:, :5])[:, 0]) > 1e-4   # the batch matters


def test_running_statistics_follow_bn10_only_in_training_steps():
    X, Y = lu.higham_data()
    model = lu.BatchNormNetwork([2, 5, 5, 2], seed=1, momentum=0.25)
    before = {l: (model.running_mean[l].copy(), model.running_var[l].copy()) for l in model.hidden}
    model.gradients(X, Y)
    model.trainable_gradients(X, Y)                             # evaluation mode: no update
    model.training = True
    model.gradients(X, Y)                                       # a gradient is pure: no update
    assert all(np.array_equal(model.running_mean[l], before[l][0]) for l in model.hidden)
    fp = model.forward(X)
    model.trainable_gradients(X, Y)
    for l in model.hidden:
        assert np.allclose(model.running_mean[l], 0.75 * before[l][0] + 0.25 * fp.mu[l], rtol=1e-14)
        assert np.allclose(model.running_var[l], 0.75 * before[l][1] + 0.25 * fp.var[l], rtol=1e-14)


def test_fit_switches_modes_and_is_reproducible_with_a_seed():
    X, Y = lu.higham_data()
    runs = []
    for _ in range(2):
        model = lu.BatchNormNetwork([2, 5, 5, 2], seed=4)
        h = lu.fit(model, X, Y, lu.GradientDescent(0.5), epochs=15, batch_size=4, seed=11)
        runs.append((h, model))
        assert model.training is False
    (h1, m1), (h2, m2) = runs
    assert np.array_equal(h1.cost, h2.cost)
    assert all(np.array_equal(a.value, b.value) for a, b in zip(m1.trainable(), m2.trainable()))
    assert np.array_equal(m1.running_var[2], m2.running_var[2])
    other = lu.BatchNormNetwork([2, 5, 5, 2], seed=4)
    h3 = lu.fit(other, X, Y, lu.GradientDescent(0.5), epochs=15, batch_size=4, seed=12)
    assert not np.array_equal(h1.cost, h3.cost)                # the seed orders the batches


def test_one_fit_epoch_is_one_step_of_15():
    X, Y = lu.higham_data()
    model = lu.BatchNormNetwork([2, 4, 4, 2], seed=3)
    start = model.copy()
    start.training = True
    grads = start.gradients(X, Y).values
    lu.fit(model, X, Y, lu.GradientDescent(0.3), epochs=1)
    for p, q, g in zip(model.trainable(), start.trainable(), grads):
        assert np.allclose(p.value, q.value - 0.3 * g, rtol=1e-13, atol=1e-15)


# --- bad input -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [0, -1e-5, float("nan"), float("inf")])
def test_eps_must_be_positive(eps):
    with pytest.raises(ValueError, match="ε"):
        lu.BatchNormNetwork([2, 3, 2], eps=eps)


@pytest.mark.parametrize("momentum", [0, -0.1, 1.5])
def test_momentum_in_zero_one(momentum):
    with pytest.raises(ValueError, match="momentum"):
        lu.BatchNormNetwork([2, 3, 2], momentum=momentum)


def test_bad_input_in_the_lectures_terms():
    X, Y = lu.higham_data()
    with pytest.raises(ValueError, match="hidden layers"):
        lu.BatchNormNetwork([2, 2])
    model = lu.BatchNormNetwork([2, 3, 2])
    model.training = True
    with pytest.raises(ValueError, match="at least 2 samples"):
        model.output(X[:, 0])
    with pytest.raises(ValueError, match="n_1"):
        model.output(X.T)
    with pytest.raises(ValueError, match="transpose"):
        model.gradients(X.T, Y.T)
    with pytest.raises(KeyError, match="γ\\^\\[2\\]"):
        model.with_value("γ^[5]", (0,), 1.0)
    with pytest.raises(KeyError, match="no parameter"):
        model.gradients(X, Y)["b^[2]"]          # no bias before a normalisation
    with pytest.raises(ValueError, match="h must be"):
        lu.complex_step_gradients(model, X, Y, h=0)


def test_copy_is_independent():
    model = lu.BatchNormNetwork([2, 3, 3, 2], seed=0)
    other = model.copy()
    other.gamma[2][0] = 5.0
    other.running_mean[3][0] = 2.0
    other.W[2][0, 0] = 9.0
    assert model.gamma[2][0] == 1.0 and model.running_mean[3][0] == 0.0 and model.W[2][0, 0] != 9.0


# --- the exercise's checker ----------------------------------------------------------------------------------
def test_check_beta_gradient_accepts_the_right_answer_and_names_mistakes():
    X, Y = lu.higham_data()
    small = lu.BatchNormNetwork([2, 3, 3, 2], seed=0)
    small.training = True
    fp = small.forward(X)
    g = lu.sigma_prime(fp.u[3]) * (small.W[4].T @ (lu.sigma_prime(fp.z[4]) * (fp.a[4] - Y) / 10))
    right = g.sum(axis=1)                                # (BN5), computed from scratch
    assert lu.check_beta_gradient(small, X, Y, 3, right)
    assert not lu.check_beta_gradient(small, X, Y, 3, None)
    assert "N times too large" in repr(lu.check_beta_gradient(small, X, Y, 3, 10 * right))
    scaled = small.copy()
    scaled.gamma[3][:] = 2.0                             # γ = 1 at the start hides that slip; γ = 2 shows it
    exact = scaled.gradients(X, Y)["β^[3]"]
    assert "γ multiplies ẑ" in repr(lu.check_beta_gradient(scaled, X, Y, 3, 2.0 * exact))
    delta_sum = small.gradients(X, Y).delta[3].sum(axis=1) / 10
    assert not lu.check_beta_gradient(small, X, Y, 3, delta_sum)
    with pytest.raises(KeyError, match="hidden layer"):
        lu.check_beta_gradient(small, X, Y, 4, right)
    small.training = False
    with pytest.raises(ValueError, match="training mode"):
        lu.check_beta_gradient(small, X, Y, 3, right)


@pytest.mark.parametrize("training", [True, False])
def test_a_linear_output_layer_as_in_notebook_12(training):
    """Network(output="linear") carries over: a^[L] = z^[L] and (22) without σ', checked by complex step."""
    rng = np.random.default_rng(4)
    model = lu.BatchNormNetwork([2, 3, 3, 1], seed=4, output="linear")
    model.training = training
    X, Y = rng.normal(size=(2, 5)), 3.0 * rng.normal(size=(1, 5))
    fp = model.forward(X)
    assert np.array_equal(fp.a[4], fp.z[4])
    assert lu.gradient_error(model, X, Y) < NET_TOL


def test_fit_records_the_models_own_delta():
    """fit(record_deltas=True) reads ‖δ^[l]‖ from the model's own gradients (not from Lemma 1 on its W alone): the
    record before training equals delta_norm_profile in evaluation mode, for batch normalisation and residuals."""
    X, Y = lu.higham_data()
    for model in (lu.BatchNormNetwork([2, 4, 4, 2], seed=1), lu.ResidualNetwork([2, 4, 4, 4, 2], seed=1)):
        model.training = False
        before = lu.delta_norm_profile(model, X, Y)
        history = lu.fit(model, X, Y, lu.GradientDescent(0.1), epochs=2, record_deltas=True)
        recorded = np.array([history.delta_norm[l][0] for l in range(2, model.L + 1)])
        assert np.allclose(recorded, before, rtol=1e-12)
