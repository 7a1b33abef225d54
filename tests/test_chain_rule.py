"""The chain rule of notebook 04 against independent references: the scalar chain's product (CR1) and the sum over
all enumerated paths (CR3) equal Lemma 1's δ and the complex step of C along the bias b_j^[l] (which moves z_j^[l]
alone, by (19)); grouping the paths by their first step gives the terms of (26); the path count is a product of
widths; bad input is refused in the lecture's terms.

Tolerances: the complex step has no cancellation, and a sum over paths or a product of factors only reorders the
roundings of Lemma 1's matrix products, so all of these agree to a relative error of 1e-12 (in practice about
1e-15). Central differences (h = 1e-6) carry O(h²) truncation and about 1e-16/h rounding:
1e-6 relative plus 1e-9 absolute (a δ of 1e-6 has only a few digits left after the rounding error ε C / h).
"""
import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu
from lecture_utils.plotting.path_diagram import path_counts

RTOL = 1e-12
architectures = st.lists(st.integers(1, 4), min_size=2, max_size=5)
depths = st.integers(2, 7)
seeds = st.integers(0, 2**32 - 1)


def example(sizes, seed):
    """A network with weights N(0, 1), an input x in [−1, 1]^{n_1} and a target y in [0, 1]^{n_L}, from the seed."""
    net = lu.Network(sizes, seed=seed, scale=1.0)
    rng = np.random.default_rng(seed + 1)
    return net, rng.uniform(-1, 1, sizes[0]), rng.uniform(0, 1, sizes[-1])


def close(a, b, rtol=RTOL):
    """Relative agreement; an exact 0 (a path product or δ can vanish only if some factor does) must match 0."""
    scale = max(abs(a), abs(b))
    return scale == 0 or abs(a - b) <= rtol * scale


# --- step 1: the scalar chain (CR1) ------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(depths, seeds, st.integers(1, 3))
def test_the_chain_product_is_delta(L, seed, n1):
    net, x, y = example([n1] + [1] * (L - 1), seed)
    delta = net.gradients(x, y).delta
    for l in range(2, L + 1):
        product = lu.delta_by_chain(net, x, y, l)
        assert close(product, delta[l][0])                                  # Lemma 1
        assert close(product, lu.complex_step(net, x, y, (l, 1)))           # complex step along b^[l]
        assert close(product, lu.complex_step_z(net, x, y, l, 1))           # complex step along z^[l]
        # central difference: rounding about ε C / h ≈ 1e-10 absolute (C ≤ ½ here), small next to 1e-6 relative
        assert abs(product - lu.central_difference(net, x, y, (l, 1))) <= 1e-6 * abs(product) + 1e-9


def test_the_chain_s_factors_are_the_lecture_s():
    net, x, y = example([1, 1, 1, 1], 3)
    fp = net.forward(x)
    factors = lu.chain_factors(net, x, y, 2)
    assert [f.symbol for f in factors] == ["σ'(z^[2])", "ω^[3]", "σ'(z^[3])", "ω^[4]", "σ'(z^[4])", "a^[4] − y"]
    expected = [lu.sigma_prime(fp.z[2][0]), net.W[3][0, 0], lu.sigma_prime(fp.z[3][0]), net.W[4][0, 0],
                lu.sigma_prime(fp.z[4][0]), fp.a[4][0] - y[0]]
    assert np.allclose([f.value for f in factors], expected, rtol=1e-15, atol=0)
    assert [f.symbol for f in lu.chain_factors(net, x, y, 4)] == ["σ'(z^[4])", "a^[4] − y"]


def test_a_chain_with_a_wrong_factor_fails_the_check():
    """The check can fail: leave out one σ' and the product is off by far more than the tolerance."""
    net, x, y = example([1, 1, 1, 1], 5)
    factors = lu.chain_factors(net, x, y, 2)
    wrong = math.prod(f.value for f in factors[1:])
    assert not close(wrong, lu.complex_step_z(net, x, y, 2, 1), 1e-2)


# --- the complex step along z ------------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(architectures, seeds, st.sampled_from(["sigmoid", "tanh"]), st.sampled_from(["quadratic", "cross_entropy"]))
def test_complex_step_along_z_is_delta(sizes, seed, activation, cost):
    net = lu.Network(sizes, seed=seed, scale=1.0, activation=activation, cost=cost)
    x, y = example(sizes, seed)[1:]
    if cost == "cross_entropy":
        y = y / y.sum()                                   # a target distribution, as δ^[L] = a^[L] − y assumes
    delta = net.gradients(x, y).delta
    for l in range(2, net.L + 1):
        numerical = [lu.complex_step_z(net, x, y, l, j) for j in range(1, net.n(l) + 1)]
        assert lu.relative_error(numerical, delta[l]) <= RTOL


def test_cost_with_z_at_its_own_value_is_the_cost():
    net, x, y = example([2, 3, 2], 1)
    z = net.forward(x).z[2][1]
    assert close(float(lu.cost_with_z(net, x, y, 2, 2, z)), net.cost(x, y), 1e-14)
    moved = float(lu.cost_with_z(net, x, y, 2, 2, z + 0.5))
    assert close(moved, lu.cost_along(net, x, y, (2, 2), [net.bias(2, 2) + 0.5])[0], 1e-14)


# --- step 3: the sum over paths (CR3) --------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(architectures, seeds)
def test_the_sum_over_paths_is_delta(sizes, seed):
    net, x, y = example(sizes, seed)
    delta = net.gradients(x, y).delta
    for l in range(2, net.L + 1):
        by_paths = [lu.delta_by_paths(net, x, y, l, j) for j in range(1, net.n(l) + 1)]
        stepped = [lu.complex_step(net, x, y, (l, j)) for j in range(1, net.n(l) + 1)]
        assert lu.relative_error(by_paths, delta[l]) <= RTOL
        assert lu.relative_error(by_paths, stepped) <= RTOL


@settings(max_examples=40, deadline=None)
@given(architectures.filter(lambda s: len(s) >= 3), seeds)
def test_grouping_by_the_first_step_gives_the_terms_of_26(sizes, seed):
    net, x, y = example(sizes, seed)
    for l in range(2, net.L):
        delta_next = np.array([lu.complex_step(net, x, y, (l + 1, k)) for k in range(1, net.n(l + 1) + 1)])
        J = lu.jacobian_z(net, x, l)
        for j in range(1, net.n(l) + 1):
            groups = lu.sum_by_first_step(net, x, y, l, j)
            terms = J[:, j - 1] * delta_next                          # ∂z_k^[l+1]/∂z_j^[l] δ_k^[l+1], (26)
            assert all(close(g, t) for g, t in zip(groups, terms))
            assert close(math.fsum(groups), lu.delta_by_paths(net, x, y, l, j))


@settings(max_examples=20, deadline=None)
@given(architectures.filter(lambda s: len(s) >= 3), seeds)
def test_the_jacobian_against_a_complex_step_of_the_forward_pass(sizes, seed):
    net, x, _ = example(sizes, seed)
    for l in range(2, net.L):
        columns = []
        for j in range(1, net.n(l) + 1):
            moved = net.with_parameter((l, j), net.bias(l, j) + 1e-30j)   # z_j^[l] + ih, by (19)
            columns.append(np.imag(moved.forward(x).z[l + 1]) / 1e-30)
        assert lu.relative_error(lu.jacobian_z(net, x, l), np.column_stack(columns)) <= RTOL


def test_each_path_product_is_its_factors():
    net, x, y = example([2, 2, 3, 2], 0)
    fp, s = net.forward(x), lu.sigma_prime
    path = ((2, 1), (3, 3), (4, 2))
    by_hand = (s(fp.z[2][0]) * net.W[3][2, 0] * s(fp.z[3][2]) * net.W[4][1, 2] * s(fp.z[4][1])
               * (fp.a[4][1] - y[1]))
    assert close(lu.path_product(net, x, y, path), by_hand, 1e-14)


# --- counting paths (CR4) ------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(architectures, st.data())
def test_path_counts_are_products_of_widths(sizes, data):
    l = data.draw(st.integers(2, len(sizes)))
    j = data.draw(st.integers(1, sizes[l - 1]))
    found = lu.paths(sizes, l, j)
    assert len(found) == len(set(found)) == lu.path_count(sizes, l) == int(np.prod(sizes[l:]))
    for path in found:
        assert [m for m, _ in path] == list(range(l, len(sizes) + 1)) and path[0] == (l, j)
        assert all(1 <= k <= sizes[m - 1] for m, k in path)
    counts = path_counts(sizes, l, j)
    assert counts["C"] == len(found)
    for m in range(l + 1, len(sizes) + 1):        # every path passes through each later layer exactly once
        assert sum(counts[(m, i)] for i in range(1, sizes[m - 1] + 1)) == len(found)


def test_figure6_counts():
    assert lu.path_count(lu.FIGURE6_SIZES, 2) == 4 * 5 * 2 == len(lu.paths(lu.FIGURE6_SIZES, 2, 1))
    assert lu.path_count(lu.FIGURE6_SIZES, 5) == 1


# --- the figure ------------------------------------------------------------------------------------------------
def test_plot_paths_draws_on_the_axes_given_and_titles_the_count():
    fig, ax = plt.subplots()
    assert lu.plot_paths([2, 2, 3, 2], 2, 1, ax=ax) is ax
    assert ax.get_title().startswith("6 paths")
    red = [line for line in ax.lines if line.get_color() == lu.COLORS["highlight"]]
    assert len(red) == 3 + 3 * 2 + 2                  # 3 first steps, 6 edges from layer 3 to 4, 2 into C
    fig2, ax2 = plt.subplots()
    lu.plot_paths([2, 2, 3, 2], 2, 1, ax=ax2, through=2)
    assert ax2.get_title().startswith("2 paths")
    plt.close("all")


# --- bad input, in the lecture's terms -----------------------------------------------------------------------
@pytest.fixture
def chain():
    return example([1, 1, 1, 1], 0)


@pytest.fixture
def wide():
    return example([2, 2, 3, 2], 0)


def test_the_scalar_chain_needs_one_neuron_per_layer(wide):
    net, x, y = wide
    with pytest.raises(ValueError, match=re.escape("needs one neuron in each of layers 2..4, but layer 2 has n_2 = 2")):
        lu.chain_factors(net, x, y, 2)
    with pytest.raises(ValueError, match="one neuron in each of layers"):
        lu.check_chain_derivative(net, x, y, 2, 0.1)


@pytest.mark.parametrize("l", [1, 5, 0])
def test_layer_out_of_range(chain, wide, l):
    net, x, y = chain
    with pytest.raises(KeyError, match=re.escape(f"exists for l = 2..4, not l = {l}")):
        lu.chain_factors(net, x, y, l)
    net, x, y = wide
    for call in (lambda: lu.delta_by_paths(net, x, y, l, 1), lambda: lu.paths(net.sizes, l, 1),
                 lambda: lu.complex_step_z(net, x, y, l, 1), lambda: lu.path_count(net.sizes, l)):
        with pytest.raises(KeyError, match=re.escape(f"z^[l] exists for l = 2..4, not l = {l}")):
            call()


@pytest.mark.parametrize("j", [0, 4])
def test_neuron_out_of_range(wide, j):
    net, x, y = wide
    with pytest.raises(IndexError, match=re.escape(f"j = {j} is out of range 1..3 for layer 3")):
        lu.delta_by_paths(net, x, y, 3, j)
    with pytest.raises(IndexError, match=re.escape(f"j = {j} is out of range 1..3 for layer 3")):
        lu.plot_paths(net.sizes, 3, j)


def test_a_path_that_skips_a_layer_or_leaves_the_network(wide):
    net, x, y = wide
    with pytest.raises(ValueError, match="one neuron .m, k. of each later layer"):
        lu.path_product(net, x, y, ((2, 1), (4, 1)))
    with pytest.raises(IndexError, match=re.escape("k = 3 is out of range 1..2 for layer 4")):
        lu.path_product(net, x, y, ((2, 1), (3, 1), (4, 3)))


def test_a_batch_and_other_costs_are_refused(wide):
    net, x, y = wide
    X, Y = lu.higham_data()
    with pytest.raises(ValueError, match="for one sample x of shape"):
        lu.delta_by_paths(net, X, Y, 2, 1)
    ce = lu.Network([2, 2, 3, 2], seed=0, cost="cross_entropy")
    with pytest.raises(ValueError, match=re.escape("a^[L] − y, the derivative of the quadratic cost (18)")):
        lu.delta_by_paths(ce, x, y, 2, 1)


def test_output_layer_has_no_first_step(wide):
    net, x, y = wide
    with pytest.raises(ValueError, match="has no first step"):
        lu.sum_by_first_step(net, x, y, 4, 1)
    with pytest.raises(KeyError, match=re.escape("∂z^[l+1]/∂z^[l] exists for l = 2..3, not l = 4")):
        lu.jacobian_z(net, x, 4)


def test_a_non_finite_or_vector_z_is_refused(wide):
    net, x, y = wide
    with pytest.raises(ValueError, match=re.escape("z_1^[2] contains NaN")):
        lu.cost_with_z(net, x, y, 2, 1, np.nan)
    with pytest.raises(ValueError, match=re.escape("z_1^[2] is one number")):
        lu.cost_with_z(net, x, y, 2, 1, [0.1, 0.2])


# --- the checkers ------------------------------------------------------------------------------------------
def test_check_chain_derivative(chain):
    net, x, y = chain
    factors = lu.chain_factors(net, x, y, 2)
    right = math.prod(f.value for f in factors)
    assert lu.check_chain_derivative(net, x, y, 2, right)
    assert not lu.check_chain_derivative(net, x, y, 2, None)
    missing = lu.check_chain_derivative(net, x, y, 2, math.prod(f.value for f in factors[1:]))
    assert not missing and "σ'(z^[2]) is missing" in missing.message
    assert "sign is flipped" in lu.check_chain_derivative(net, x, y, 2, -right).message
    assert "δ^[3], one layer short" in lu.check_chain_derivative(net, x, y, 2, lu.delta_by_chain(net, x, y, 3)).message
    rounded = math.prod(round(f.value, 4) for f in factors)
    assert "as printed, rounded to 4 decimals" in lu.check_chain_derivative(net, x, y, 2, rounded).message
    assert lu.check_chain_derivative(net, x, y, 2, float(f"{right:.4e}"))        # right to the digits given
    no_w = math.prod(f.value for f in factors if not f.symbol.startswith("ω"))
    assert "weights ω^[m] are missing" in lu.check_chain_derivative(net, x, y, 2, no_w).message


def test_check_path_count():
    sizes = lu.FIGURE6_SIZES
    assert lu.check_path_count(sizes, 2, 1, 40)
    assert not lu.check_path_count(sizes, 2, 1, None)
    assert "sum of the widths" in lu.check_path_count(sizes, 2, 1, 11).message
    assert "n_2 neurons of layer 2" in lu.check_path_count(sizes, 2, 1, 120).message
    assert "stops at layer 4" in lu.check_path_count(sizes, 2, 1, 20).message
    assert "counts edges" in lu.check_path_count(sizes, 2, 1, 3 * 4 + 4 * 5 + 5 * 2).message
    assert "whole number" in lu.check_path_count(sizes, 2, 1, 40.0).message
    with pytest.raises(IndexError, match=re.escape("j = 4 is out of range 1..3 for layer 2")):
        lu.check_path_count(sizes, 2, 4, 40)
