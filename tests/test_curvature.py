"""The curvature h of (LR2) for a network (notebook 13): the Hessian of Cost (9) against an independent reference
(complex-step derivatives of the cost itself, no Lemma 1), its largest eigenvalue, gradient descent watched along
its eigenvector, and every number notebook 13 states about the trained 2-2-3-2 network."""
import numpy as np
import pytest

import lecture_utils as lu


@pytest.fixture(scope="module")
def data():
    return lu.higham_data()


@pytest.fixture(scope="module")
def trained(data):
    """Notebook 09's network after its 10^5 steps of (15): the trained network of notebook 13."""
    X, Y = data
    net = lu.Network([2, 2, 3, 2], seed=0)
    lu.sgd(net, X, Y, eta=0.05, n_iter=100_000, seed=0)
    return net


def hessian_by_complex_step(net, X, Y, delta=1e-4):
    """H_ij = ∂/∂p_i of ∂Cost/∂p_j: the inner derivative by complex step on the cost (exact to rounding), the
    outer one by central differences of it. Independent of Lemma 1 and of lu.hessian."""
    p, names = lu.parameter_vector(net), lu.parameters(net)
    H = np.empty((p.size, p.size))
    for i in range(p.size):
        step = np.zeros_like(p)
        step[i] = delta
        up, down = lu.with_parameters(net, p + step), lu.with_parameters(net, p - step)
        H[i] = [(lu.complex_step(up, X, Y, name) - lu.complex_step(down, X, Y, name)) / (2 * delta) for name in names]
    return H


def test_parameter_vector_follows_the_lecture_s_order_and_round_trips(data):
    X, Y = data
    net = lu.Network([2, 3, 2], seed=4)
    p = lu.parameter_vector(net)
    assert p.size == net.n_parameters == len(lu.parameters(net))
    values = [net.weight(*name) if len(name) == 3 else net.bias(*name) for name in lu.parameters(net)]
    np.testing.assert_array_equal(p, values)
    again = lu.with_parameters(net, p)
    np.testing.assert_array_equal(lu.parameter_vector(again), p)
    reference = [lu.complex_step(net, X, Y, name) for name in lu.parameters(net)]
    assert lu.relative_error(lu.gradient_vector(net, X, Y), reference) < 1e-12


@pytest.mark.parametrize("sizes, seed", [([2, 2, 3, 2], 0), ([2, 3, 2], 7), ([3, 4, 2], 2)])
def test_hessian_against_complex_step_of_the_cost(data, sizes, seed):
    X, Y = data
    if sizes[0] == 3:
        X = np.vstack([X, X[0] * X[1]])
    net = lu.Network(sizes, seed=seed)
    H = lu.hessian(net, X, Y)
    np.testing.assert_array_equal(H, H.T)
    assert lu.relative_error(H, hessian_by_complex_step(net, X, Y)) < 1e-6


def test_sharpness_is_the_largest_eigenvalue_with_its_unit_eigenvector(trained, data):
    X, Y = data
    h, v = lu.sharpness(trained, X, Y)
    H = lu.hessian(trained, X, Y)
    assert np.isclose(np.linalg.norm(v), 1)
    assert lu.relative_error(H @ v, h * v) < 1e-8
    assert h == pytest.approx(np.linalg.eigvalsh(H).max(), rel=1e-12)
    assert v[np.argmax(np.abs(v))] > 0


def test_notebook_09_the_trained_network_s_curvature(trained, data):
    X, Y = data
    h, _ = lu.sharpness(trained, X, Y)
    assert f"{trained.cost(X, Y):.5f}" == "0.00517"
    assert f"{h:.3f}" == "0.417" and f"{2 / h:.2f}" == "4.80"


@pytest.mark.parametrize("eta", [1.2, 3.6, 4.5, 5.5])
def test_notebook_09_the_component_along_v_follows_9_2_at_first(trained, data, eta):
    """The factor per epoch over the first five epochs is 1 − ηh to within 0.03, sign included."""
    X, Y = data
    h, v = lu.sharpness(trained, X, Y)
    run = lu.descent_along(trained, X, Y, eta, v, epochs=30)
    assert len(run.component) == 31
    assert np.median(run.ratios()[:5]) == pytest.approx(1 - eta * h, abs=0.03)
    signs = np.sign(run.component[:6])
    flips = np.all(signs[1:] == -signs[:-1])
    assert flips == (eta * h > 1)


def test_notebook_09_the_component_at_eta_5_5_grows_about_thirtyfold_in_eight_epochs(trained, data):
    X, Y = data
    h, v = lu.sharpness(trained, X, Y)
    c = np.abs(lu.descent_along(trained, X, Y, 5.5, v, epochs=30).component)
    assert 20 < c[:10].max() / c[0] < 45
    assert np.argmax(c[:12]) in (8, 9)


def test_notebook_09_the_sweep_from_the_trained_network(trained, data):
    X, Y = data
    runs = lu.eta_sweep(lambda: trained.copy(), X, Y, [0.25, 1.2, 3.6, 4.5, 5.5], epochs=1000, target=1e-3)
    assert [r.verdict for r in runs] == ["too slow", "too slow", "converged", "converged", "diverged"]
    assert runs[4].message.startswith("η = 5.5 diverged in epoch 9:")
    for run in runs[:4]:
        assert lu.cost_rises(run.history.cost) == 0      # "None of the converging runs ever rises"
    final = [run.history.cost[-1] for run in runs[:4]]
    assert final == sorted(final, reverse=True)                     # the larger η, the lower the end, up to 4.5


def test_notebook_09_the_plateau_from_the_random_start(data):
    X, Y = data
    runs = lu.eta_sweep(lambda: lu.Network([2, 2, 3, 2], seed=0), X, Y, [1, 3, 100], epochs=1000)
    assert [r.verdict for r in runs] == ["too slow", "too slow", "diverged"]
    assert all(r.history.cost[-1] > 0.1 for r in runs[:2])          # still on the plateau near 0.25 or above 0.1


def test_descent_along_and_with_parameters_refuse_bad_input(trained, data):
    X, Y = data
    with pytest.raises(ValueError, match="vector of the network's 23 weights and biases"):
        lu.with_parameters(trained, np.zeros(22))
    with pytest.raises(ValueError, match="not finite"):
        lu.with_parameters(trained, np.full(23, np.nan))
    with pytest.raises(ValueError, match="direction in the network's 23 parameters"):
        lu.descent_along(trained, X, Y, 1.0, np.zeros((23, 1)), epochs=3)
    with pytest.raises(ValueError, match="eta"):
        lu.descent_along(trained, X, Y, -1.0, np.zeros(23), epochs=3)


def test_descent_along_stops_in_words_when_the_gradient_overflows(data):
    X, Y = data
    net = lu.Network([2, 20, 2], seed=1, activation="relu", scale=3.0)
    with pytest.raises(ValueError, match="stopped being finite at η = 1e\\+300"):
        lu.descent_along(net, X, Y, 1e300, np.eye(net.n_parameters)[0], epochs=5)
