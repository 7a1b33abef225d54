"""Lemma 1, each equation on its own, against complex-step derivatives (exact to rounding) and central differences.

Tolerances: complex-step derivatives carry no cancellation error, so backpropagation must agree with them to a
relative error of 1e-10 (in practice about 1e-15). Central differences with h = 1e-6 carry truncation error
O(h²) and rounding error about 1e-16 / h, so 1e-6 relative is what float64 allows for them.
"""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu
from lecture_utils.cost import single_sample_cost

H = 1e-30
architectures = st.lists(st.integers(1, 5), min_size=2, max_size=5)
seeds = st.integers(0, 2**32 - 1)


def example(sizes, seed):
    """A network, one input x in [−1, 1]^{n_1} and one target y in [0, 1]^{n_L}, all from the seed."""
    net = lu.Network(sizes, seed=seed, scale=1.0)
    rng = np.random.default_rng(seed + 1)
    return net, rng.uniform(-1, 1, sizes[0]), rng.uniform(0, 1, sizes[-1])


def cost_from_layer(net, l, z_l, y):
    """C of (18) as a function of the weighted input z^[l] alone: a^[l] = σ(z^[l]), then (19), (20) onward."""
    a = lu.sigma(z_l)
    for m in range(l + 1, net.L + 1):
        a = lu.sigma(net.W[m] @ a + net.b[m])
    return single_sample_cost(a, y)


def dC_dz(net, fp, y, l):
    """δ^[l] by its definition (21), ∂C/∂z_j^[l], one complex step per neuron j."""
    z = fp.z[l].astype(complex)
    out = np.empty(len(z))
    for j in range(len(z)):
        e = np.zeros(len(z), complex)
        e[j] = 1j * H
        out[j] = np.imag(cost_from_layer(net, l, z + e, y)) / H
    return out


@settings(max_examples=40, deadline=None)
@given(architectures, seeds)
def test_eq22_output_error(sizes, seed):
    net, x, y = example(sizes, seed)
    fp = net.forward(x)
    L = net.L
    assert lu.relative_error(lu.output_error(fp.z[L], fp.a[L], y), dC_dz(net, fp, y, L)) <= 1e-10


@settings(max_examples=40, deadline=None)
@given(architectures.filter(lambda s: len(s) >= 3), seeds)
def test_eq23_one_backward_step(sizes, seed):
    net, x, y = example(sizes, seed)
    fp = net.forward(x)
    for l in range(2, net.L):  # (23) fed the exact δ^[l+1], compared with the exact δ^[l]
        stepped = lu.backward_step(net.W[l + 1], dC_dz(net, fp, y, l + 1), fp.z[l])
        assert lu.relative_error(stepped, dC_dz(net, fp, y, l)) <= 1e-10


@settings(max_examples=30, deadline=None)
@given(architectures, seeds)
def test_eq24_bias_gradient(sizes, seed):
    net, x, y = example(sizes, seed)
    fp = net.forward(x)
    for l in range(2, net.L + 1):
        exact = [lu.complex_step(net, x, y, (l, j)) for j in range(1, net.n(l) + 1)]
        assert lu.relative_error(lu.bias_gradient(dC_dz(net, fp, y, l)), exact) <= 1e-10


@settings(max_examples=30, deadline=None)
@given(architectures, seeds)
def test_eq25_weight_gradient_is_an_outer_product(sizes, seed):
    net, x, y = example(sizes, seed)
    fp = net.forward(x)
    for l in range(2, net.L + 1):
        exact = [[lu.complex_step(net, x, y, (l, j, k)) for k in range(1, net.n(l - 1) + 1)]
                 for j in range(1, net.n(l) + 1)]
        got = lu.weight_gradient(dC_dz(net, fp, y, l), fp.a[l - 1])
        assert got.shape == (net.n(l), net.n(l - 1))
        assert lu.relative_error(got, exact) <= 1e-10


@settings(max_examples=30, deadline=None)
@given(architectures, seeds)
def test_backpropagation_against_complex_step_and_central_differences(sizes, seed):
    net, x, y = example(sizes, seed)
    g = net.gradients(x, y)
    cs = lu.numerical_gradients(net, x, y, "complex_step")
    cd = lu.numerical_gradients(net, x, y, "central_difference")
    backprop = np.concatenate([g.dW[l].ravel() for l in g.dW] + [g.db[l] for l in g.db])
    complex_step = np.concatenate([cs.dW[l].ravel() for l in cs.dW] + [cs.db[l] for l in cs.db])
    central = np.concatenate([cd.dW[l].ravel() for l in cd.dW] + [cd.db[l] for l in cd.db])
    assert lu.relative_error(backprop, complex_step) <= 1e-10
    assert np.abs(backprop - central).max() <= 1e-6 * np.abs(backprop).max() + 1e-10


def test_a_wrong_backward_pass_is_caught():
    """The checks can fail: dropping σ' from (22) gives a relative error far above 1e-10."""
    net, x, y = example([2, 3, 2], 11)
    fp = net.forward(x)
    wrong = fp.a[3] - y
    assert lu.relative_error(wrong, dC_dz(net, fp, y, 3)) > 1e-2


@settings(max_examples=25, deadline=None)
@given(architectures, seeds)
def test_diagonal_matrix_form_and_expanded_product_equal_the_hadamard_form(sizes, seed):
    net, x, y = example(sizes, seed)
    fp = net.forward(x)
    g = net.gradients(x, y)
    L = net.L
    # Same arithmetic in another order: agreement to a few rounding errors relative to the whole vector.
    assert lu.relative_error(lu.output_error_diagonal(fp.z[L], fp.a[L], y), g.delta[L]) <= 1e-13
    for l in range(2, L):
        assert lu.relative_error(lu.backward_step_diagonal(net.W[l + 1], g.delta[l + 1], fp.z[l]), g.delta[l]) <= 1e-13
    for l in range(2, L + 1):
        assert lu.relative_error(lu.delta_expanded(net, x, y, l), g.delta[l]) <= 1e-12


def test_D_is_diagonal_with_sigma_prime():
    z = np.array([0.0, 1.0, -2.0])
    D = lu.D(z)
    np.testing.assert_array_equal(D, np.diag(lu.sigma_prime(z)))
    assert D[0, 0] == 0.25 and D[0, 1] == 0.0


def test_gradients_are_pure():
    net, x, y = example([2, 2, 3, 2], 5)
    first, second = net.gradients(x, y), net.gradients(x, y)
    for l in range(2, 5):
        np.testing.assert_array_equal(first.dW[l], second.dW[l])
        assert first.dW[l] is not second.dW[l] and first.db[l] is not first.delta[l]
    first.db[3][:] = 0.0  # changing a returned array changes nothing else
    np.testing.assert_array_equal(net.gradients(x, y).db[3], second.db[3])


def test_batch_gradient_is_the_gradient_of_cost_9():
    net = lu.Network([2, 2, 3, 2], seed=8)
    X, Y = lu.higham_data()
    g = net.gradients(X, Y)
    singles = [net.gradients(X[:, i], Y[:, i]) for i in range(10)]
    for l in range(2, 5):
        np.testing.assert_allclose(g.dW[l], np.mean([s.dW[l] for s in singles], axis=0), rtol=1e-12)
        np.testing.assert_allclose(g.db[l], np.mean([s.db[l] for s in singles], axis=0), rtol=1e-12)
        assert g.delta[l].shape == (net.n(l), 10)
    cs = lu.numerical_gradients(net, X, Y)
    assert max(lu.relative_error(g.dW[l], cs.dW[l]) for l in range(2, 5)) <= 1e-10


def test_the_lecture_s_omega_43_example():
    """∂C/∂ω_43^[3] = δ_4^[3] a_3^[2] and ∂C/∂b_4^[3] = δ_4^[3] on Figure 6's 4-3-4-5-2 network."""
    net = lu.Network([4, 3, 4, 5, 2], seed=6)
    x, y = np.array([0.1, 0.7, 0.4, 0.9]), np.array([1.0, 0.0])
    fp, g = net.forward(x), net.gradients(x, y)
    assert g.dW[3][3, 2] == g.delta[3][3] * fp.a[2][2]
    assert abs(g.dW[3][3, 2] - lu.complex_step(net, x, y, (3, 4, 3))) <= 1e-15 * abs(g.dW[3][3, 2]) + 1e-300
    assert abs(g.db[3][3] - lu.complex_step(net, x, y, (3, 4))) <= 1e-15 * abs(g.db[3][3]) + 1e-300


def test_relative_error_reads_as_documented():
    assert lu.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert lu.relative_error([0.0], [0.0]) == 0.0
    assert abs(lu.relative_error([1.0], [1.01]) - 0.01 / 1.01) < 1e-15
    assert "AGREEMENT (1e-6)" in lu.relative_error.__doc__ and "1e-2" in lu.relative_error.__doc__
    assert lu.AGREEMENT == 1e-6
