"""Every claim notebook 12 (regression) and its solutions make about their numbers and figures, computed by the same
lu calls with the same settings and seeds: most targets outside (0, 1), the sigmoid output's cost just above the
floor (MS3) and saturated where y < 0, backpropagation against complex step, the fitted curves at epochs 0, 100,
1000 and 3000, the plateau and fall of the cost, the final costs (28 times below the sigmoid's, close to what
sin(2πx) itself costs), and exercise 3's floors."""
import json
import pathlib

import numpy as np
import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "12_regression.ipynb"
SOLUTIONS = ROOT / "notebooks" / "solutions" / "12_regression_solutions.ipynb"
CALLS = {  # what the notebook runs, verbatim
    "data": "lu.regression_data(n_train=40, n_val=40, noise=0.1, seed=2)",
    "seed": "SEED = 1",
    "sigmoid": "lu.Network([1, 10, 1], seed=SEED)",
    "linear": 'lu.Network([1, 10, 1], seed=SEED, output="linear")',
    "train": "lu.train(sigmoid_net, X, Y, eta=0.3, epochs=3000, batch_size=10, seed=0, X_val=X_val, Y_val=Y_val)",
    "watched": "lu.train_watched(net, X, Y, eta=0.3, watch=(0, 100, 1000, 3000), batch_size=10, seed=0,",
}


def sources(path):
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def test_the_notebook_runs_these_settings():
    text = sources(NOTEBOOK)
    assert all(call in text for call in CALLS.values()), [k for k, c in CALLS.items() if c not in text]


@pytest.fixture(scope="module")
def run():
    X, Y, X_val, Y_val = lu.regression_data(n_train=40, n_val=40, noise=0.1, seed=2)
    sigmoid_net = lu.Network([1, 10, 1], seed=1)
    sigmoid_history = lu.train(sigmoid_net, X, Y, eta=0.3, epochs=3000, batch_size=10, seed=0, X_val=X_val,
                               Y_val=Y_val)
    net = lu.Network([1, 10, 1], seed=1, output="linear")
    start = net.copy()
    history, fits = lu.train_watched(net, X, Y, eta=0.3, watch=(0, 100, 1000, 3000), batch_size=10, seed=0,
                                     X_val=X_val, Y_val=Y_val)
    return dict(X=X, Y=Y, X_val=X_val, Y_val=Y_val, sigmoid_net=sigmoid_net, sigmoid_history=sigmoid_history,
                net=net, start=start, history=history, fits=fits)


def test_most_targets_lie_outside_the_unit_interval(run):
    Y = run["Y"]
    assert np.sum((Y < 0) | (Y > 1)) > Y.size / 2


def test_the_sigmoid_output_sits_just_above_the_floor_and_not_below(run):
    floor, h = lu.range_cost_floor(run["Y"]), run["sigmoid_history"]
    assert np.all(h.cost >= floor)                 # "will not go below it", at every epoch
    assert 0 < h.cost[-1] - floor < 0.02           # "just above"


def test_the_sigmoid_output_has_saturated_where_the_targets_are_negative(run):
    net, X, Y = run["sigmoid_net"], run["X"], run["Y"]
    fp, below = net.forward(X), Y[0] < 0
    assert fp.output[0, below].max() < 0.1         # "pushed against 0"
    assert np.all(fp.z[net.L][0, below] < -2)      # "z^[L] is large and negative"
    assert np.median(lu.sigma_prime(fp.z[net.L][0, below])) < 0.01   # "σ'(z^[L]) is nearly 0"


def test_backpropagation_agrees_with_complex_step_to_rounding(run):
    net, X, Y = run["start"], run["X"], run["Y"]
    exact, check = net.gradients(X, Y), lu.numerical_gradients(net, X, Y, method="complex_step")
    error = max(max(lu.relative_error(exact.dW[l], check.dW[l]), lu.relative_error(exact.db[l], check.db[l]))
                for l in range(2, net.L + 1))
    assert error < lu.ROUNDING


def curve(net, X):
    x = np.linspace(X.min(), X.max(), 200)[None, :]
    return x[0], net.output(x)[0]


def distance_from_a_line(x, a):
    return np.max(np.abs(a - np.polyval(np.polyfit(x, a, 1), x)))


def test_the_fitted_curves_as_the_figure_describes_them(run):
    fits, X = run["fits"], run["X"]
    x, a0 = curve(fits[0], X)
    assert np.ptp(a0) < 0.05                                       # epoch 0: nearly flat
    for epoch in (100, 1000):                                      # still close to a straight line
        x, a = curve(fits[epoch], X)
        assert distance_from_a_line(x, a) < 0.2 and np.ptp(a) > 1.5
    x, a = curve(fits[3000], X)                                    # follows the wave
    assert np.max(np.abs(a - lu.regression_curve(x))) < 0.2
    assert distance_from_a_line(x, a) > 0.5


def test_the_cost_has_a_plateau_then_falls_more_than_tenfold(run):
    h = run["history"]
    plateau = h.cost[100:1001]
    assert 0.07 < np.median(plateau) < 0.09                        # "around 0.08"
    assert h.cost[2500] < h.cost[1000] / 10                        # "falls more than tenfold by epoch 2500"
    first = int(np.argmax(h.cost < 0.01))
    assert 1900 <= first <= 2100                                   # "first drops below 0.01 around epoch 2000"
    assert np.mean(h.val_cost[2500:]) > np.mean(h.cost[2500:])     # "the validation cost ... a little higher"
    assert np.mean(h.val_cost[2500:]) < 1.5 * np.mean(h.cost[2500:])


def test_the_final_costs(run):
    h, sh, X, Y, X_val, Y_val = (run[k] for k in ("history", "sigmoid_history", "X", "Y", "X_val", "Y_val"))
    assert round(sh.cost[-1] / h.cost[-1]) == 28                   # "28 times below the sigmoid output's"
    truth = 0.5 * np.mean((Y - lu.regression_curve(X)) ** 2)
    assert 0 < h.cost[-1] - truth < 0.002                          # "close to what the true function costs"
    assert truth == pytest.approx(0.5 * 0.1 ** 2, rel=0.2)         # "about ½ · 0.1² = 0.005"
    assert run["net"].cost(X_val, Y_val) == h.val_cost[-1]


def test_exercise_3_floors(run):
    Y, h = run["Y"], run["history"]
    tanh, relu, sigmoid = (lu.range_cost_floor(Y, *r) for r in ((-1, 1), (0, np.inf), (0, 1)))
    assert tanh < h.cost[-1] / 10                                  # "tiny, far below the linear output's final cost"
    assert relu < sigmoid and sigmoid - relu < 0.001               # "about as high"; "the extra loss above 1 is small"
    assert "lu.range_cost_floor(Y, low, high)" in sources(SOLUTIONS)
