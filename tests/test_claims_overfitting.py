"""Every claim notebook 15 (overfitting) and its solutions make about their numbers and figures, computed by the same
lu calls with the same settings and seeds: the train/validation gap of the unregularised network, its validation
cost turning up while the training cost falls, what weight decay and early stopping each do, the decision regions,
the ReLU slope bound behind weight decay, and exercise 2's two values of λ.

SETTINGS is what the notebook runs (test_the_notebook_runs_these_settings reads it from the notebook). With the
notebook's former settings (60 points, seed 0, 600 epochs) the training accuracy was 92% for all three networks and
weight decay lowered the validation accuracy; these tests fail there."""
import json
import math
import pathlib

import numpy as np
import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
SETTINGS = dict(n_train=30, n_val=200, flip=0.1, data_seed=1, seed=1, sizes=[2, 60, 60, 2], eta=0.1, epochs=1000,
                batch_size=10, lam=0.01, patience=50)
BLOCK = 100  # the notebook reads the noisy curves by their means over each 100 epochs


def percent(x):
    return f"{x:.1%}"


@pytest.fixture(scope="module")
def data():
    s = SETTINGS
    return lu.noisy_data(n_train=s["n_train"], n_val=s["n_val"], flip=s["flip"], seed=s["data_seed"])


def flipped(X, Y):
    """As the notebook's flipped(X, Y): the label is not the one the wave gives (B above it)."""
    return (X[1] > lu.wave_boundary(X[0])) != (Y[1] == 1)


def make_network():
    return lu.Network(SETTINGS["sizes"], seed=SETTINGS["seed"], activation="relu", init="he", cost="cross_entropy")


@pytest.fixture(scope="module")
def runs(data):
    """The notebook's three networks and their histories: none, weight decay, early stopping."""
    X, Y, X_val, Y_val = data
    s = SETTINGS
    options = dict(eta=s["eta"], epochs=s["epochs"], batch_size=s["batch_size"], seed=s["seed"], X_val=X_val,
                   Y_val=Y_val)
    out = {}
    for name, extra in (("none", {}), ("weight decay", dict(lam=s["lam"])),
                        ("early stopping", dict(patience=s["patience"]))):
        net = make_network()
        out[name] = (net, lu.train(net, X, Y, **extra, **options))
    return out


@pytest.fixture(scope="module")
def exercise2(data):
    """The solutions' exercise 2: λ = 0.1 and λ = 0.001, trained without validation data, as there."""
    X, Y, _, _ = data
    s = SETTINGS
    nets = {}
    for lam in (0.1, 0.001):
        nets[lam] = make_network()
        lu.train(nets[lam], X, Y, eta=s["eta"], epochs=s["epochs"], batch_size=s["batch_size"], seed=s["seed"],
                 lam=lam)
    return nets


def numbers(net, data):
    """What the notebook's report prints: training cost and accuracy, validation cost and accuracy."""
    X, Y, X_val, Y_val = data
    return net.cost(X, Y), lu.accuracy(net, X, Y), net.cost(X_val, Y_val), lu.accuracy(net, X_val, Y_val)


def block_means(values):
    """The means over epochs 1-100, 101-200, ... of a per-epoch record (epoch 0, the start, left out)."""
    values = np.asarray(values[1:])
    return values[: len(values) // BLOCK * BLOCK].reshape(-1, BLOCK).mean(axis=1)


def says_A(net, points):
    a = net.output(np.array(points, dtype=float).T)
    return a[0] > a[1]


def segment(p, q, n=60):
    return [tuple(np.asarray(p) + t * (np.asarray(q) - np.asarray(p))) for t in np.linspace(0, 1, n)]


def wrong_side(net):
    """As the notebook's wrong_side: the share of the square on the other side of the wave."""
    x1, x2, margin = lu.decision_grid(net)
    return np.mean((margin > 0) != (x2 < lu.wave_boundary(x1)))


def slope_bound(net):
    return np.prod([np.linalg.norm(W, 2) for W in net.W.values()])


def code_of(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


# --- the notebook is the one these tests describe --------------------------------------------------------------
def test_the_notebook_runs_these_settings():
    s = SETTINGS
    data_call = f"lu.noisy_data(n_train={s['n_train']}, n_val={s['n_val']}, flip={s['flip']}, seed={s['data_seed']})"
    code = code_of(ROOT / "notebooks" / "15_overfitting.ipynb")
    for text in (data_call, f"SEED = {s['seed']}", f"lu.Network({s['sizes']}, seed=SEED", f"eta={s['eta']}",
                 f"epochs={s['epochs']}", f"batch_size={s['batch_size']}", f"lam={s['lam']}",
                 f"patience={s['patience']}"):
        assert text in code, f"notebook 15 no longer runs {text!r}: update SETTINGS and the claims"
    code = code_of(ROOT / "notebooks" / "solutions" / "15_overfitting_solutions.ipynb")
    assert data_call in code and f"epochs={s['epochs']}" in code and "for lam in (0.1, 0.001)" in code


# --- the data -------------------------------------------------------------------------------------------------
def test_3_of_30_training_labels_are_flipped_and_the_wave_itself_gets_93_percent(data):
    X, Y, X_val, Y_val = data
    assert X.shape[1] == 30 and X_val.shape[1] == 200
    assert flipped(X, Y).sum() == 3 and flipped(X_val, Y_val).sum() == 14
    assert percent(1 - flipped(X_val, Y_val).mean()) == "93.0%"


def test_about_4000_weights_and_biases_for_30_points():
    assert make_network().n_parameters == 3962


# --- no regularisation: overfitting ----------------------------------------------------------------------------
def test_the_unregularised_network_gets_every_training_point_right_the_flipped_ones_too(runs, data):
    X, Y, _, _ = data
    net, h = runs["none"]
    cost, acc, val_cost, val_acc = numbers(net, data)
    assert acc == 1.0 and f"{cost:.3f}" == "0.019"
    assert (lu.categories(net.output(X)) == lu.categories(Y))[flipped(X, Y)].all()
    assert f"{val_cost:.3f}" == "0.703" and percent(val_acc) == "80.0%"


def test_the_training_cost_falls_all_the_way(runs):
    _, h = runs["none"]
    means = block_means(h.cost)
    assert len(means) == 10 and np.all(np.diff(means) < 0), means


def test_the_validation_cost_is_least_at_epoch_182_and_then_turns_up_and_doubles(runs):
    _, h = runs["none"]
    assert h.best_epoch == 182 == int(np.argmin(h.val_cost))
    assert f"{h.val_cost[182]:.3f}" == "0.347" and f"{h.val_cost[1000]:.3f}" == "0.703"
    assert h.val_cost[1000] >= 2 * h.val_cost[182]                    # "it has doubled"
    means = block_means(h.val_cost)
    assert np.all(np.diff(means[2:]) > 0), means                      # after epoch 300, each mean above the last
    assert means[2] < means[1]                                        # ... and not before: the notebook says 300


def test_between_epoch_182_and_1000_training_accuracy_rises_and_validation_accuracy_falls(runs):
    _, h = runs["none"]
    assert percent(h.accuracy[182]) == "86.7%" and percent(h.accuracy[1000]) == "100.0%"
    assert percent(h.val_accuracy[182]) == "90.5%" and percent(h.val_accuracy[1000]) == "80.0%"
    assert f"{h.cost[182]:.3f}" == "0.326" and f"{h.cost[1000]:.3f}" == "0.019"
    assert round(100 * (h.accuracy[1000] - h.val_accuracy[1000])) == 20          # "a gap of 20 points"
    assert round(100 * (1 - 14 / 200 - h.val_accuracy[1000])) == 13             # "13 points below ... 93.0%"


def test_after_epoch_182_the_network_fits_its_last_4_points_2_of_them_flipped(runs, data):
    X, Y, _, _ = data
    at_182 = runs["early stopping"][0]                                # the parameters of epoch 182
    wrong = lu.categories(at_182.output(X)) != lu.categories(Y)
    assert wrong.sum() == 4 and (wrong & flipped(X, Y)).sum() == 2
    assert lu.accuracy(runs["none"][0], X, Y) == 1.0


def test_the_unregularised_regions_reach_out_to_each_flipped_point(runs, data):
    X, Y, _, _ = data
    net = runs["none"][0]
    cross_left, circle, cross_low = X[:, flipped(X, Y)].T             # (0.40, 0.10), (0.98, 0.69), (0.54, 0.02)
    assert cross_low[1] < cross_left[1] < 0.15 and circle[0] > 0.95 and circle[1] > 0.6
    # a blue island at the right edge around the circle: A there, B below and to its left
    assert says_A(net, segment((0.99, 0.6), (0.99, 0.8))).all() and says_A(net, [tuple(circle)]).all()
    assert not says_A(net, [(0.99, 0.56), (0.9, circle[1]), (0.99, 0.85)]).any()
    # a red wedge from the middle of the square down to the two crosses, where the wave says A
    assert not says_A(net, segment(cross_low, (0.7, 0.4)) + segment(cross_left, cross_low)).any()
    assert all(x[1] < lu.wave_boundary(x[0]) for x in (cross_left, cross_low))


# --- the check of (R2) against (R1) --------------------------------------------------------------------------
def test_one_step_of_R2_agrees_with_a_central_difference_of_R1(data):
    X, Y, _, _ = data
    net, lam, eta, h = make_network(), 0.01, 0.1, 1e-6
    up, down = net.copy(), net.copy()
    up.W[2][0, 0] += h
    down.W[2][0, 0] -= h
    slope = (lu.regularised_cost(up, X, Y, lam) - lu.regularised_cost(down, X, Y, lam)) / (2 * h)
    stepped = net.copy()
    lu.gradient_step(stepped, X, Y, eta, lam)
    change = stepped.weight(2, 1, 1) - net.weight(2, 1, 1)
    assert f"{change:.4e}" == f"{-eta * slope:.4e}" == "-1.2672e-03"
    assert lu.agreement(lu.relative_error(change, -eta * slope), 1e-6) == "below 1e-6"


# --- weight decay -------------------------------------------------------------------------------------------------
def test_weight_decay_levels_the_validation_cost_off_and_training_still_falls_more_slowly(runs, data):
    net, h = runs["weight decay"]
    cost, acc, val_cost, val_acc = numbers(net, data)
    assert f"{cost:.3f}" == "0.256" and percent(acc) == "93.3%"
    assert f"{val_cost:.3f}" == "0.350" and percent(val_acc) == "83.0%"
    assert np.all(np.round(block_means(h.val_cost)[5:], 2) == 0.34)  # from epoch 500 on, each mean at 0.34
    assert np.all(np.diff(block_means(h.cost)) < 0)                   # the training cost still falls
    assert cost > runs["none"][1].cost[-1]                            # ... but more slowly


def test_both_remedies_halve_the_validation_cost_and_raise_the_validation_accuracy(runs, data):
    none = numbers(runs["none"][0], data)
    for name in ("weight decay", "early stopping"):
        cost, acc, val_cost, val_acc = numbers(runs[name][0], data)
        assert val_cost <= none[2] / 2, name
        assert val_acc > none[3], name
        assert cost > none[0], name                                   # the training cost goes up
    assert round(200 * (numbers(runs["weight decay"][0], data)[3] - none[3])) == 6   # "6 more of the 200 points"


def test_the_gap_narrows_and_with_early_stopping_reverses(runs, data):
    gaps = {name: numbers(net, data)[1] - numbers(net, data)[3] for name, (net, _) in runs.items()}
    assert f"{100 * gaps['none']:.1f}" == "20.0" and f"{100 * gaps['weight decay']:.1f}" == "10.3"
    assert gaps["early stopping"] < 0


def test_neither_remedy_has_the_flipped_points_by_heart_each_fits_only_the_lowest_cross(runs, data):
    X, Y, _, _ = data
    low = np.argmin(np.where(flipped(X, Y), X[1], np.inf))            # the lower of the two crosses at the bottom
    for name in ("weight decay", "early stopping"):
        right = lu.categories(runs[name][0].output(X)) == lu.categories(Y)
        assert right[flipped(X, Y)].sum() == 1 and right[low], name


def test_the_decayed_network_has_no_island_at_the_circle_but_a_band_down_to_the_lowest_cross(runs, data):
    X, Y, _, _ = data
    net = runs["weight decay"][0]
    cross_left, circle, cross_low = X[:, flipped(X, Y)].T
    assert not says_A(net, segment((0.99, 0.6), (0.99, 0.8)) + [tuple(circle)]).any()
    assert says_A(net, [tuple(cross_left)]).all()
    assert not says_A(net, segment(cross_low, (0.68, 0.25))).any()


def test_early_stopping_has_only_a_small_island_around_the_lowest_cross(runs, data):
    X, Y, _, _ = data
    net = runs["early stopping"][0]
    cross_left, circle, cross_low = X[:, flipped(X, Y)].T
    assert not says_A(net, [tuple(cross_low)]).any()
    assert says_A(net, [(cross_low[0], 0.15), (0.40, 0.02), (0.68, 0.02), tuple(cross_left)]).all()
    assert not says_A(net, [tuple(circle)]).any()


def test_the_weights_the_slope_bound_and_the_wrong_side_of_the_wave(runs):
    printed = {name: (f"{np.sum([np.sum(W * W) for W in net.W.values()]):3.0f}",
                      f"{2 * lu.weight_penalty(net, 1.0):3.0f}", f"{slope_bound(net):3.0f}", percent(wrong_side(net)))
               for name, (net, _) in runs.items()}
    assert printed == {"none": ("328", "328", "256", "14.9%"), "weight decay": (" 33", " 33", " 25", "12.6%"),
                       "early stopping": ("220", "220", " 47", "9.9%")}
    assert slope_bound(runs["none"][0]) >= 10 * slope_bound(runs["weight decay"][0])         # "ten times smaller"
    areas = {name: wrong_side(net) for name, (net, _) in runs.items()}
    assert min(areas, key=areas.get) == "early stopping"                                     # closest to the wave
    assert areas["weight decay"] < areas["none"]


def test_a_relu_network_s_slope_is_the_product_of_its_w_and_d_and_at_most_the_product_of_the_norms(runs):
    """Wherever the same neurons are active, z^[L] is linear in x with slope W^[L] D^[L-1] ... D^[2] W^[2], each D^[l]
    with 0s and 1s on its diagonal; its size is at most ∏‖W^[l]‖_2. Checked against central differences (a ReLU
    network is exactly linear between kinks, so only rounding separates them) at points of the square."""
    for name, (net, _) in runs.items():
        for x in np.random.default_rng(0).uniform(0, 1, (5, 2)):
            fp = net.forward(x)
            J = net.W[2]
            for l in range(3, net.L + 1):
                D = np.diag((fp.z[l - 1] > 0).astype(float))
                J = net.W[l] @ D @ J
            h = 1e-7
            numerical = np.column_stack([(net.forward(x + h * e).z[net.L] - net.forward(x - h * e).z[net.L]) / (2 * h)
                                         for e in np.eye(2)])
            assert lu.relative_error(J, numerical) < 1e-6, name
            assert np.linalg.norm(J, 2) <= slope_bound(net)


# --- early stopping ----------------------------------------------------------------------------------------------
def test_early_stopping_is_the_unregularised_run_up_to_epoch_232_and_keeps_epoch_182(runs, data):
    net, h = runs["early stopping"]
    _, h_plain = runs["none"]
    assert h.stopped_epoch == 232 and h.best_epoch == 182 == h_plain.best_epoch
    np.testing.assert_array_equal(h.val_cost, h_plain.val_cost[:233])
    np.testing.assert_array_equal(h.cost, h_plain.cost[:233])
    cost, acc, val_cost, val_acc = numbers(net, data)
    assert f"{cost:.3f}" == "0.326" and percent(acc) == "86.7%"
    assert f"{val_cost:.3f}" == "0.347" and percent(val_acc) == "90.5%"
    assert val_acc > acc                                              # validation above training
    assert round(100 * (1 - 14 / 200 - val_acc), 1) == 2.5            # 2.5 points below the true boundary


# --- the solutions' exercise 2 -----------------------------------------------------------------------------------
def test_lambda_0_1_underfits_it_says_A_everywhere_with_both_costs_near_log_2(exercise2, data):
    X, Y, X_val, Y_val = data
    net = exercise2[0.1]
    cost, acc, val_cost, val_acc = numbers(net, data)
    assert (f"{cost:.3f}", percent(acc), f"{val_cost:.3f}", percent(val_acc)) == ("0.684", "56.7%", "0.693", "53.5%")
    assert abs(cost - math.log(2)) < 0.01 and abs(val_cost - math.log(2)) < 0.01
    assert 2 * lu.weight_penalty(net, 1.0) < 1e-3 * 2 * lu.weight_penalty(make_network(), 1.0)  # weights pulled to 0
    _, _, margin = lu.decision_grid(net)
    assert (margin > 0).all()                                         # A everywhere
    assert acc == np.mean(Y[0] == 1) and val_acc == np.mean(Y_val[0] == 1)


def test_lambda_0_001_still_learns_every_training_point_and_lowers_the_validation_cost_only_partly(exercise2, runs,
                                                                                                   data):
    X, Y, _, _ = data
    cost, acc, val_cost, val_acc = numbers(exercise2[0.001], data)
    assert (f"{cost:.3f}", percent(acc), f"{val_cost:.3f}", percent(val_acc)) == ("0.053", "100.0%", "0.570", "79.5%")
    assert (lu.categories(exercise2[0.001].output(X)) == lu.categories(Y))[flipped(X, Y)].all()
    assert abs(val_acc - numbers(runs["none"][0], data)[3]) <= 0.01                  # about the same accuracy
    assert numbers(runs["weight decay"][0], data)[2] < val_cost < numbers(runs["none"][0], data)[2]


def test_the_library_s_flips_and_wrong_side_are_this_file_s_references(runs, data):
    """lu.flipped_labels and lu.share_against_boundary, which the notebook calls, against the definitions above."""
    X, Y, X_val, Y_val = data
    np.testing.assert_array_equal(lu.flipped_labels(X, Y), flipped(X, Y))
    np.testing.assert_array_equal(lu.flipped_labels(X_val, Y_val), flipped(X_val, Y_val))
    for name, (net, _) in runs.items():
        assert lu.share_against_boundary(net, lu.wave_boundary) == pytest.approx(wrong_side(net), abs=1e-15), name
    X0, Y0, _, _ = lu.noisy_data(n_train=50, flip=0.0, seed=3)
    assert not lu.flipped_labels(X0, Y0).any()
