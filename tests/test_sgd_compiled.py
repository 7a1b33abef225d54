"""sgd's compiled kernel (numba) against its Python-float and numpy kernels and the literal pseudocode: the same
steps (15) on the same random choices, to rounding; the fallback when numba cannot be imported; bad input."""
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lecture_utils as lu
from lecture_utils import stochastic_gradient

SIZES = [2, 2, 3, 2]


def trained(kernel, sizes=SIZES, n_iter=20_000, eta=0.05, seed=0, X=None, Y=None, **network):
    """(network, History or DivergenceError) after lu.sgd with `kernel` from Network(sizes, seed)."""
    if X is None:
        X, Y = lu.higham_data()
    net = lu.Network(sizes, seed=seed, **network)
    try:
        result = lu.sgd(net, X, Y, eta=eta, n_iter=n_iter, seed=seed, record_every=1000, kernel=kernel)
    except lu.DivergenceError as error:
        result = error
    return net, result


def assert_same_run(one, other, rtol=1e-12):
    """Same weights, biases and History (cost, every ‖δ^[l]‖, both gradient norms) to a relative `rtol`."""
    (a, ha), (b, hb) = one, other
    assert type(ha) is type(hb)
    if isinstance(ha, lu.DivergenceError):
        assert ha.iteration == hb.iteration and str(ha) == str(hb)
        ha, hb = ha.history, hb.history
    for l in a.W:
        np.testing.assert_allclose(a.W[l], b.W[l], rtol=rtol, atol=0)
        np.testing.assert_allclose(a.b[l], b.b[l], rtol=rtol, atol=0)
    np.testing.assert_array_equal(ha.iteration, hb.iteration)
    for x, y in [(ha.cost, hb.cost), (ha.gradient_norm, hb.gradient_norm),
                 (ha.sample_gradient_rms, hb.sample_gradient_rms)] + [(ha.delta_norm[l], hb.delta_norm[l])
                                                                      for l in ha.delta_norm]:
        np.testing.assert_allclose(x, y, rtol=rtol, atol=0)


def test_the_compiled_kernel_is_the_one_auto_picks_for_the_lecture_s_network():
    assert stochastic_gradient.choose_kernel(lu.Network(SIZES)) == "compiled"
    assert stochastic_gradient.choose_kernel(lu.Network([2, 30, 2])) == "numpy"  # wide layers: the BLAS
    assert stochastic_gradient.choose_kernel(lu.Network([2, 3, 2], cost="cross_entropy")) == "numpy"


def test_20000_steps_on_the_2_2_3_2_example_equal_the_python_kernel_s():
    """The same iterates and records; in practice bit for bit (same formulas in the same order, no FMA)."""
    compiled, python = trained("compiled"), trained("python")
    assert_same_run(compiled, python)
    assert len(compiled[1]) == 21


def test_and_the_numpy_kernel_s_to_rounding():
    assert_same_run(trained("compiled"), trained("numpy"), rtol=1e-11)


@pytest.mark.parametrize("sizes, activation, output", [([2, 2, 3, 2], "sigmoid", None), ([2, 3, 2], "tanh", None),
                                                       ([2, 9, 7, 2], "sigmoid", None), ([2, 8, 2], "relu", None),
                                                       ([2, 4, 3, 2], "tanh", "linear"),
                                                       ([2, 5, 2], "sigmoid", "linear")])
def test_the_compiled_kernel_does_the_literal_pseudocode(sizes, activation, output):
    """Against sgd_pseudocode, with D^[l] as diagonal matrices (a linear output layer has D^[L] = I)."""
    X, Y = lu.higham_data()
    extra = {} if output is None else {"output": output}
    fast, literal = (lu.Network(sizes, seed=3, activation=activation, **extra) for _ in range(2))
    lu.sgd(fast, X, Y, 0.1, 500, seed=4, record_every=100, kernel="compiled")
    lu.sgd_pseudocode(literal, X, Y, 0.1, 500, seed=4)
    for l in fast.W:
        np.testing.assert_allclose(fast.W[l], literal.W[l], rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(fast.b[l], literal.b[l], rtol=1e-11, atol=1e-13)


def test_the_same_random_choices_and_plain_python_gives_the_same_bits():
    """lu.sgd hands the kernel lu.sample_indices(N, n_iter, seed); the loop run as plain Python equals it compiled."""
    X, Y = lu.higham_data()
    net = lu.Network(SIZES, seed=5)
    by_hand = stochastic_gradient._pack(net)
    args = (np.array(SIZES), np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T), 0.05, lu.sample_indices(10, 300, 7),
            0, 0)
    compiled = by_hand.copy()
    stochastic_gradient._compiled_loop(by_hand, *args)
    stochastic_gradient.compiled_loop()(compiled, *args)
    lu.sgd(net, X, Y, 0.05, 300, seed=7, kernel="compiled")
    np.testing.assert_array_equal(by_hand, compiled)
    np.testing.assert_array_equal(stochastic_gradient._pack(net), compiled)
    assert not np.array_equal(compiled, stochastic_gradient._pack(lu.Network(SIZES, seed=5)))  # it did train


@settings(max_examples=25, deadline=None)
@given(hidden=st.lists(st.integers(1, 6), min_size=0, max_size=3), n_in=st.integers(1, 3), n_out=st.integers(1, 3),
       activation=st.sampled_from(["sigmoid", "tanh", "relu"]), linear=st.booleans(), seed=st.integers(0, 2**20),
       eta=st.floats(0.005, 0.5))
def test_random_small_networks_train_alike_under_every_kernel(hidden, n_in, n_out, activation, linear, seed, eta):
    """Hypothesis over sizes, activations, seeds and eta: compiled = Python floats (≤ 1e-12 over 3000 steps, with
    the same records, diverging at the same record), = numpy (≤ 1e-12, step by step)."""
    rng = np.random.default_rng(seed)
    X, Y = rng.uniform(size=(n_in, 12)), rng.integers(0, 2, size=(n_out, 12)).astype(float)
    sizes = [n_in, *hidden, n_out]
    extra = {"output": "linear"} if linear else {}
    kw = dict(sizes=sizes, n_iter=3000, eta=eta, seed=seed, X=X, Y=Y, activation=activation, **extra)
    compiled = trained("compiled", **kw)
    if not linear:
        assert_same_run(compiled, trained("python", **kw))
    # numpy rounds its tanh, exp and products its own way, and a long run amplifies such differences (a chaotic
    # one by 1e4 in 300 steps): against numpy, step by step, each step (15) from the same parameters
    one, other = (lu.Network(sizes, seed=seed, activation=activation, **extra) for _ in range(2))
    for k in lu.sample_indices(12, 200, seed):
        stochastic_gradient._steps_compiled(one, X, Y, eta, np.array([k]))
        stochastic_gradient._steps_numpy(other, X, Y, eta, np.array([k]))
        for l in one.W:
            np.testing.assert_allclose(one.W[l], other.W[l], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(one.b[l], other.b[l], rtol=1e-12, atol=1e-14)
            other.W[l][...], other.b[l][...] = one.W[l], one.b[l]


def test_when_numba_cannot_be_imported_sgd_falls_back_and_says_so_once(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # `import numba` now raises ImportError
    monkeypatch.setattr(stochastic_gradient, "_COMPILED", {})
    with pytest.warns(RuntimeWarning, match=r"numba cannot be imported here \(.*\), so lu.sgd uses its Python or "
                                            r"numpy kernel instead: the same steps"):
        fallback = trained("auto", n_iter=3000)
    assert stochastic_gradient.choose_kernel(lu.Network(SIZES)) == "python"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once: no second warning
        again = trained("auto", n_iter=3000)
    assert_same_run(fallback, again)
    assert_same_run(fallback, trained("python", n_iter=3000))
    with pytest.raises(ValueError, match=r"kernel='compiled' cannot train this network: numba cannot be imported"):
        trained("compiled", n_iter=10)


def test_bad_input_is_refused_as_before():
    X, Y = lu.higham_data()
    net = lu.Network(SIZES, seed=0)
    with pytest.raises(ValueError, match=r"kernel must be 'auto', 'compiled', 'python' or 'numpy', not 'fast'"):
        lu.sgd(net, X, Y, 0.05, 10, kernel="fast")
    with pytest.raises(ValueError, match=r"kernel='compiled' cannot train this network: it knows the quadratic cost"):
        lu.sgd(lu.Network([2, 3, 2], cost="cross_entropy"), X, Y, 0.05, 10, kernel="compiled")
    with pytest.raises(ValueError, match=r"kernel='python' needs the quadratic cost"):
        lu.sgd(lu.Network([2, 3, 2], output="linear"), X, Y, 0.05, 10, kernel="python")
    for kernel in ("compiled", "python", "numpy"):
        with pytest.raises(ValueError, match="eta"):
            lu.sgd(net, X, Y, -1.0, 10, kernel=kernel)
        with pytest.raises(ValueError):
            lu.sgd(net, X[:, :5], Y, 0.05, 10, kernel=kernel)
    np.testing.assert_array_equal(net.W[2], lu.Network(SIZES, seed=0).W[2])  # nothing trained


def test_divergence_is_detected_alike():
    """η = 50 raises the same DivergenceError, at the same record, under every kernel."""
    runs = [trained(kernel, n_iter=100_000, eta=50.0) for kernel in ("compiled", "python")]
    assert isinstance(runs[0][1], lu.DivergenceError)
    assert "by iteration 1000: Cost (9) rose from 0.277" in str(runs[0][1])
    assert_same_run(*runs)
