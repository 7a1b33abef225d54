"""Residual connections (lecture_utils.residual) against independent references: the gradient of the whole
network against complex-step derivatives to rounding (hypothesis over widths, depths and batches), the backward
step (RC2) against a complex step in a^[l−1], the network without residual layers against lu.Network, and bad input
(widths that do not allow a residual connection) in the lecture's terms."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lecture_utils as lu

TOL = 1e-11          # rounding level for these small computations (typically 1e-15)

shapes = st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 4),
                   st.sampled_from(["sigmoid", "tanh"]), st.integers(0, 2**31 - 1))


@settings(max_examples=30, deadline=None)
@given(shapes)
def test_gradient_against_complex_step(shape):
    n1, width, hidden, nL, N, activation, seed = shape
    rng = np.random.default_rng(seed)
    model = lu.ResidualNetwork([n1] + [width] * hidden + [nL], seed=seed, activation=activation)
    X, Y = rng.normal(size=(n1, N)), rng.uniform(size=(nL, N))
    assert lu.gradient_error(model, X, Y) < TOL
    assert lu.gradient_error(model, X[:, 0], Y[:, 0]) < TOL              # one sample, C of (18)


def test_backward_step_rc2_against_complex_step_in_a():
    """∂C/∂a^[l−1] of (RC2) against a complex step in each entry of a^[l−1], the layers above fixed."""
    rng = np.random.default_rng(0)
    n, W, b = 4, rng.normal(size=(4, 4)), rng.normal(size=4)
    W_out, y = rng.normal(size=(2, 4)), rng.uniform(size=2)

    def cost(a_prev):                   # a^[l] = a^[l−1] + σ(W a^[l−1] + b), then an ordinary output layer
        a = lu.residual_layer(a_prev, W @ a_prev + b, lu.sigma)
        return 0.5 * np.sum((lu.sigma(W_out @ a) - y) ** 2)

    a_prev = rng.uniform(size=n)
    a = lu.residual_layer(a_prev, W @ a_prev + b, lu.sigma)
    delta_out = lu.output_error(W_out @ a, lu.sigma(W_out @ a), y)
    error = W_out.T @ delta_out                                           # ∂C/∂a^[l]
    delta = lu.residual_delta(error, W @ a_prev + b, lu.sigma_prime)      # (RC3)
    reference = np.array([np.imag(cost(a_prev + 1j * 1e-30 * e)) / 1e-30 for e in np.eye(n)])
    assert lu.relative_error(lu.residual_step(error, delta, W), reference) < TOL


def test_without_residual_layers_it_is_the_plain_network():
    """L = 3 has no layer 3..L−1: the residual network is lu.Network, output and Lemma 1 alike."""
    X, Y = lu.higham_data()
    net, model = lu.Network([2, 5, 2], seed=1), lu.ResidualNetwork([2, 5, 2], seed=1)
    assert np.array_equal(model.output(X), net.output(X))
    g, ref = model.gradients(X, Y), net.gradients(X, Y)
    for l in (2, 3):
        assert np.array_equal(g.delta[l], ref.delta[l])
        assert np.array_equal(g[f"W^[{l}]"], ref.dW[l]) and np.array_equal(g[f"b^[{l}]"], ref.db[l])


def test_zero_residual_weights_pass_the_error_through_unchanged():
    """With W^[l] = 0 in the residual layers, (RC2) leaves ∂C/∂a^[l] unchanged from layer L−1 down to layer 2."""
    X, Y = lu.higham_data()
    model = lu.ResidualNetwork([2, 6, 6, 6, 6, 2], seed=3)
    for l in range(3, 6):
        model.W[l][:] = 0.0
    g, fp = model.gradients(X, Y), model.forward(X)
    error = model.W[6].T @ g.delta[6]
    assert np.allclose(g.delta[2], lu.sigma_prime(fp.z[2]) * error, rtol=1e-14, atol=0)
    plain = lu.Network([2, 6, 6, 6, 6, 2], seed=3)
    for l in range(3, 6):
        plain.W[l][:] = 0.0
    assert np.abs(plain.gradients(X, Y).delta[2]).max() == 0.0          # no identity path: nothing gets through


def test_same_parameters_as_the_plain_network_and_trains_in_fit():
    X, Y = lu.higham_data()
    model, net = lu.ResidualNetwork([2, 4, 4, 2], seed=2), lu.Network([2, 4, 4, 2], seed=2)
    assert all(np.array_equal(model.W[l], net.W[l]) and np.array_equal(model.b[l], net.b[l]) for l in (2, 3, 4))
    start, grads = model.copy(), model.gradients(X, Y).values
    h = lu.fit(model, X, Y, lu.GradientDescent(0.2), epochs=1)
    for p, q, g in zip(model.trainable(), start.trainable(), grads):
        assert np.allclose(p.value, q.value - 0.2 * g, rtol=1e-13, atol=1e-15)
    assert h.cost[1] < h.cost[0]
    h1 = lu.fit(lu.ResidualNetwork([2, 4, 4, 2], seed=2), X, Y, lu.GradientDescent(0.2), 5, batch_size=3, seed=1)
    h2 = lu.fit(lu.ResidualNetwork([2, 4, 4, 2], seed=2), X, Y, lu.GradientDescent(0.2), 5, batch_size=3, seed=1)
    assert np.array_equal(h1.cost, h2.cost)


def test_delta_norm_profile_is_delta_norm_by_layer_for_a_network():
    X, Y = lu.higham_data()
    net = lu.Network([2] + [20] * 8 + [2], seed=0)
    assert np.allclose(lu.delta_norm_profile(net, X, Y), lu.delta_norm_by_layer(net, X, Y), rtol=1e-14)


@pytest.mark.parametrize("sizes, named", [([2, 5, 4, 2], "n_2 = 5 and n_3 = 4"),
                                          ([2, 5, 5, 6, 5, 2], "n_3 = 5 and n_4 = 6")])
def test_unequal_widths_refused_in_the_lectures_terms(sizes, named):
    with pytest.raises(ValueError, match=named):
        lu.ResidualNetwork(sizes)


def test_other_bad_input():
    with pytest.raises(ValueError, match="L >= 3"):
        lu.ResidualNetwork([2, 2])
    model = lu.ResidualNetwork([2, 3, 3, 2])
    X, Y = lu.higham_data()
    with pytest.raises(ValueError, match="transpose"):
        model.gradients(X.T, Y.T)
    with pytest.raises(ValueError, match="each input needs exactly one target"):
        model.gradients(X, Y[:, :3])
    with pytest.raises(KeyError, match="no parameter"):
        model.with_value("γ^[2]", (0,), 1.0)


@pytest.mark.parametrize("output", ["linear", "tanh"])
def test_an_output_layer_of_its_own_as_in_notebook_12(output):
    """Network(output=...) carries over: layer L uses its own activation forward and in (22), checked by complex step."""
    rng = np.random.default_rng(3)
    model = lu.ResidualNetwork([2, 3, 3, 3, 2], seed=3, output=output)
    X, Y = rng.normal(size=(2, 4)), 3.0 * rng.normal(size=(2, 4))
    plain = lu.Network([2, 3, 3, 3, 2], seed=3, output=output)
    assert model.output_activation is plain.output_activation
    assert lu.gradient_error(model, X, Y) < TOL
