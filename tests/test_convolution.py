"""The convolutional layer of notebook 19 against independent references: the forward pass (CV1) against a direct
loop over channels, positions and kernel entries; each backward rule, (CV3) δ one layer down as a full convolution
with the flipped kernel, (CV4) ∂C/∂K as the input correlated with δ and (CV5) ∂C/∂b as a sum of δ, against the
complex step (agreement to rounding, relative error < 1e-12: the complex step has no subtraction, so the only error
is float64 rounding, and a wrong index or a missing flip gives errors of order 1), with hypothesis over channels,
heights, widths and kernel sizes; max pooling's backward routing; the ConvNetwork's every gradient and δ^[l]; and
bad input refused with messages in the lecture's terms (channels, height, width, kernel size)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import lecture_utils as lu  # noqa: E402

TOL = 1e-12


def direct_correlation(a, K):
    """(CV1) without b by four nested loops: z_{c,i,j} = Σ_{c',p,q} K_{c,c',p,q} a_{c',i+p−1,j+q−1} (0-based here)."""
    C_out, C_in, k, _ = K.shape
    H, W = a.shape[1:]
    z = np.zeros((C_out, H - k + 1, W - k + 1), dtype=np.result_type(a, K))
    for c in range(C_out):
        for i in range(H - k + 1):
            for j in range(W - k + 1):
                for cp in range(C_in):
                    for p in range(k):
                        for q in range(k):
                            z[c, i, j] += K[c, cp, p, q] * a[cp, i + p, j + q]
    return z


def direct_full_convolution(delta, K):
    """The sum of (CV3) by loops: g_{c',r,s} = Σ_{c,i,j} δ_{c,i,j} K_{c,c',r−i,s−j} (0-based, K zero outside)."""
    C_out, C_in, k, _ = K.shape
    h, w = delta.shape[1:]
    g = np.zeros((C_in, h + k - 1, w + k - 1))
    for cp in range(C_in):
        for r in range(h + k - 1):
            for s in range(w + k - 1):
                for c in range(C_out):
                    for i in range(h):
                        for j in range(w):
                            if 0 <= r - i < k and 0 <= s - j < k:
                                g[cp, r, s] += delta[c, i, j] * K[c, cp, r - i, s - j]
    return g


shapes = st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 4), st.integers(0, 3), st.integers(0, 3),
                   st.integers(0, 10 ** 6))


def layer(C_in, C_out, k, dH, dW, seed, batch=None):
    rng = np.random.default_rng(seed)
    last = () if batch is None else (batch,)                        # the samples last, as columns
    a = rng.uniform(-1, 1, (C_in, k + dH, k + dW) + last)
    K, b = rng.standard_normal((C_out, C_in, k, k)), rng.standard_normal(C_out)
    R = rng.standard_normal((C_out, dH + 1, dW + 1) + last)
    return a, K, b, R


def cost_of_layer(a, K, b, R):
    """A smooth cost of the layer's output: C = Σ R ∘ tanh(z), z = K ⋆ a + b (CV1); mean over a batch as (9)."""
    C = np.sum(R * np.tanh(lu.conv_weighted_input(K, b, a)))
    return C / a.shape[3] if a.ndim == 4 else C


def delta_of_layer(a, K, b, R):
    """δ = ∂C/∂z for cost_of_layer (per sample, CV2)."""
    return R * lu.tanh_prime(lu.conv_weighted_input(K, b, a))


# --- forward ------------------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(shapes)
def test_forward_is_the_cross_correlation_cv1(shape):
    a, K, b, _ = layer(*shape)
    z = lu.conv_weighted_input(K, b, a)
    assert z.shape == (K.shape[0], a.shape[1] - K.shape[2] + 1, a.shape[2] - K.shape[2] + 1)
    np.testing.assert_allclose(z, direct_correlation(a, K) + b[:, None, None], rtol=1e-12, atol=1e-12)


def test_forward_of_a_batch_is_the_forward_of_each_image():
    a, K, b, _ = layer(2, 3, 3, 2, 1, 0, batch=4)
    z = lu.conv_weighted_input(K, b, a)
    assert z.shape[-1] == 4
    for n in range(4):
        np.testing.assert_allclose(z[..., n], direct_correlation(a[..., n], K) + b[:, None, None],
                                   rtol=1e-12, atol=1e-12)


def test_forward_is_not_the_flipped_convolution():
    """(CV1) does not flip: with an asymmetric kernel the flipped one gives another z (the test could fail)."""
    a, K, b, _ = layer(1, 1, 2, 2, 2, 5)
    assert not np.allclose(lu.correlate(a, K), lu.correlate(a, np.flip(K, (-2, -1))))


# --- the three backward rules against the complex step -------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(shapes)
def test_cv3_delta_below_is_the_full_convolution_with_the_flipped_kernel(shape):
    a_unused, K, b, R = layer(*shape)
    rng = np.random.default_rng(shape[-1] + 1)
    z_prev = rng.standard_normal(a_unused.shape)
    delta = R * lu.tanh_prime(lu.conv_weighted_input(K, b, np.tanh(z_prev)))
    by_rule = lu.conv_backward_step(K, delta, z_prev, lu.tanh_prime)                     # (CV3)
    by_step = lu.complex_step_gradient(lambda z: cost_of_layer(np.tanh(z), K, b, R), z_prev)
    assert lu.relative_error(by_rule, by_step) < TOL
    np.testing.assert_allclose(lu.full_convolution(delta, K), direct_full_convolution(delta, K), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(shapes, st.sampled_from([None, 3]))
def test_cv4_kernel_gradient_is_the_input_correlated_with_delta(shape, batch):
    a, K, b, R = layer(*shape, batch=batch)
    by_rule = lu.kernel_gradient(delta_of_layer(a, K, b, R), a)                           # (CV4)
    by_step = lu.complex_step_gradient(lambda K_: cost_of_layer(a, K_, b, R), K)
    assert by_rule.shape == K.shape
    assert lu.relative_error(by_rule, by_step) < TOL


@settings(max_examples=25, deadline=None)
@given(shapes, st.sampled_from([None, 2]))
def test_cv5_bias_gradient_sums_delta(shape, batch):
    a, K, b, R = layer(*shape, batch=batch)
    by_rule = lu.conv_bias_gradient(delta_of_layer(a, K, b, R))                           # (CV5)
    by_step = lu.complex_step_gradient(lambda b_: cost_of_layer(a, K, b_, R), b)
    assert lu.relative_error(by_rule, by_step) < TOL


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 10 ** 6))
def test_max_pool_backward_routes_delta_to_the_maximum(C, h, w, seed):
    rng = np.random.default_rng(seed)
    z, R = rng.standard_normal((C, 2 * h, 2 * w)), rng.standard_normal((C, h, w))
    pooled = lu.max_pool(z)
    assert np.array_equal(pooled, z.reshape(C, h, 2, w, 2).max(axis=(2, 4)))
    by_step = lu.complex_step_gradient(lambda v: np.sum(R * lu.max_pool(v)), z)
    assert lu.relative_error(lu.max_unpool(R, z), by_step) < TOL
    assert np.count_nonzero(lu.max_unpool(np.ones((C, h, w)), z)) == C * h * w     # one winner per block


def test_max_pool_routes_a_tie_to_one_place_only():
    """Blank pixels give equal z in a block; δ goes to the first of them, not to all (which would count it twice)."""
    z = np.zeros((1, 2, 4, 3))
    z[0, 1, 1, 2] = 0.5
    routed = lu.max_unpool(np.ones((1, 1, 2, 3)), z)
    assert routed.sum() == 6 and routed[0, 1, 1, 2] == 1 and routed[0, 0, 0, 0] == 1 and routed[0, 0, 1, 0] == 0
    by_step = lu.complex_step_gradient(lambda v: np.sum(lu.max_pool(v)), z)
    assert lu.relative_error(routed, by_step) < TOL


def test_weight_sharing_terms_sum_to_the_kernel_gradient():
    a, K, b, R = layer(2, 3, 3, 3, 2, 7)
    delta, dK = delta_of_layer(a, K, b, R), None
    dK = lu.kernel_gradient(delta, a)
    for c, cp, p, q in [(1, 1, 1, 1), (3, 2, 2, 3), (2, 1, 3, 2)]:
        terms = lu.weight_sharing_terms(delta, a, c, cp, p, q)
        assert terms.shape == delta.shape[1:]
        assert abs(terms.sum() - dK[c - 1, cp - 1, p - 1, q - 1]) < 1e-12 * np.abs(dK).max()


# --- the network ---------------------------------------------------------------------------------------------
NETWORKS = [dict(image=(2, 6, 6), conv=[(3, 3), (2, 2)], dense=[4], pool=False),
            dict(image=(1, 10, 10), conv=[(3, 3), (2, 1)], dense=[5, 3], pool=True),
            dict(image=(1, 8, 8), conv=[(4, 3)], dense=[10], pool=True)]


def small_problem(spec, seed=3, N=3):
    net = lu.ConvNetwork(**spec, seed=seed)
    rng = np.random.default_rng(seed)
    for l in net.b:                                 # nonzero biases, so (CV5) and (24) are really tested
        net.b[l] = 0.1 * rng.standard_normal(net.b[l].shape)
    X = rng.uniform(0, 1, (int(np.prod(net.image)), N))
    Y = lu.one_hot(rng.integers(0, net.dense[-1], N), net.dense[-1])
    return net, X, Y


@pytest.mark.parametrize("spec", NETWORKS)
def test_every_gradient_of_the_network_agrees_with_the_complex_step(spec):
    net, X, Y = small_problem(spec)
    g = net.gradients(X, Y)
    for symbol, store, grads in (("K", net.K, g.dK), ("W", net.W, g.dW), ("b", net.b, g.db)):
        for l in store:
            by_step = lu.complex_step_gradient(lambda v: net.cost_with(symbol, l, v, X, Y), store[l])
            assert lu.relative_error(grads[l], by_step) < TOL, (symbol, l)


@pytest.mark.parametrize("spec", NETWORKS)
def test_every_delta_is_the_derivative_by_z_eq_21(spec):
    net, X, Y = small_problem(spec)
    x, y = X[:, 0], Y[:, 0]
    g, fp = net.gradients(x, y), net.forward(x)
    for l in range(2, net.L + 1):
        z = fp.z[l][..., 0]
        by_step = lu.complex_step_gradient(lambda v: net.cost_from(l, v, x, y), z)
        assert g.delta[l].shape == z.shape
        assert lu.relative_error(g.delta[l], by_step) < TOL, l


def test_batch_gradient_is_the_mean_of_the_per_sample_gradients():
    net, X, Y = small_problem(NETWORKS[1], N=5)
    batch = net.trainable_gradients(X, Y)
    per_sample = [net.trainable_gradients(X[:, [i]], Y[:, [i]]) for i in range(5)]
    for k, g in enumerate(batch):
        assert lu.relative_error(g, np.mean([s[k] for s in per_sample], axis=0)) < TOL


def test_gradients_are_fresh_and_in_the_order_of_trainable():
    net, X, Y = small_problem(NETWORKS[0])
    params, grads = net.trainable(), net.trainable_gradients(X, Y)
    assert [p.symbol for p in params] == ["K^[2]", "K^[3]", "W^[4]", "b^[2]", "b^[3]", "b^[4]"]
    assert [p.decays for p in params] == [True, True, True, False, False, False]
    assert all(p.value.shape == g.shape for p, g in zip(params, grads))
    again = net.trainable_gradients(X, Y)
    assert all(np.array_equal(g, h) for g, h in zip(grads, again))


def test_fit_trains_the_network_in_place_and_copy_is_independent():
    net, X, Y = small_problem(NETWORKS[2], N=20)
    before, copy = net.cost(X, Y), net.copy()
    history = lu.fit(net, X, Y, lu.WeightDecay(0.1, 1e-4), epochs=20, batch_size=5, seed=0)
    assert history.cost[-1] < 0.7 * before and net.cost(X, Y) == pytest.approx(history.cost[-1])
    assert copy.cost(X, Y) == pytest.approx(before)
    assert net.parameters_finite()


def test_parameter_count_and_output_shapes():
    net = lu.ConvNetwork(image=(1, 8, 8), conv=[(8, 3)], dense=[10], pool=True)
    assert net.n_parameters == 8 * (9 + 1) + 10 * (72 + 1) == 810
    assert lu.ConvNetwork(image=(1, 8, 8), conv=[(8, 3)], dense=[10], pool=False).n_parameters == 80 + 10 * 289
    x = np.zeros(64)
    assert net.output(x).shape == (10,) and net.output(np.zeros((64, 3))).shape == (10, 3)
    assert net.predict(np.zeros((64, 2))).shape == (2,)


# --- bad input, refused in the lecture's terms -------------------------------------------------------------
@pytest.mark.parametrize("call, words", [
    (lambda: lu.correlate(np.zeros((3, 5, 5)), np.zeros((2, 2, 3, 3))), "has 3 channels but the kernel"),
    (lambda: lu.correlate(np.zeros((1, 2, 5)), np.zeros((1, 1, 3, 3))), "kernel size k = 3 is larger than the 2 × 5"),
    (lambda: lu.correlate(np.zeros((1, 5, 5)), np.zeros((1, 1, 3, 2))), "square"),
    (lambda: lu.correlate(np.zeros((5, 5)), np.zeros((1, 1, 3, 3))), "(channels, height, width)"),
    (lambda: lu.full_convolution(np.zeros((3, 2, 2)), np.zeros((2, 1, 3, 3))), "C_l = 2 channels"),
    (lambda: lu.kernel_gradient(np.zeros((2, 3, 3, 3)), np.zeros((1, 5, 5))), "the same samples"),
    (lambda: lu.max_pool(np.zeros((1, 3, 4))), "even height and width, not 3 × 4"),
    (lambda: lu.weight_sharing_terms(np.zeros((2, 3, 3)), np.zeros((1, 5, 5)), 3, 1, 1, 1), "channel c = 3"),
    (lambda: lu.weight_sharing_terms(np.zeros((2, 3, 3)), np.zeros((1, 5, 5)), 1, 1, 4, 1), "kernel row p = 4"),
    (lambda: lu.ConvNetwork(image=(1, 8, 8), conv=[(4, 9)]), "kernel size k = 9 of layer 2 is larger"),
    (lambda: lu.ConvNetwork(image=(1, 8, 8), conv=[(4, 2)], pool=True), "needs an even height and width"),
    (lambda: lu.ConvNetwork(image=(8, 8)), "(channels, height, width)"),
    (lambda: lu.ConvNetwork(conv=[(0, 3)]), "channels C_l"),
    (lambda: lu.ConvNetwork(dense=[]), "at least one"),
    (lambda: lu.ConvNetwork().output(np.zeros(63)), "1 channel(s) × height 8 × width 8"),
    (lambda: lu.ConvNetwork().output(np.full(64, np.nan)), "NaN"),
    (lambda: lu.ConvNetwork().cost(np.zeros((64, 2)), np.zeros((10, 3))), "each input needs exactly one target"),
    (lambda: lu.ConvNetwork().cost_with("V", 2, 0, np.zeros(64), np.zeros(10)), "'K', 'W' or 'b'"),
    (lambda: lu.ConvNetwork().cost_from(2, np.zeros((8, 6, 6)), np.zeros((64, 2)), np.zeros((10, 2))),
     "one sample"),
    (lambda: lu.ConvNetwork().cost_from(2, np.zeros((8, 3, 3)), np.zeros(64), np.zeros(10)), "shape (8, 6, 6)"),
    (lambda: lu.ConvNetwork().cost_from(5, np.zeros(10), np.zeros(64), np.zeros(10)), "l = 2..3"),
])
def test_bad_input_is_refused_in_the_lecture_s_terms(call, words):
    with pytest.raises((ValueError, KeyError, IndexError)) as info:
        call()
    assert words in str(info.value)


def test_a_kernel_of_the_wrong_shape_is_refused_by_name():
    net = lu.ConvNetwork()
    with pytest.raises(ValueError, match=r"K\^\[2\] must have shape \(8, 1, 3, 3\)"):
        net.K[2] = np.zeros((8, 1, 2, 2))


def test_training_that_diverges_is_stopped_in_words():
    net, X, Y = small_problem(NETWORKS[2], N=20)
    with pytest.raises(lu.DivergenceError):
        lu.fit(net, X, Y, lu.GradientDescent(1e6), epochs=5, batch_size=5, seed=0)


# --- figures and exercises ---------------------------------------------------------------------------------
def test_figures_draw_on_the_axes_given():
    a, K, b, R = layer(1, 2, 3, 3, 3, 1)
    fig = plt.figure()
    axes = fig.subplots(1, 3)
    assert list(lu.plot_weight_sharing(a, delta_of_layer(a, K, b, R), c=2, p=3, q=1, axes=axes)) == list(axes)
    terms = lu.weight_sharing_terms(delta_of_layer(a, K, b, R), a, 2, 1, 3, 1)
    assert f"{terms.sum():.3g}" in axes[2].get_title()
    fig2 = lu.plot_kernels(K)
    pictures = [ax for ax in fig2.axes if ax.images]
    assert len(pictures) == 2 and len(fig2.axes) == 3                # two kernels and the colour bar
    np.testing.assert_array_equal(pictures[1].images[0].get_array(), K[1, 0])
    plt.close("all")


def test_check_conv_bias_gradient_names_the_likely_mistake():
    delta = np.random.default_rng(0).standard_normal((3, 4, 4))
    assert lu.check_conv_bias_gradient(delta, delta.sum(axis=(1, 2)))
    assert "mean" in repr(lu.check_conv_bias_gradient(delta, delta.mean(axis=(1, 2))))
    assert "sign" in repr(lu.check_conv_bias_gradient(delta, -delta.sum(axis=(1, 2))))
    assert "first position" in repr(lu.check_conv_bias_gradient(delta, delta[:, 0, 0]))
    assert "No answer" in repr(lu.check_conv_bias_gradient(delta, None))


def test_check_conv_parameter_count_names_the_likely_mistake():
    assert lu.check_conv_parameter_count(8, 16, 3, 1168)
    assert "bias" in repr(lu.check_conv_parameter_count(8, 16, 3, 1152))
    assert "every input channel" in repr(lu.check_conv_parameter_count(8, 16, 3, 160))
    assert "one output channel" in repr(lu.check_conv_parameter_count(8, 16, 3, 73))
    assert not lu.check_conv_parameter_count(8, 16, 3, 1000)


def test_fit_records_delta_norms_of_a_cnn():
    """fit(record_deltas=True) on a ConvNetwork: ‖δ^[l]‖ of a convolutional layer is the RMS over samples of the norm
    over channels × rows × columns, read from the model's own gradients."""
    X, Y, *_ = lu.digits_data(n_test=450, seed=0)
    X, Y = X[:, :40], Y[:, :40]
    model = lu.ConvNetwork(conv=((2, 3),), seed=1)
    delta = model.gradients(X, Y).delta
    expected = {l: np.sqrt(np.mean(np.sum(delta[l].reshape(-1, 40) ** 2, axis=0))) for l in range(2, model.L + 1)}
    history = lu.fit(model, X, Y, lu.GradientDescent(0.1), epochs=1, record_deltas=True)
    for l in range(2, model.L + 1):
        assert np.isclose(history.delta_norm[l][0], expected[l], rtol=1e-12)
