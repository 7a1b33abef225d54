"""What notebook 07 (reverse mode) and its solutions say about their numbers and figures, asserted from the same
library calls with the same seeds and the thresholds the notebook states (house style: "Claims are tested").

Each test names the cell whose prose it backs. SEED = 0 as in the notebook's setup cell. The timing cells
(nbval-ignore-output) are backed by the operation counts here, not by the clock, which no test can pin down."""
import numpy as np
import pytest

import lecture_utils as lu

SEED = 0
NETWORKS = [[2, 2, 3, 2], [4, 3, 4, 5, 2], [2, 8, 8, 2], [2, 32, 32, 2], [64, 30, 10], [2, 128, 128, 2],
            [784, 100, 10]]


def scalar_example():
    w, b = lu.Value(1.5, label="w"), lu.Value(-0.5, label="b")
    x, y = 0.8, 1.0
    z = w * x + b
    a = z.sigma()
    C = 0.5 * (a - y) ** 2
    return w, b, x, y, z, a, C


def test_scalar_example_prints_its_values_and_hand_gradients():
    """'A computational graph of numbers' and 'The chain rule, backwards': the printed values, σ'(z) as a's local
    gradient, and .backward() equal to the hand formulas (a − y) σ'(z) x and (a − y) σ'(z)."""
    w, b, x, y, z, a, C = scalar_example()
    assert (f"{z.data:.4f}", f"{a.data:.4f}", f"{C.data:.6f}") == ("0.7000", "0.6682", "0.055050")
    assert a.parents == (z,) and a.local_grads[0] == pytest.approx(a.data * (1 - a.data), rel=1e-15)
    C.backward()
    s = a.data * (1 - a.data)
    assert w.grad == pytest.approx((a.data - y) * s * x, rel=1e-14)
    assert b.grad == pytest.approx((a.data - y) * s, rel=1e-14)
    assert (f"{w.grad:.6f}", f"{b.grad:.6f}") == ("-0.058854", "-0.073567")


def test_a_second_backward_gives_the_same_numbers_not_twice_them():
    w, *_, C = scalar_example()
    C.backward()
    first = w.grad
    C.backward()
    assert w.grad == first


def small_graph():
    net1 = lu.Network([1, 1, 1], seed=SEED)
    return net1, lu.reverse_mode_gradients(net1, np.array([0.5]), np.array([1.0]))


def test_reading_the_graph_figure_from_the_right():
    """'The graph of a small network': C has gradient 1; each node's is its child's times the edge's local
    gradient; the − node holds a − y; z^[3] adds σ'(z^[3]); a bias and its z share a gradient; a weight's is its z's
    times the activation it multiplies."""
    net1, r = small_graph()
    C = r.C
    assert C.grad == 1.0
    minus = next(v for v in C.topological_order() if v.op == "−")
    a3, z3, z2, a1 = r.a[3][0], r.z[3][0], r.z[2][0], r.a[1][0]
    assert minus.grad == pytest.approx(a3.data - 1.0, rel=1e-14)
    assert z3.grad == pytest.approx(minus.grad * a3.local_grads[0], rel=1e-14)
    assert a3.local_grads[0] == pytest.approx(float(lu.sigma_prime(z3.data)), rel=1e-14)
    for l in (2, 3):
        assert r.b[l][0].grad == r.z[l][0].grad
        assert r.W[l][0][0].grad == pytest.approx(r.z[l][0].grad * r.a[l - 1][0].data, rel=1e-14)
    pos, children = lu.plotting.graph_layout(C)
    for v, kids in children.items():  # "each red number is the red number to its right times the edge's local gradient"
        assert len(kids) == 1
        assert v.grad == pytest.approx(kids[0].grad * kids[0].local_grads[kids[0].parents.index(v)], rel=1e-14)
    layers = {lu.plotting.graph.node_layer(v, children) for v in pos}
    assert layers == {1, 2, 3, None}  # three layer colours and the cost's white nodes


def test_grouping_by_layer_gives_lemma_1_to_rounding():
    """'Grouping the nodes by layer gives Lemma 1': z nodes vs δ^[l] and ∂C/∂W^[l] below 1e-13, the biases' gradients
    equal to the z nodes' exactly, the weights' the outer products δ^[l] (a^[l−1])ᵀ below 1e-13."""
    net = lu.Network([2, 2, 3, 2], seed=SEED)
    X, Y = lu.higham_data()
    x, y = X[:, 0], Y[:, 0]
    rm, lemma1, fp = lu.reverse_mode_gradients(net, x, y), net.gradients(x, y), net.forward(x)
    for l in range(2, net.L + 1):
        assert lu.relative_error(rm.delta[l], lemma1.delta[l]) < lu.ROUNDING
        assert lu.relative_error(rm.dW[l], lemma1.dW[l]) < lu.ROUNDING
        assert np.array_equal(rm.db[l], rm.delta[l])
        assert lu.relative_error(rm.dW[l], np.outer(rm.delta[l], fp.a[l - 1])) < lu.ROUNDING


def test_the_cost_table_and_figure():
    """'Why it is fast': Lemma 1 between 2 and 3 forward passes for every network, a flat line; finite differences
    P + 1 and forward mode P passes, from 24 (2-2-3-2) to 79,511 (784-100-10); and the table's printed numbers."""
    costs = [lu.gradient_cost(s) for s in NETWORKS]
    assert all(2 <= c.in_forward_passes("lemma1") < 3 for c in costs)
    assert all(c.lemma1 == 3 * c.forward - c.sizes[1] * c.sizes[0] for c in costs)
    assert all(c.in_forward_passes("finite_differences") == c.P + 1 for c in costs)
    assert all(c.in_forward_passes("forward_mode") == c.P for c in costs)
    assert costs[0].P + 1 == 24 and costs[-1].P + 1 == 79_511
    assert [(c.P, c.forward) for c in costs] == [(23, 16), (68, 54), (114, 96), (1218, 1152), (2260, 2220),
                                                 (17154, 16896), (79510, 79400)]
    assert [f"{c.in_forward_passes('lemma1'):.2f}" for c in costs] == ["2.75", "2.78", "2.83", "2.94", "2.14",
                                                                       "2.98", "2.01"]


def test_forward_differences_are_only_approximate():
    """'Finite differences are also only approximate': below 1e-5 (about 1e-7 here), not to rounding."""
    net = lu.Network([2, 2, 3, 2], seed=SEED)
    X, Y = lu.higham_data()
    x, y = X[:, 0], Y[:, 0]
    fd, lemma1 = lu.forward_difference_gradients(net, x, y), net.gradients(x, y)
    for l in range(2, net.L + 1):
        error = lu.relative_error(fd.dW[l], lemma1.dW[l])
        assert 1e-8 < error < 1e-6 and error < 1e-5


def test_the_timed_network_by_counts():
    """'Timing it' (its output is not compared): the 2-32-32-2 network has P = 1218; by the counts Lemma 1 is under
    10 forward passes and finite differences over 100, the thresholds the cell prints."""
    c = lu.gradient_cost([2, 32, 32, 2])
    assert c.P == 1218 and c.in_forward_passes("lemma1") < 10 and c.in_forward_passes("finite_differences") > 100


def test_memory():
    """'The price: memory': Σ n_l = 9 numbers kept for 2-2-3-2, the a^[l] hold 9; the Value graph keeps 73 nodes;
    784-100-10 keeps 894 per sample, 89,400 for 100 samples (and the solution's 79,510 parameters)."""
    net = lu.Network([2, 2, 3, 2], seed=SEED)
    X, Y = lu.higham_data()
    fp = net.forward(X[:, 0])
    assert lu.numbers_kept(net.sizes) == 9 == sum(fp.a[l].size for l in range(1, net.L + 1))
    assert len(lu.reverse_mode_gradients(net, X[:, 0], Y[:, 0]).C.topological_order()) == 73
    assert lu.numbers_kept([784, 100, 10]) == 894 and lu.parameter_count([784, 100, 10]) == 79_510


def test_solutions_numbers():
    """Solutions: g = −2, ∂g/∂w = −1, ∂g/∂x = −2; Figure 6's network has P = 68, Lemma 1 2.78 forward passes."""
    x, w = lu.Value(3.0), lu.Value(-2.0)
    g = x * w + w ** 2
    g.backward()
    assert (g.data, w.grad, x.grad) == (-2.0, -1.0, -2.0)
    c = lu.gradient_cost(lu.FIGURE6_SIZES)
    assert c.P == 68 and f"{c.in_forward_passes('lemma1'):.2f}" == "2.78"
    assert lu.check_forward_passes(lu.FIGURE6_SIZES, c.P + 1)
