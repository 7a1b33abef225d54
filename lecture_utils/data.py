"""The running example of Higham & Higham (2019): ten points in the unit square, two categories."""
import numpy as np

_X = [[0.1, 0.3, 0.1, 0.6, 0.4, 0.6, 0.5, 0.9, 0.4, 0.7],
      [0.1, 0.4, 0.5, 0.9, 0.2, 0.3, 0.6, 0.2, 0.4, 0.6]]


def higham_data():
    """The 10 points X and their targets Y, both (2, 10): category A is y = (1, 0)ᵀ, category B is y = (0, 1)ᵀ."""
    X = np.array(_X)
    Y = np.zeros((2, 10))
    Y[0, :5] = 1.0
    Y[1, 5:] = 1.0
    return X, Y


def categories(Y):
    """The category of each column of Y, 1 or 2, as the number of its largest entry (1 is A, 2 is B)."""
    return np.argmax(np.asarray(Y), axis=0) + 1
