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
