"""The training loop's seam (lecture_utils/training.py): the update rules against their formulas, train as fit
with the lecture's rule, and a model with a parameter other than W and b and a training mode, trained by the same
loop without a new one."""
import numpy as np
import pytest

import lecture_utils as lu


def test_gradient_descent_and_weight_decay_are_their_formulas():
    W, b = np.array([[1.0, -2.0]]), np.array([0.5])
    gW, gb = np.array([[0.1, 0.2]]), np.array([-0.3])
    params = [lu.Parameter("W^[2]", W, decays=True), lu.Parameter("b^[2]", b, decays=False)]
    lu.WeightDecay(eta=0.5, lam=0.2).step(params, [gW, gb])
    np.testing.assert_allclose(W, (1 - 0.5 * 0.2) * np.array([[1.0, -2.0]]) - 0.5 * gW)
    np.testing.assert_allclose(b, np.array([0.5]) - 0.5 * gb)              # biases do not decay
    lu.GradientDescent(eta=0.5).step(params, [gW, gb])
    np.testing.assert_allclose(W, 0.9 * np.array([[1.0, -2.0]]) - gW)


@pytest.mark.parametrize("rule, match", [(lambda: lu.GradientDescent(0.0), "eta"),
                                         (lambda: lu.WeightDecay(0.1, -1.0), "lam"),
                                         (lambda: lu.WeightDecay(0.1, float("nan")), "lam")])
def test_update_rules_refuse_bad_settings_in_words(rule, match):
    with pytest.raises(ValueError, match=match):
        rule()


def test_train_is_fit_with_the_lecture_s_rule():
    X, Y, X_val, Y_val = lu.noisy_data(n_train=40, n_val=40, seed=1)
    a, b = lu.Network([2, 8, 2], seed=3), lu.Network([2, 8, 2], seed=3)
    ha = lu.train(a, X, Y, eta=0.5, epochs=20, batch_size=10, seed=2, lam=0.01, X_val=X_val, Y_val=Y_val)
    hb = lu.fit(b, X, Y, lu.WeightDecay(0.5, 0.01), 20, batch_size=10, seed=2, validation=(X_val, Y_val))
    for l in (2, 3):
        np.testing.assert_array_equal(a.W[l], b.W[l])
    np.testing.assert_array_equal(ha.cost, hb.cost)
    np.testing.assert_array_equal(ha.val_cost, hb.val_cost)


def test_gradient_step_is_one_step_of_the_rule():
    X, Y = lu.higham_data()
    a, b = lu.Network([2, 3, 2], seed=1), lu.Network([2, 3, 2], seed=1)
    lu.gradient_step(a, X, Y, eta=0.3, lam=0.1)
    lu.WeightDecay(0.3, 0.1).step(b.trainable(), b.trainable_gradients(X, Y))
    for l in (2, 3):
        np.testing.assert_array_equal(a.W[l], b.W[l])
        np.testing.assert_array_equal(a.b[l], b.b[l])


class ScaledOutput:
    """A model the loop has never seen: a Network whose output a^[L] is multiplied by a trainable scale s (a
    parameter other than W and b), and which has a training and an evaluation mode. In training mode the scale is
    used; it logs the mode of every call, so the test can see which mode the loop used where."""

    def __init__(self, net):
        self.net, self.s, self.training, self.log = net, np.array([0.5]), False, []
        self.L, self.cost_function = net.L, net.cost_function

    def check_data(self, X, Y):
        return self.net.check_data(X, Y)

    def output(self, X):
        self.log.append(("output", self.training))
        return self.s[0] * self.net.output(X)

    def gradients(self, X, Y):
        return self.net.gradients(X, Y)

    def parameters_finite(self):
        return self.net.parameters_finite() and np.isfinite(self.s).all()

    def trainable(self):
        return self.net.trainable() + [lu.Parameter("s", self.s, decays=False)]

    def trainable_gradients(self, X, Y):
        """Cost (9) of s a^[L]: ∂/∂s = mean over the samples of (s a − y) · a, and the network's own gradients of
        the quadratic cost with targets y / s, scaled by s² (the chain rule through the product)."""
        self.log.append(("gradients", self.training))
        a = self.net.output(X)
        ds = np.mean(np.sum((self.s[0] * a - Y) * a, axis=0))
        inner = self.net.trainable_gradients(X, Y / self.s[0])
        return [self.s[0] ** 2 * g for g in inner] + [np.array([ds])]


def test_a_model_with_a_new_parameter_and_modes_trains_in_the_same_loop():
    X, Y = lu.higham_data()
    model = ScaledOutput(lu.Network([2, 3, 2], seed=0))
    before = model.s.copy()
    history = lu.fit(model, X, Y, lu.GradientDescent(1.0), epochs=50)
    assert model.s[0] != before[0]                                    # the new parameter was trained
    assert history.cost[-1] < history.cost[0]
    assert {mode for call, mode in model.log if call == "gradients"} == {True}    # updates in training mode
    assert {mode for call, mode in model.log if call == "output"} == {False}      # records in evaluation mode
    assert model.training is False


def test_the_new_parameter_s_gradient_is_right():
    """The seam test's own model, checked against central differences, so that the test above trains what it says."""
    X, Y = lu.higham_data()
    model = ScaledOutput(lu.Network([2, 3, 2], seed=0))
    cost = lambda: 0.5 * np.mean(np.sum((model.output(X) - Y) ** 2, axis=0))  # noqa: E731
    grads = model.trainable_gradients(X, Y)
    for k, parameter in enumerate(model.trainable()):
        flat, numeric = parameter.value.reshape(-1), []
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + 1e-6
            up = cost()
            flat[i] = keep - 1e-6
            down = cost()
            flat[i] = keep
            numeric.append((up - down) / 2e-6)
        assert lu.relative_error(grads[k].reshape(-1), numeric) < 1e-6, parameter.symbol
