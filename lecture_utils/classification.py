"""Reading the outputs as categories: the category of a target, the network's verdict on every point of the unit
square (its decision regions), and the fraction of samples it gets right."""
import numpy as np


def categories(Y):
    """The category of each column of Y, 1 or 2, as the number of its largest entry (1 is A, 2 is B)."""
    return np.argmax(np.asarray(Y), axis=0) + 1


def decision_grid(net, resolution=200):
    """The unit square on a resolution × resolution grid and, at each point, a_1^[L] − a_2^[L] (> 0 means A)."""
    t = np.linspace(0, 1, resolution)
    x1, x2 = np.meshgrid(t, t)
    a = net.output(np.vstack([x1.ravel(), x2.ravel()]))
    return x1, x2, (a[0] - a[1]).reshape(x1.shape)


def share_against_boundary(net, boundary, resolution=200):
    """The fraction of the unit square that the network puts in the other category than the curve
    x_2 = boundary(x_1) does (A below it, B above, as noisy_data draws them): how far its regions are from the truth."""
    x1, x2, margin = decision_grid(net, resolution)
    return float(np.mean((margin > 0) != (x2 < boundary(x1))))


def accuracy_of_outputs(A, Y):
    """The fraction of columns whose largest output a_j^[L] is at the neuron j where y_j is largest."""
    return float(np.mean(np.argmax(A, axis=0) == np.argmax(Y, axis=0)))


def accuracy(net, X, Y):
    """The fraction of samples that the network puts in the right category (accuracy_of_outputs of its output)."""
    X, Y = net.check_data(X, Y)
    return accuracy_of_outputs(net.output(X), Y)
