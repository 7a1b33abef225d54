"""Bad input is answered in the lecture's terms: never a silent broadcast, never a bare numpy error."""
import re

import numpy as np
import pytest

import lecture_utils as lu

X, Y = lu.higham_data()


@pytest.fixture
def net():
    return lu.Network([2, 2, 3, 2], seed=0)


def test_x_with_the_wrong_number_of_rows(net):
    with pytest.raises(ValueError, match=re.escape("x has 3 rows but layer 1 has n_1 = 2 neurons")):
        net.forward(np.ones(3))


def test_a_transposed_batch_gets_a_hint(net):
    with pytest.raises(ValueError, match="samples are columns: did you pass the transpose"):
        net.forward(X.T)


def test_y_with_the_wrong_number_of_rows(net):
    with pytest.raises(ValueError, match=re.escape("y has 3 rows but layer 4 has n_L = 2 neurons")):
        net.cost(X[:, 0], np.ones(3))


def test_x_and_y_with_different_numbers_of_samples(net):
    with pytest.raises(ValueError, match="x holds 10 sample"):
        net.gradients(X, Y[:, :4])


@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "infinity")])
def test_non_finite_input(net, bad, word):
    x = np.array([0.1, bad])
    with pytest.raises(ValueError, match=f"x contains {word}"):
        net.forward(x)


def test_three_dimensional_input(net):
    with pytest.raises(ValueError, match="one sample of shape \\(2,\\) or a batch of shape \\(2, N\\)"):
        net.forward(np.ones((2, 2, 2)))


def test_layer_out_of_range(net):
    with pytest.raises(KeyError, match=re.escape("W^[l] exists for l = 2..4, not l = 1")):
        net.W[1]
    with pytest.raises(KeyError, match=re.escape("W^[l] exists for l = 2..4, not l = 5")):
        net.weight(5, 1, 1)
    with pytest.raises(KeyError, match=re.escape("b^[l] exists for l = 2..4, not l = 0")):
        net.bias(0, 1)


def test_neuron_out_of_range(net):
    with pytest.raises(IndexError, match=re.escape("j = 5 is out of range 1..3 for layer 3")):
        net.weight(3, 5, 1)
    with pytest.raises(IndexError, match=re.escape("k = 3 is out of range 1..2 for layer 2")):
        net.weight(3, 1, 3)
    with pytest.raises(IndexError, match=re.escape("j = 0 is out of range 1..2 for layer 2")):
        net.set_bias(2, 0, 1.0)


def test_forward_record_layer_out_of_range(net):
    fp = net.forward(X[:, 0])
    with pytest.raises(KeyError, match=re.escape("z^[l] exists for l = 2..4, not l = 1")):
        fp.z[1]


def test_replacing_W_with_the_wrong_shape(net):
    with pytest.raises(ValueError, match=re.escape("W^[3] must have shape (3, 2), not (2, 3)")):
        net.W[3] = np.zeros((2, 3))


def test_setting_a_weight_to_nan(net):
    with pytest.raises(ValueError, match="contains NaN"):
        net.set_weight(3, 1, 1, float("nan"))


@pytest.mark.parametrize("eta", [0, -0.1, float("nan"), float("inf"), "0.05"])
def test_eta_must_be_positive_and_finite(net, eta):
    with pytest.raises(ValueError, match="eta must be a positive finite number"):
        lu.sgd(net, X, Y, eta, 10)


@pytest.mark.parametrize("n_iter", [0, -5, 2.5])
def test_n_iter_must_be_a_whole_number(net, n_iter):
    with pytest.raises(ValueError, match="n_iter must be a whole number >= 1"):
        lu.sgd(net, X, Y, 0.05, n_iter)


def test_sgd_needs_a_batch(net):
    with pytest.raises(ValueError, match="X must be a batch of shape \\(n_1, N\\)"):
        lu.sgd(net, X[:, 0], Y[:, 0], 0.05, 10)


@pytest.mark.parametrize("sizes", [[2], [], "22", [2, 0, 2], [2, 1.5]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError):
        lu.Network(sizes)


def test_parameter_names_for_derivative_checks(net):
    with pytest.raises(ValueError, match=re.escape("name a parameter as (l, j, k)")):
        lu.complex_step(net, X, Y, (3,))
    with pytest.raises(IndexError, match=re.escape("j = 4 is out of range 1..3 for layer 3")):
        lu.central_difference(net, X, Y, (3, 4, 1))


def test_expanded_product_is_for_one_sample(net):
    with pytest.raises(ValueError, match="for one sample x"):
        lu.delta_expanded(net, X, Y, 2)


def test_unknown_cost_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown cost 'hinge'; known: quadratic, cross_entropy"):
        lu.Network([2, 2], cost="hinge")
