"""The network's parameters in the lecture's numbering, its forward pass (7), (19), (20) and cost (9), (18)."""
import numpy as np
import pytest

import lecture_utils as lu


def test_shapes_follow_the_lecture():
    net = lu.Network([2, 2, 3, 2], seed=0)
    assert net.L == 4 and sorted(net.W) == [2, 3, 4] and sorted(net.b) == [2, 3, 4]
    assert [net.W[l].shape for l in (2, 3, 4)] == [(2, 2), (3, 2), (2, 3)]
    assert [net.b[l].shape for l in (2, 3, 4)] == [(2,), (3,), (2,)]
    assert net.n_parameters == 23  # as the paper counts for the 2-2-3-2 network


def test_draws_are_scale_times_standard_normal_in_netbp_order():
    net = lu.Network([2, 2, 3, 2], seed=7, scale=0.5)
    rng = np.random.default_rng(7)
    for l, shape in [(2, (2, 2)), (3, (3, 2)), (4, (2, 3))]:
        np.testing.assert_array_equal(net.W[l], 0.5 * rng.standard_normal(shape))
    for l, n in [(2, 2), (3, 3), (4, 2)]:
        np.testing.assert_array_equal(net.b[l], 0.5 * rng.standard_normal(n))


def test_same_seed_same_network_other_seed_other_network():
    a, b, c = lu.Network([3, 4, 2], seed=1), lu.Network([3, 4, 2], seed=1), lu.Network([3, 4, 2], seed=2)
    assert all(np.array_equal(a.W[l], b.W[l]) for l in a.W)
    assert not np.array_equal(a.W[2], c.W[2])


def test_omega_43_of_layer_3_is_W3_row_3_column_2_on_figure_6s_network():
    net = lu.Network([4, 3, 4, 5, 2], seed=3)
    assert net.weight(3, 4, 3) == net.W[3][3, 2]
    net.set_weight(3, 4, 3, 1.25)
    assert net.W[3][3, 2] == 1.25
    changed = [(l, idx) for l in net.W for idx in zip(*np.nonzero(net.W[l] != lu.Network([4, 3, 4, 5, 2], seed=3).W[l]))]
    assert changed == [(3, (3, 2))]
    net.set_bias(3, 4, -2.0)
    assert net.b[3][3] == -2.0 and net.bias(3, 4) == -2.0


def test_copy_is_independent():
    net = lu.Network([2, 3, 2], seed=0)
    twin = net.copy()
    twin.set_weight(2, 1, 1, 9.0)
    twin.b[3][0] = 5.0
    assert net.weight(2, 1, 1) != 9.0 and net.b[3][0] != 5.0


def test_forward_pass_is_eqs_7_19_20():
    net = lu.Network([2, 2, 3, 2], seed=4)
    x = np.array([0.3, 0.4])
    fp = net.forward(x)
    np.testing.assert_array_equal(fp.a[1], x)
    a = x
    for l in (2, 3, 4):
        z = net.W[l] @ a + net.b[l]
        a = 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(fp.z[l], z, rtol=1e-15)
        np.testing.assert_allclose(fp.a[l], a, rtol=1e-15)
    assert sorted(fp.a) == [1, 2, 3, 4] and sorted(fp.z) == [2, 3, 4]


def test_a_batch_is_the_samples_side_by_side():
    net = lu.Network([2, 2, 3, 2], seed=4)
    X, _ = lu.higham_data()
    batch = net.forward(X)
    for i in range(10):
        np.testing.assert_allclose(batch.a[4][:, i], net.forward(X[:, i]).a[4], rtol=1e-14)


def test_cost_9_is_the_mean_of_the_single_sample_costs_18():
    net = lu.Network([2, 2, 3, 2], seed=5)
    X, Y = lu.higham_data()
    single = [0.5 * np.sum((Y[:, i] - net.forward(X[:, i]).a[4]) ** 2) for i in range(10)]
    assert net.cost(X, Y) == pytest.approx(np.mean(single), rel=1e-14)
    assert net.cost(X[:, 3], Y[:, 3]) == pytest.approx(single[3], rel=1e-14)
    assert lu.single_sample_cost(net.forward(X[:, 3]).a[4], Y[:, 3]) == pytest.approx(single[3], rel=1e-14)


def test_higham_data_matches_the_paper():
    X, Y = lu.higham_data()
    assert X.shape == Y.shape == (2, 10)
    np.testing.assert_array_equal(X[:, 3], [0.6, 0.9])
    np.testing.assert_array_equal(X[:, 7], [0.9, 0.2])
    assert list(lu.categories(Y)) == [1] * 5 + [2] * 5
    X[0, 0] = 99.0
    assert lu.higham_data()[0][0, 0] == 0.1  # fresh arrays each call


def test_neurons_downstream_of_a_weight():
    sizes = [4, 3, 4, 5, 2]
    down = lu.neurons_downstream(sizes, 3, 4)
    assert down == {(3, 4)} | {(4, i) for i in range(1, 6)} | {(5, 1), (5, 2)}
    assert lu.neurons_downstream(sizes, 5, 2) == {(5, 2)}
    assert len(lu.neurons_downstream(sizes, 2, 1)) == 1 + 4 + 5 + 2
