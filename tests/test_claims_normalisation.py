"""Every number and property notebook 18 (and its solutions) states, computed here by the same library calls with
the notebook's seeds, sizes and learning rates, with the notebook's own thresholds."""
import numpy as np
import pytest

import lecture_utils as lu

SEED = 0                               # the notebook's SEED
SIZES = [2] + [20] * 8 + [2]           # notebook 14's network
EPOCHS = 500


@pytest.fixture(scope="module")
def data():
    return lu.higham_data()


@pytest.fixture(scope="module")
def profiles(data):
    X, Y = data
    bn = lu.BatchNormNetwork(SIZES, seed=SEED)
    bn.training = True
    return {"plain": lu.delta_norm_profile(lu.Network(SIZES, seed=SEED), X, Y),
            "batch normalisation": lu.delta_norm_profile(bn, X, Y),
            "residual": lu.delta_norm_profile(lu.ResidualNetwork(SIZES, seed=SEED), X, Y)}, bn


@pytest.fixture(scope="module")
def histories(data):
    X, Y = data
    runs = {"plain": (lu.Network(SIZES, seed=SEED), 3.0),
            "batch normalisation": (lu.BatchNormNetwork(SIZES, seed=SEED), 3.0),
            "residual": (lu.ResidualNetwork(SIZES, seed=SEED), 0.1)}
    return {k: (lu.fit(m, X, Y, lu.GradientDescent(eta), epochs=EPOCHS), m) for k, (m, eta) in runs.items()}


def test_toy_batch_variances():
    """"its variance after (BN3) is 0.9989; the other two print as 1"; σ² = 0.0095 for the second neuron."""
    rng = np.random.default_rng(SEED)
    z = np.array([[3.0], [-1.0], [0.5]]) + np.array([[2.0], [0.1], [1.0]]) * rng.standard_normal((3, 5))
    mu = lu.batch_mean(z)
    var = lu.batch_variance(z, mu)
    z_hat = lu.normalise(z, mu, var, eps=1e-5)
    v = lu.batch_variance(z_hat, lu.batch_mean(z_hat))
    assert f"{var[1]:.4f}" == "0.0095" and f"{v[1]:.4f}" == "0.9989"
    assert f"{v[0]:.4f}" == "1.0000" and f"{v[2]:.4f}" == "1.0000"


def test_ratios(profiles):
    """‖δ^[2]‖/‖δ^[10]‖: 0.0016 plain, 71 with batch normalisation, 0.72 residual."""
    norms = profiles[0]
    ratio = {k: v[0] / v[-1] for k, v in norms.items()}
    assert f"{ratio['plain']:.2g}" == "0.0016"
    assert f"{ratio['batch normalisation']:.2g}" == "71"
    assert f"{ratio['residual']:.2g}" == "0.72"


def test_batch_normalisation_errors_grow_where_z_spreads_least(profiles):
    """"layer 2 ... spread by only 0.14 (those of layers 3 to 9 by 0.42 to 0.56), and ‖δ^[2]‖ is about ten times
    ‖δ^[3]‖; from layer 9 back to layer 3 the factor per layer is between 0.9 and 2.2"; "they grow"."""
    (norms, bn), X = profiles, lu.higham_data()[0]
    spread = np.array([np.sqrt(np.mean(bn.forward(X).var[l])) for l in range(2, 10)])
    assert round(spread[0], 2) == 0.14 and 0.42 <= spread[1:].min() and spread[1:].max() < 0.565
    factors = norms["batch normalisation"][:-1] / norms["batch normalisation"][1:]     # l = 2..9
    assert 9 < factors[0] < 11
    assert 0.9 <= factors[1:].min() and factors[1:].max() <= 2.2
    assert norms["batch normalisation"][0] > norms["batch normalisation"][-1]


def test_residual_errors_stay_level(profiles):
    """"from layer 9 back to layer 2 they grow by less than a factor 7"; "the one drop, from layer 10 to 9"."""
    r = profiles[0]["residual"]                  # l = 2..10
    levels = r[:-1]                              # l = 2..9
    assert levels.max() / levels.min() < 7
    assert np.all(np.diff(levels) < 0)           # growing going back, l = 9 → 2
    assert r[-1] > r[-2]                         # the drop from 10 to 9
    assert profiles[0]["plain"][0] / profiles[0]["plain"][-1] < 1e-2


def test_training_speed(histories):
    """"Batch normalisation takes Cost (9) below 0.01 by epoch 48 and puts all ten points right; the plain network
    stays on notebook 14's plateau at 0.25"; residual: "falls from 0.46 to the plateau near 0.25 and is still 0.24
    after 500 epochs"."""
    h = histories["batch normalisation"][0]
    assert int(h.epoch[h.cost < 0.01][0]) == 48 and np.all(h.cost[48:] < 0.01)
    assert h.accuracy[-1] == 1.0
    plain = histories["plain"][0]
    assert np.all(plain.cost[1:] > 0.2499) and f"{plain.cost[-1]:.2g}" == "0.25" and np.all(plain.cost >= 0.01)
    res = histories["residual"][0]
    assert f"{res.cost[0]:.2f}" == "0.46" and f"{res.cost[-1]:.2g}" == "0.24" and np.all(res.cost >= 0.01)
    assert np.all(np.abs(res.cost[100:] - 0.25) < 0.015)       # near the plateau


@pytest.mark.parametrize("eta", [1.0, 3.0])
def test_residual_large_eta_saturates(data, eta):
    """"a larger η, 1 or 3, drives its outputs into saturation at Cost (9) = 0.5"."""
    X, Y = data
    model = lu.ResidualNetwork(SIZES, seed=SEED)
    h = lu.fit(model, X, Y, lu.GradientDescent(eta), epochs=EPOCHS)
    assert f"{h.cost[-1]:.3f}" == "0.500"
    a = model.output(X)
    assert np.all((a < 0.01) | (a > 0.99))


def test_residual_activations_grow_and_saturate(data):
    """"The mean activation rises by 0.45 per layer on average, from 0.45 to 3.6, and rms σ' falls from 0.23 to
    below 0.06"; "each residual layer adds to a^[l]"."""
    X, _ = data
    fp = lu.ResidualNetwork(SIZES, seed=SEED).forward(X)
    mean = np.array([fp.a[l].mean() for l in range(2, 10)])
    assert np.all(np.diff(mean) > 0)
    assert round(mean[0], 2) == 0.45 and round(mean[-1], 1) == 3.6 and round((mean[-1] - mean[0]) / 7, 2) == 0.45
    rms = np.array([np.sqrt(np.mean(lu.sigma_prime(fp.z[l]) ** 2)) for l in range(2, 11)])
    assert round(rms[0], 2) == 0.23 and rms[-2:].max() < 0.06


def test_running_statistics(data, histories):
    """"μ_run against μ ... below 1e-3"; the first point's output moves by 0.003 in training mode; in evaluation
    mode the same to rounding."""
    X, _ = data
    trained = histories["batch normalisation"][1].copy()
    trained.training = True
    batch = trained.forward(X)
    assert lu.relative_error(trained.running_mean[2], batch.mu[2]) < 1e-3
    assert lu.relative_error(trained.running_var[2], batch.var[2]) < 1e-3
    moved = np.abs(trained.output(X)[:, 0] - trained.output(X[:, :5])[:, 0]).max()
    assert f"{moved:.2g}" == "0.003"
    trained.training = False
    moved = np.abs(trained.output(X)[:, 0] - trained.output(X[:, :5])[:, 0]).max()
    assert moved / np.abs(trained.output(X)[:, 0]).max() < 1e-13


def test_checks_agree_to_rounding(data):
    """The notebook's three checks print "below 1e-13 (agreement to rounding)"."""
    X, Y = data
    checked = lu.BatchNormNetwork([2] + [6] * 4 + [2], seed=SEED)
    checked.training = True
    assert lu.gradient_error(checked, X, Y) < 1e-13
    assert lu.gradient_error(lu.ResidualNetwork([2] + [6] * 4 + [2], seed=SEED), X, Y) < 1e-13
