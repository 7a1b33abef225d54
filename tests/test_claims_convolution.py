"""Every claim notebook 19 (convolution) and its solutions make about their numbers and figures, computed by the same
lu calls with the same settings and seeds: the three backward rules agree with the complex step to rounding; weight
sharing (at most 9 of the 36 positions contribute, and their terms sum to the kernel weight's gradient); the digits
CNN's test accuracy (at least 98%, at least the dense network's) with about a third of its parameters (810 against
2260); what the learned kernels 2, 4 and 6 look like; and the solutions' parameter counts and the network without
pooling. test_the_notebook_runs_these_settings ties the settings below to the notebook's source."""
import json
import pathlib

import numpy as np
import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = 0
CNN = dict(image=(1, 8, 8), conv=[(8, 3)], dense=[10], pool=True, seed=SEED)
FIT = dict(epochs=30, batch_size=10, seed=SEED)
ETA = 0.3


def sources(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_the_notebook_runs_these_settings():
    text = sources("19_convolution.ipynb")
    assert text.count("lu.ConvNetwork(image=(1, 8, 8), conv=[(8, 3)], dense=[10], pool=True, seed=SEED)") == 4
    assert "lu.fit(cnn, X, Y, lu.GradientDescent(eta=0.3), epochs=30, batch_size=10, seed=SEED," in text
    assert 'lu.Network([64, 30, 10], seed=SEED, cost="cross_entropy", init="xavier")' in text
    assert "lu.train(dense, X, Y, eta=0.3, epochs=30, batch_size=10, seed=SEED)" in text
    assert "SEED = 0" in text and "lu.digits_data(n_test=450, seed=SEED)" in text
    solutions = sources("solutions/19_convolution_solutions.ipynb")
    assert "lu.fit(flat, X, Y, lu.GradientDescent(eta=0.3), epochs=30, batch_size=10, seed=SEED)" in solutions


@pytest.fixture(scope="module")
def digits():
    return lu.digits_data(n_test=450, seed=SEED)


@pytest.fixture(scope="module")
def trained(digits):
    X, Y, _, X_test, Y_test, _ = digits
    cnn = lu.ConvNetwork(**CNN)
    lu.fit(cnn, X, Y, lu.GradientDescent(eta=ETA), validation=(X_test, Y_test), **FIT)
    dense = lu.Network([64, 30, 10], seed=SEED, cost="cross_entropy", init="xavier")
    lu.train(dense, X, Y, eta=ETA, **FIT)
    return cnn, dense


def test_the_small_example_z_entry_by_hand():
    rng = np.random.default_rng(SEED)
    a1 = rng.uniform(0, 1, (2, 5, 5))
    K2, b2 = rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    z2 = lu.conv_weighted_input(K2, b2, a1)
    assert z2.shape == (3, 3, 3)
    assert f"{z2[1, 0, 2]:.4f}" == f"{np.sum(K2[1] * a1[:, 0:3, 2:5]) + b2[1]:.4f}"


def test_each_backward_rule_agrees_with_the_complex_step_to_rounding():
    """As the notebook: 'below 1e-13 (agreement to rounding)' for δ^[2], ∂C/∂K^[l] and ∂C/∂b^[l], l = 2, 3."""
    rng = np.random.default_rng(SEED)
    rng.uniform(0, 1, (2, 5, 5)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)   # the cell before
    small = lu.ConvNetwork(image=(2, 6, 6), conv=[(3, 3), (2, 2)], dense=[4], pool=False, seed=SEED)
    x, y = rng.uniform(0, 1, 72), lu.one_hot([2], 4)[:, 0]
    g = small.gradients(x, y)
    z2 = small.forward(x).z[2][..., 0]
    errors = [lu.relative_error(g.delta[2], lu.complex_step_gradient(lambda z: small.cost_from(2, z, x, y), z2))]
    for l in (2, 3):
        errors.append(lu.relative_error(g.dK[l], lu.complex_step_gradient(
            lambda K: small.cost_with("K", l, K, x, y), small.K[l])))
        errors.append(lu.relative_error(g.db[l], lu.complex_step_gradient(
            lambda b: small.cost_with("b", l, b, x, y), small.b[l])))
    assert max(errors) < lu.ROUNDING


def test_weight_sharing_at_most_9_positions_and_the_sum_is_the_gradient(digits):
    X, Y = digits[0], digits[1]
    cnn = lu.ConvNetwork(**CNN)
    x, y = X[:, 0], Y[:, 0]
    assert digits[2][0] == 0                                           # "a handwritten 0"
    g, fp = cnn.gradients(x, y), cnn.forward(x)
    terms = lu.weight_sharing_terms(g.delta[2], fp.a[1][..., 0], c=1, c_in=1, p=2, q=2)
    assert terms.shape == (6, 6)
    assert 0 < np.count_nonzero(g.delta[2][0]) <= 9                   # max pooling: one per 2 × 2 block
    assert all(np.count_nonzero(g.delta[2][c]) <= 9 for c in range(8))
    assert np.count_nonzero(terms) == 8                                # the notebook prints "8 of 36"
    assert f"{terms.sum():.4g}" == f"{g.dK[2][0, 0, 1, 1]:.4g}"
    assert abs(terms.sum() - g.dK[2][0, 0, 1, 1]) < 1e-12


def test_cnn_reaches_98_percent_and_at_least_the_dense_network_with_a_third_of_the_parameters(digits, trained):
    X_test, Y_test = digits[3], digits[4]
    cnn, dense = trained
    acc_cnn, acc_dense = lu.accuracy(cnn, X_test, Y_test), lu.accuracy(dense, X_test, Y_test)
    assert acc_cnn >= 0.98 and acc_cnn >= acc_dense
    assert (cnn.n_parameters, dense.n_parameters) == (810, 2260) == (8 * 10 + 10 * 73, 30 * 65 + 10 * 31)
    assert 0.3 < cnn.n_parameters / dense.n_parameters < 0.4           # "about a third"
    assert f"{acc_cnn:.1%}" == "98.9%" and f"{acc_dense:.1%}" == "98.7%"


def test_the_learned_kernels_4_and_6_are_stroke_edges_and_kernel_2_barely_moved(digits, trained):
    X = digits[0]
    cnn, _ = trained
    K4, K6 = cnn.K[2][3, 0], cnn.K[2][5, 0]
    assert (K6[0] > 0).all() and (K6[2] < 0).all()                    # red top row, blue bottom row
    assert (K4[0] < 0).all() and (K4[2] > 0).all()                    # the other way round
    start = lu.ConvNetwork(**CNN)
    K2 = cnn.K[2][1, 0]
    assert np.count_nonzero(K2 >= 0) == 1                             # every entry but one negative
    assert cnn.forward(X).z[2][1].max() < 0.1                      # z^[2]_2 below 0.1 for every digit
    assert np.abs(K2 - start.K[2][1, 0]).max() < 0.1                  # no entry moved by more than 0.1
    assert np.argmin(np.abs(cnn.K[2]).max(axis=(1, 2, 3))) == 1          # "pale": the smallest largest entry


def test_solutions_parameter_counts_and_the_network_without_pooling(digits, trained):
    assert 16 * (8 * 3 * 3 + 1) == 1168 and 256 * (288 + 1) == 73984 and 73984 / 1168 > 60
    X, Y, _, X_test, Y_test, _ = digits
    flat = lu.ConvNetwork(**{**CNN, "pool": False})
    lu.fit(flat, X, Y, lu.GradientDescent(eta=ETA), **FIT)
    assert flat.n_parameters == 2970 and flat.K[2].size + flat.b[2].size == 80
    acc_flat, acc_pool = lu.accuracy(flat, X_test, Y_test), lu.accuracy(trained[0], X_test, Y_test)
    assert abs(acc_flat - acc_pool) <= 0.01                           # "the accuracy changes little"
