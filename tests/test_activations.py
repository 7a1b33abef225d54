"""σ (1) and σ' (2), and the alternatives tanh and ReLU, against closed forms and complex-step derivatives."""
import warnings

import numpy as np
import pytest

import lecture_utils as lu

Z = np.linspace(-8, 8, 33)


def complex_step_derivative(f, z, h=1e-30):
    """f'(z) = Im f(z + ih) / h: exact to rounding, since no difference of nearby values is taken."""
    return np.imag(f(z + 1j * h)) / h


def test_sigma_closed_form():
    assert lu.sigma(0.0) == 0.5
    np.testing.assert_allclose(lu.sigma(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15)
    np.testing.assert_allclose(lu.sigma(-Z), 1 - lu.sigma(Z), rtol=0, atol=2e-16)  # 1 − σ rounds to 1e-16


@pytest.mark.parametrize("z", [1e4, -1e4, 800.0, -800.0, 709.8, -709.8])
def test_sigma_and_sigma_prime_have_no_overflow_or_nan_in_the_tails(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ds = lu.sigma(np.array([z])), lu.sigma_prime(np.array([z]))
    assert s.dtype == np.float64 and ds.dtype == np.float64
    assert np.isfinite(s).all() and np.isfinite(ds).all()
    assert s[0] == (1.0 if z > 0 else pytest.approx(0.0, abs=1e-300))
    assert 0.0 <= ds[0] < 1e-300


def test_sigma_prime_is_eq_2_and_accurate_in_both_tails():
    np.testing.assert_allclose(lu.sigma_prime(Z), lu.sigma(Z) * (1 - lu.sigma(Z)), rtol=1e-12)
    # σ'(40) = e^{-40}/(1 + e^{-40})²: σ(1 − σ) would round to 0 here, σ(z)σ(−z) does not.
    np.testing.assert_allclose(lu.sigma_prime(40.0), np.exp(-40.0), rtol=1e-12)
    assert lu.sigma_prime(0.0) == 0.25


@pytest.mark.parametrize("f, fprime", [(lu.sigma, lu.sigma_prime), (lu.tanh, lu.tanh_prime)])
def test_derivatives_against_complex_step(f, fprime):
    np.testing.assert_allclose(fprime(Z), complex_step_derivative(f, Z), rtol=1e-13, atol=1e-300)


def test_relu_derivative_against_complex_step_away_from_the_kink():
    z = Z[np.abs(Z) > 1e-3]
    np.testing.assert_allclose(lu.relu_prime(z), complex_step_derivative(lu.relu, z), rtol=0, atol=0)


@pytest.mark.parametrize("name", sorted(lu.ACTIVATIONS))
def test_derivative_written_through_the_output(name):
    act = lu.ACTIVATIONS[name]
    z = Z[np.abs(Z) > 1e-3]
    np.testing.assert_allclose(act.prime_from_output(act.f(z)), act.prime(z), rtol=1e-9, atol=1e-15)


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'softplus'; known: sigmoid, tanh, relu"):
        lu.Network([2, 2], activation="softplus")


# --- every activation through every path: one record carries all an activation needs ---------------------------
SOFTPLUS = lu.Activation("softplus", lambda z: np.log(1 + np.exp(z)), lu.sigma, lambda a: 1 - np.exp(-a),
                         prime_max=1.0)
"""Softplus, log(1 + e^z), whose derivative is σ: an activation that is not registered and has no fast scalar
kernel. The record passed to Network is all it needs on every path."""
EVERY_ACTIVATION = [*lu.ACTIVATIONS.values(), SOFTPLUS]


@pytest.fixture(params=EVERY_ACTIVATION, ids=lambda a: a.name)
def act(request):
    return request.param


def test_every_activation_s_record_is_complete(act):
    assert callable(act.f) and callable(act.prime) and callable(act.prime_from_output)
    z = np.linspace(-3, 3, 13) + 0.01
    assert np.all(np.abs(act.prime(z)) <= act.prime_max + 1e-15)       # the bound notebook 14 uses
    np.testing.assert_allclose(act.prime_from_output(act.f(z)), act.prime(z), rtol=1e-9, atol=1e-15)
    if act.scalar is not None:
        f, prime_from_output = act.scalar
        np.testing.assert_allclose([f(v) for v in z], act.f(z), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose([prime_from_output(float(a)) for a in act.f(z)], act.prime(z), rtol=1e-9,
                                   atol=1e-15)


def test_every_activation_through_forward_lemma_1_and_complex_step(act):
    net = lu.Network([2, 3, 4, 2], seed=5, activation=act)
    X, Y = lu.higham_data()
    fp = net.forward(X)
    np.testing.assert_allclose(fp.a[3], act.f(fp.z[3]))
    assert lu.relative_error(net.gradients(X, Y).dW[2], lu.numerical_gradients(net, X, Y).dW[2]) < 1e-9


def test_every_activation_through_both_sgd_kernels_and_the_pseudocode(act):
    X, Y = lu.higham_data()
    small, big = lu.Network([2, 3, 2], seed=2, activation=act), lu.Network([2, 8, 2], seed=2, activation=act)
    for net in (small, big):
        literal = net.copy()
        lu.sgd(net, X, Y, eta=0.05, n_iter=200, seed=4)
        lu.sgd_pseudocode(literal, X, Y, eta=0.05, n_iter=200, seed=4)
        for l in (2, 3):
            np.testing.assert_allclose(net.W[l], literal.W[l], rtol=1e-11, atol=1e-13)


def test_every_activation_through_the_vanishing_bound(act):
    X, Y = lu.higham_data()
    net = lu.Network([2, 4, 4, 4, 2], seed=1, activation=act)
    bound, measured = lu.delta_bound(net, X, Y), lu.delta_norm_by_layer(net, X, Y)
    assert np.all(np.isfinite(bound)) and np.all(measured <= bound * (1 + 1e-12))


def test_every_activation_through_the_weight_explorer_s_readout(act):
    net, X, Y = lu.figure6_example()
    net = lu.Network(lu.FIGURE6_SIZES, seed=6, activation=act)
    r = lu.readout(net, X[:, 0], Y[:, 0], 3, 4, 3)
    assert r.error < 1e-6 and r.backprop == pytest.approx(float(r.delta[0] * r.a[0]), rel=1e-12)
