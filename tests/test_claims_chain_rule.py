"""Every claim the prose of notebook 04 (and its solutions) makes about its outputs and figure, computed here by the
same library calls with the notebook's seed, network, input and target, with the notebook's thresholds."""
import json
import math
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_utils as lu
from lecture_utils.plotting.path_diagram import path_counts

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "04_the_chain_rule.ipynb"
SOLUTIONS = ROOT / "notebooks" / "solutions" / "04_the_chain_rule_solutions.ipynb"
SEED = 0                                         # the notebook's SEED
CHAIN = dict(sizes=[1, 1, 1, 1], scale=1.0)      # step 1's network
X1, Y1 = np.array([1.0]), np.array([0.0])        # step 1's input and target
DEEP = [2] + [20] * 8 + [2]                      # notebook 14's network, counted in "Why the grouping matters"


def source(path):
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def test_the_notebooks_run_these_settings():
    for path in (NOTEBOOK, SOLUTIONS):
        text = source(path)
        assert "SEED = 0  #" in text
        assert "chain = lu.Network([1, 1, 1, 1], seed=SEED, scale=1.0)" in text
        assert "x1, y1 = np.array([1.0]), np.array([0.0])" in text
    text = source(NOTEBOOK)
    assert "net = lu.Network([2, 2, 3, 2], seed=SEED)" in text and "x, y = X[:, 0], Y[:, 0]" in text
    assert "deep = [2] + [20] * 8 + [2]" in text


@pytest.fixture(scope="module")
def chain():
    return lu.Network(CHAIN["sizes"], seed=SEED, scale=CHAIN["scale"])


@pytest.fixture(scope="module")
def wide():
    X, Y = lu.higham_data()
    return lu.Network([2, 2, 3, 2], seed=SEED), X[:, 0], Y[:, 0]


# --- step 1 -----------------------------------------------------------------------------------------------
def test_six_factors_whose_product_agrees_with_the_complex_step_to_rounding(chain):
    """"the six factors of δ^[2]"; "They agree to rounding" (printed: below 1e-13), at every layer."""
    assert len(lu.chain_factors(chain, X1, Y1, 2)) == 6
    for l, n_factors in ((4, 2), (3, 4), (2, 6)):
        assert len(lu.chain_factors(chain, X1, Y1, l)) == n_factors
        product = math.prod(f.value for f in lu.chain_factors(chain, X1, Y1, l))
        assert lu.relative_error(product, lu.complex_step_z(chain, X1, Y1, l, 1)) < lu.ROUNDING


def test_going_back_one_layer_adds_omega_and_sigma_prime(chain):
    """"going back from layer l+1 to layer l adds one pair of factors, ω^[l+1] and σ'(z^[l])"."""
    for l in (2, 3):
        longer, shorter = lu.chain_factors(chain, X1, Y1, l), lu.chain_factors(chain, X1, Y1, l + 1)
        assert longer[2:] == shorter
        assert [f.symbol for f in longer[:2]] == [f"σ'(z^[{l}])", f"ω^[{l + 1}]"]


def test_the_factor_by_which_delta_falls(chain):
    """"it falls by a factor of about 7 from δ^[4] to δ^[3] and about 30 from δ^[3] to δ^[2]"."""
    d = {l: lu.delta_by_chain(chain, X1, Y1, l) for l in (2, 3, 4)}
    assert round(abs(d[4] / d[3])) == 7
    assert 25 <= abs(d[3] / d[2]) <= 35


def test_sigma_prime_is_at_most_a_quarter():
    """"every σ'(z) is at most 1/4" (at z = 0, and nowhere more)."""
    z = np.linspace(-20, 20, 40001)
    assert lu.sigma_prime(z).max() == pytest.approx(0.25, abs=1e-15) and lu.sigma_prime(0.0) == 0.25


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_with_weights_below_one_delta_falls_by_at_least_four_per_layer(L, seed):
    """"with weights below 1 in size |δ^[l]| falls by a factor of at least 4 per layer"."""
    net = lu.Network([1] * L, seed=seed, scale=1.0)
    for l in range(3, L + 1):
        net.set_weight(l, 1, 1, np.clip(net.weight(l, 1, 1), -1, 1))
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, 1), rng.uniform(0, 1, 1)
    for l in range(2, L):
        assert abs(lu.delta_by_chain(net, x, y, l)) <= abs(lu.delta_by_chain(net, x, y, l + 1)) / 4


# --- step 2 ----------------------------------------------------------------------------------------------
def test_cr2_agrees_with_the_complex_step_to_rounding(wide):
    net, x, y = wide
    dC_dv = np.array([lu.complex_step_z(net, x, y, 3, k) for k in (1, 2, 3)])
    dv_du = lu.jacobian_z(net, x, 2)[:, 0]
    assert lu.relative_error(dC_dv @ dv_du, lu.complex_step_z(net, x, y, 2, 1)) < lu.ROUNDING


# --- step 3 ----------------------------------------------------------------------------------------------
def test_six_paths_and_every_later_layer_carries_all_of_them(wide):
    """"that is 3 × 2 = 6 paths"; "In every layer after layer 2 the counts add up to 6"; the right panel: "the two
    paths whose first step goes to z_2^[3]"."""
    net = wide[0]
    assert lu.path_count(net.sizes, 2) == 3 * 2 == len(lu.paths(net.sizes, 2, 1)) == 6
    counts = path_counts(net.sizes, 2, 1)
    assert [sum(counts[(m, i)] for i in range(1, net.n(m) + 1)) for m in (3, 4)] == [6, 6]
    assert path_counts(net.sizes, 2, 1, through=2)["C"] == 2


def test_the_terms_of_the_paths(wide):
    """"The terms have both signs and sizes spread over more than an order of magnitude; the largest runs through
    z_3^[3] and z_1^[4]"."""
    net, x, y = wide
    terms = {path: lu.path_product(net, x, y, path) for path in lu.paths(net.sizes, 2, 1)}
    values = np.array(list(terms.values()))
    assert (values > 0).any() and (values < 0).any()
    assert np.abs(values).max() > 10 * np.abs(values).min()
    assert max(terms, key=lambda p: abs(terms[p])) == ((2, 1), (3, 3), (4, 1))


def test_the_sum_over_paths_agrees_to_rounding(wide):
    net, x, y = wide
    by_paths = lu.delta_by_paths(net, x, y, 2, 1)
    assert lu.relative_error(by_paths, lu.complex_step_z(net, x, y, 2, 1)) < lu.ROUNDING
    assert lu.relative_error(by_paths, net.gradients(x, y).delta[2][0]) < lu.ROUNDING


def test_the_groups_are_the_terms_of_26_to_rounding(wide):
    net, x, y = wide
    groups = lu.sum_by_first_step(net, x, y, 2, 1)
    terms = lu.jacobian_z(net, x, 2)[:, 0] * np.array([lu.complex_step_z(net, x, y, 3, k) for k in (1, 2, 3)])
    assert lu.relative_error(groups, terms) < lu.ROUNDING
    assert [len(lu.paths(net.sizes, 3, k)) for k in (1, 2, 3)] == [2, 2, 2]


def test_billions_of_paths_against_thousands_of_multiplications():
    """"Over two and a half billion paths from a single neuron, against about three thousand multiplications for
    the whole backward pass"; the printout counts the weights, "about the number of multiplications"."""
    paths = lu.path_count(DEEP, 2)
    weights = sum(a * b for a, b in zip(DEEP[:-1], DEEP[1:]))
    L, n = len(DEEP), lambda l: DEEP[l - 1]
    # δ^[L] = σ'(z^[L]) ∘ (a^[L] − y): n_L; each (23): (W^[l+1])ᵀ δ^[l+1], n_{l+1} n_l, then ∘ σ'(z^[l]), n_l
    backward = n(L) + sum(n(l + 1) * n(l) + n(l) for l in range(2, L))
    assert paths == 2_560_000_000 > 2.5e9
    assert weights == lu.Network(DEEP, seed=SEED).n_parameters - sum(DEEP[1:]) == 2880
    assert abs(backward - 3000) < 0.05 * 3000 and abs(weights - backward) < 0.05 * backward


# --- the solutions ---------------------------------------------------------------------------------------
def test_figure6_solution():
    """"4 × 5 × 2 = 40 paths"; "the sum 11 would count neurons"; "each later layer carries all 40"."""
    sizes = lu.FIGURE6_SIZES
    assert list(sizes) == [4, 3, 4, 5, 2] and lu.path_count(sizes, 2) == 40 and sum(sizes[2:]) == 11
    counts = path_counts(sizes, 2, 1)
    assert all(sum(counts[(m, i)] for i in range(1, sizes[m - 1] + 1)) == 40 for m in (3, 4, 5))


@pytest.mark.parametrize("L, n", [(4, 1), (6, 2), (5, 3)])
def test_the_model_answer_s_counts(L, n):
    """Exercise 3: n^{L−2} paths from one z_j^[2], each a product of 2(L−2) + 2 factors."""
    sizes = [n] * L
    assert len(lu.paths(sizes, 2, 1)) == n ** (L - 2)
    assert len(lu.chain_factors(lu.Network([1] * L, seed=SEED), np.ones(1), np.zeros(1), 2)) == 2 * (L - 2) + 2
