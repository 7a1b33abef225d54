"""Each instructor scenario shows the phenomenon it names: checked on its numbers, then on its widget."""
import numpy as np
import pytest

import lecture_utils as lu


def norms(s):
    return lu.delta_norms(s.net, s.X, s.Y)


def test_figure6_is_omega_43_of_layer_3_on_the_4_3_4_5_2_network():
    s = lu.scenario("figure6")
    assert s.net.sizes == (4, 3, 4, 5, 2) and s.X.shape == (4, 10)
    w = s.widget()
    assert w.weight == (3, 4, 3)


def test_vanishing_early_layers_get_tiny_errors():
    s = lu.scenario("vanishing")
    n = norms(s)
    assert s.net.L == 10 and s.net.activation.name == "sigmoid"
    assert n[2] / n[10] < 1e-3
    assert "about 1e-5" in s.shows and 3e-6 < n[2] / n[10] < 3e-5
    assert 0.2 < lu.decay_per_layer(list(n.values())) < 0.3 and 0.2 < lu.decay_estimate(s.net, s.X, s.Y) < 0.3
    assert np.all(np.abs(lu.rms_prime(s.net, s.X) - 0.22) < 0.02)       # the description's 0.22


def test_exploding_early_layers_get_huge_errors_and_the_first_steps_wreck_the_network():
    s = lu.scenario("exploding")
    n = norms(s)
    assert n[2] / n[10] > 1e2
    lu.sgd(s.net, s.X, s.Y, 0.05, 2000, seed=0, record_every=200)
    after = norms(s)
    assert after[2] == 0.0 and after[10] > 0  # a silenced ReLU layer passes no error back
    assert len(set(s.net.predict(s.X))) == 1 and abs(s.net.cost(s.X, s.Y) - np.log(2)) < 0.05


def test_saturated_output_has_wrong_answers_and_tiny_output_errors():
    s = lu.scenario("saturated_output")
    z = s.net.forward(s.X).z[4]
    assert lu.sigma_prime(z).max() < 0.005
    assert (s.net.predict(s.X) != lu.categories(s.Y)).sum() == 5
    fresh = lu.Network([2, 2, 3, 2], seed=0)
    assert norms(s)[4] < norms(lu.Scenario("", "", fresh, s.X, s.Y, None, ()))[4] / 10


def test_too_large_eta_diverges_with_a_message():
    s = lu.scenario("too_large_eta")
    w = s.widget()
    assert w.eta.value == 100.0
    with pytest.raises(lu.DivergenceError, match="too large"):
        lu.sgd(s.net, s.X, s.Y, 100.0, 20_000, seed=0, record_every=500)


def test_scenarios_are_fresh_each_time():
    a = lu.scenario("vanishing")
    a.net.W[2][:] = 0.0
    assert not np.all(lu.scenario("vanishing").net.W[2] == 0.0)


@pytest.mark.parametrize("name", sorted(lu.SCENARIOS))
def test_locked_controls(name):
    s = lu.scenario(name)
    free, locked = s.widget(), s.widget(locked=True)
    assert s.locks and all(getattr(locked, c).disabled for c in s.locks)
    assert not any(getattr(free, c).disabled for c in s.locks if c not in ("cost", "sample"))
    assert s.name in repr(s)


def test_unknown_scenario_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown scenario 'exploded'; known: figure6, vanishing, exploding"):
        lu.scenario("exploded")
