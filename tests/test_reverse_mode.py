"""The reverse-mode engine lu.Value and lu.reverse_mode_gradients against independent references: closed forms, the
complex step (to rounding), Lemma 1 (net.gradients, to rounding) on random networks; the operation counts against
their closed forms; forward differences against Lemma 1; bad input refused in the lecture's terms.

Tolerances: the engine and Lemma 1 add the same products in other orders, so they agree to a few ulps; 1e-12 leaves
room for ill-conditioned sums (relative to the largest entry); a complex step is exact to rounding (1e-12 too).
A forward difference with h = 1e-7 has truncation error O(h) and rounding error O(ε/h): 1e-5 is its honest bound."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu
from lecture_utils.reverse_mode import SUPPORTED

RTOL = 1e-12


def close(a, b, rtol=RTOL):
    return lu.relative_error(a, b) < rtol


# --- Value: each rule against a closed form and against the complex step -------------------------------------
UNARY = {  # name: (build from a Value, the same function on a complex number, its derivative in closed form)
    "sigma": (lambda v: v.sigma(), lambda z: 1 / (1 + np.exp(-z)), lambda t: lu.sigma(t) * (1 - lu.sigma(t))),
    "tanh": (lambda v: v.tanh(), np.tanh, lambda t: 1 - np.tanh(t) ** 2),
    "relu": (lambda v: v.relu(), lambda z: z if z.real > 0 else 0 * z, lambda t: float(t > 0)),
    "exp": (lambda v: v.exp(), np.exp, np.exp),
    "log": (lambda v: v.log(), np.log, lambda t: 1 / t),
    "square": (lambda v: v ** 2, lambda z: z ** 2, lambda t: 2 * t),
    "cube_root": (lambda v: v ** (1 / 3), lambda z: z ** (1 / 3), lambda t: t ** (-2 / 3) / 3),
    "reciprocal": (lambda v: 1 / v, lambda z: 1 / z, lambda t: -1 / t ** 2),
    "negate": (lambda v: -v, lambda z: -z, lambda t: -1.0),
    "affine": (lambda v: 3 - 2 * v + 1, lambda z: 3 - 2 * z + 1, lambda t: -2.0),
}


@pytest.mark.parametrize("name", UNARY)
@given(t=st.floats(0.05, 4.0))
def test_unary_rules_match_closed_forms_and_the_complex_step(name, t):
    build, f, closed = UNARY[name]
    v = lu.Value(t)
    out = build(v)
    out.backward()
    assert out.data == pytest.approx(float(np.real(f(complex(t)))), rel=1e-14)
    assert v.grad == pytest.approx(closed(t), rel=1e-12, abs=1e-300)
    assert v.grad == pytest.approx(float(np.imag(f(t + 1e-30j)) / 1e-30), rel=RTOL, abs=1e-300)


@given(x=st.floats(-3, 3), y=st.floats(0.2, 3))
def test_binary_rules_match_closed_forms(x, y):
    for build, dx, dy in [(lambda a, b: a + b, 1.0, 1.0), (lambda a, b: a - b, 1.0, -1.0),
                          (lambda a, b: a * b, y, x), (lambda a, b: a / b, 1 / y, -x / y ** 2)]:
        a, b = lu.Value(x), lu.Value(y)
        out = build(a, b)
        out.backward()
        assert (a.grad, b.grad) == (pytest.approx(dx, rel=1e-14), pytest.approx(dy, rel=1e-14))


def test_a_node_used_twice_gets_the_sum_over_its_paths():
    x, w = lu.Value(3.0), lu.Value(-2.0)
    g = x * w + w ** 2
    g.backward()
    assert (g.data, w.grad, x.grad) == (-2.0, -1.0, -2.0)  # ∂g/∂w = x + 2w, ∂g/∂x = w
    assert lu.check_node_gradient(x, w, w.grad)


def test_a_long_chain_is_ordered_without_recursion():
    v = lu.Value(0.5)
    out = v
    for _ in range(5000):
        out = out * 1.0001
    out.backward()
    assert v.grad == pytest.approx(1.0001 ** 5000, rel=1e-11)


def test_backward_twice_gives_the_same_grads_not_their_sum():
    net = lu.Network([2, 3, 2], seed=4)
    x, y = np.array([0.3, -0.7]), np.array([1.0, 0.0])
    r = lu.reverse_mode_gradients(net, x, y)
    first = {l: r.dW[l].copy() for l in r.dW}
    r.C.backward()
    r.C.backward()
    again = {l: np.array([[w.grad for w in row] for row in r.W[l]]) for l in r.W}
    assert all(np.array_equal(first[l], again[l]) for l in first)
    assert r.C.grad == 1.0


def test_backward_on_another_output_sets_the_shared_leaves_afresh():
    w = lu.Value(2.0)
    f, g = w * w, w * 5.0
    f.backward()
    assert w.grad == 4.0
    g.backward()
    assert w.grad == 5.0  # the gradient of the last output called, documented in Value.backward


# --- reverse_mode_gradients equals Lemma 1 ---------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5), seed=st.integers(0, 10_000),
       activation=st.sampled_from(["sigmoid", "tanh", "relu"]), cost=st.sampled_from(["quadratic", "cross_entropy"]))
def test_reverse_mode_equals_lemma_1_on_random_networks(sizes, seed, activation, cost):
    net = lu.Network(sizes, seed=seed, activation=activation, cost=cost)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=sizes[0])
    y = lu.one_hot([rng.integers(0, sizes[-1])], sizes[-1])[:, 0] if cost == "cross_entropy" \
        else rng.random(sizes[-1])
    r, g = lu.reverse_mode_gradients(net, x, y), net.gradients(x, y)
    assert r.C.data == pytest.approx(net.cost(x, y), rel=1e-12, abs=1e-15)
    for l in range(2, net.L + 1):
        scale = max(np.abs(g.dW[l]).max(), np.abs(g.db[l]).max(), 1e-300)
        assert np.abs(r.dW[l] - g.dW[l]).max() <= 1e-12 * scale + 1e-300
        assert np.abs(r.db[l] - g.db[l]).max() <= 1e-12 * scale + 1e-300
        assert np.abs(r.delta[l] - g.delta[l]).max() <= 1e-12 * scale + 1e-300


def test_reverse_mode_equals_the_complex_step_on_figure_6s_network():
    net, X, Y = lu.figure6_example()
    r, cs = lu.reverse_mode_gradients(net, X[:, 0], Y[:, 0]), lu.numerical_gradients(net, X[:, 0], Y[:, 0])
    assert all(close(r.dW[l], cs.dW[l]) and close(r.db[l], cs.db[l]) for l in range(2, net.L + 1))


def test_the_z_nodes_hold_delta_and_grouping_by_layer_gives_22_to_25():
    net = lu.Network([2, 2, 3, 2], seed=0)
    x, y = lu.higham_data()[0][:, 0], lu.higham_data()[1][:, 0]
    r, fp = lu.reverse_mode_gradients(net, x, y), net.forward(x)
    L = net.L
    assert close(r.delta[L], lu.output_error(fp.z[L], fp.a[L], y))                              # (22)
    for l in range(2, L):
        assert close(r.delta[l], lu.backward_step(net.W[l + 1], r.delta[l + 1], fp.z[l]))       # (23)
    for l in range(2, L + 1):
        assert np.array_equal(r.db[l], r.delta[l])                                              # (24) exactly
        assert close(r.dW[l], np.outer(r.delta[l], fp.a[l - 1]))                                # (25)


def test_the_graph_of_one_sample_has_the_counted_nodes():
    sizes = [2, 3, 4, 2]
    net = lu.Network(sizes, seed=1)
    r = lu.reverse_mode_gradients(net, np.array([0.2, 0.4]), np.array([0.0, 1.0]))
    F, n = lu.forward_multiply_adds(sizes), sizes
    leaves = n[0] + F + sum(n[1:]) + n[-1]            # x, the weights, the biases, y
    inner = 2 * F + sum(n[1:])                        # a product and a sum per weight, σ per neuron
    cost = 2 * n[-1] + (n[-1] - 1) + 2                # a − y, **2 per output; their sum; the ½ and its product
    assert len(r.C.topological_order()) == leaves + inner + cost


def test_torch_agrees_when_it_is_installed():
    torch = pytest.importorskip("torch")
    net = lu.Network([3, 4, 2], seed=2, activation="tanh")
    x, y = np.array([0.1, -0.4, 0.9]), np.array([0.3, 0.8])
    W = {l: torch.tensor(net.W[l], requires_grad=True) for l in (2, 3)}
    b = {l: torch.tensor(net.b[l], requires_grad=True) for l in (2, 3)}
    a = torch.tensor(x)
    for l in (2, 3):
        a = torch.tanh(W[l] @ a + b[l])
    (0.5 * ((a - torch.tensor(y)) ** 2).sum()).backward()
    r = lu.reverse_mode_gradients(net, x, y)
    assert all(close(r.dW[l], W[l].grad.numpy()) and close(r.db[l], b[l].grad.numpy()) for l in (2, 3))


# --- bad input ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["2", [1.0], np.array([1.0, 2.0]), None, 1j, True])
def test_operations_on_unsupported_types_say_what_is_supported(bad):
    v = lu.Value(1.5)
    for op in (lambda: v + bad, lambda: bad + v, lambda: v * bad, lambda: v - bad, lambda: v / bad):
        with pytest.raises(TypeError) as error:
            op()
        assert SUPPORTED in str(error.value) or "unsupported operand" in str(error.value)
    with pytest.raises(TypeError, match="Value supports"):
        v ** lu.Value(2.0)


def test_value_supports_message_names_the_operations():
    with pytest.raises(TypeError, match=r"Value supports \+, −, ×, / with Values and real numbers.*not \+ with str"):
        lu.Value(1.0) + "a"
    with pytest.raises(TypeError, match="not × with ndarray"):
        np.array([1.0, 2.0]) * lu.Value(1.0)


def test_a_value_holds_one_finite_real_number():
    with pytest.raises(TypeError, match="one real number, not ndarray"):
        lu.Value(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="finite number"):
        lu.Value(math.nan)
    with pytest.raises(ValueError, match="log needs a positive number"):
        lu.Value(-1.0).log()
    with pytest.raises(ValueError, match="not a real number with a derivative"):
        lu.Value(-8.0) ** 0.5


def test_reverse_mode_gradients_refuses_a_batch_and_bad_shapes():
    net = lu.Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="one sample x of shape \\(2,\\) = \\(n_1,\\), not a batch"):
        lu.reverse_mode_gradients(net, np.zeros((2, 4)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="contains NaN"):
        lu.network_graph(net, np.array([np.nan, 0.0]), np.zeros(2))
    with pytest.raises(ValueError, match="layer 1 has n_1 = 2 neurons"):
        lu.reverse_mode_gradients(net, np.zeros(3), np.zeros(2))


def test_an_activation_the_engine_does_not_know_is_named():
    custom = lu.Activation("softplus", np.log1p, lambda z: z, lambda a: a, 1.0)
    net = lu.Network([2, 2], seed=0, activation=custom)
    with pytest.raises(ValueError, match="knows the activations sigmoid, tanh, relu and the costs quadratic and "
                                         "cross_entropy, not 'softplus'"):
        lu.reverse_mode_gradients(net, np.zeros(2), np.zeros(2))


# --- what a gradient costs --------------------------------------------------------------------------------------
@given(sizes=st.lists(st.integers(1, 50), min_size=2, max_size=6))
def test_operation_counts_match_their_closed_forms(sizes):
    n, L = sizes, len(sizes)
    F = sum(n[l] * n[l - 1] for l in range(1, L))
    c = lu.gradient_cost(sizes)
    assert c.P == lu.Network(sizes).n_parameters
    assert c.forward == F and lu.numbers_kept(sizes) == sum(n)
    assert c.lemma1 == 3 * F - n[1] * n[0]            # forward + (23) for l = L−1..2 + (25) for l = 2..L
    assert 2 <= c.in_forward_passes("lemma1") < 3
    assert c.finite_differences == (c.P + 1) * F and c.forward_mode == c.P * F


def test_higham_network_counts_by_hand():
    c = lu.gradient_cost([2, 2, 3, 2])
    assert (c.P, c.forward, c.lemma1, c.finite_differences) == (23, 4 + 6 + 6, 16 + 12 + 16, 24 * 16)


def test_forward_differences_agree_with_lemma_1_to_their_truncation():
    net = lu.Network([3, 4, 2], seed=5)
    x, y = np.array([0.2, 0.5, 0.9]), np.array([1.0, 0.0])
    fd, g = lu.forward_difference_gradients(net, x, y), net.gradients(x, y)
    assert all(lu.relative_error(fd.dW[l], g.dW[l]) < 1e-5 and lu.relative_error(fd.db[l], g.db[l]) < 1e-5
               for l in (2, 3))
    assert lu.relative_error(fd.dW[2], g.dW[2]) > 1e-12  # an approximation: not Lemma 1's numbers to rounding


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="sizes must list n_1, ..., n_L"):
        lu.gradient_cost([3])
    with pytest.raises(ValueError, match="n_2 must be a whole number >= 1"):
        lu.parameter_count([3, 0, 2])


def test_check_forward_passes_knows_the_typical_slips():
    sizes = [4, 3, 4, 5, 2]
    assert lu.check_forward_passes(sizes, 69)
    for wrong, words in [(68, "C(p)"), (136, "central"), (55, "weights only"), (None, "No answer")]:
        verdict = lu.check_forward_passes(sizes, wrong)
        assert not verdict and words in verdict.message
