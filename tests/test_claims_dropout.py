"""Every claim notebook 16 (dropout) and its solutions make about their numbers and figures, computed by the same
lu calls with the same settings and seeds: the mask drawn on the small network, the means over 10 000 masks (DO3),
the evaluation mode, Lemma 1 with the mask against the complex step, the dropout sweep, the training curves, the
comparison with notebook 15's three networks, and exercises 2 and 3.

SETTINGS is what the notebook runs (test_the_notebook_runs_these_settings reads it from the notebook)."""
import json
import pathlib

import numpy as np
import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "16_dropout.ipynb"
SETTINGS = dict(n_train=30, n_val=200, flip=0.1, data_seed=1, seed=1, sizes=[2, 60, 60, 2], eta=0.1, epochs=1000,
                batch_size=10, lam=0.01, patience=50, ps=(0.1, 0.3, 0.5, 0.7), chosen=0.5)
BLOCK = 100  # the notebook reads the noisy curves by their means over each 100 epochs
SEED = SETTINGS["seed"]


def r3(x):
    return f"{x:.3f}"


def percent(x):
    return f"{x:.1%}"


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_the_notebook_runs_these_settings():
    code = "\n".join(source(c) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    s = SETTINGS
    for piece in (f"lu.noisy_data(n_train={s['n_train']}, n_val={s['n_val']}, flip={s['flip']}, seed={s['data_seed']})",
                  f"SEED = {s['seed']}", f"lu.Network({s['sizes']}, seed=SEED, activation=\"relu\", init=\"he\", "
                  "cost=\"cross_entropy\")", f"eta={s['eta']}, epochs={s['epochs']}, batch_size={s['batch_size']}",
                  f"lam={s['lam']}", f"patience={s['patience']}", f"for p in {s['ps']}", f"runs[{s['chosen']}]",
                  "lu.DropoutNetwork(small, p=0.4, seed=SEED)", "10_000", "epochs=20"):
        assert piece in code, piece


@pytest.fixture(scope="module")
def data():
    s = SETTINGS
    return lu.noisy_data(n_train=s["n_train"], n_val=s["n_val"], flip=s["flip"], seed=s["data_seed"])


def make_network():
    return lu.Network(SETTINGS["sizes"], seed=SEED, activation="relu", init="he", cost="cross_entropy")


def dropout_run(data, p, epochs=SETTINGS["epochs"], mask_seed=SEED):
    X, Y, X_val, Y_val = data
    model = lu.DropoutNetwork(make_network(), p, seed=mask_seed)
    h = lu.fit(model, X, Y, lu.GradientDescent(eta=SETTINGS["eta"]), epochs=epochs,
               batch_size=SETTINGS["batch_size"], seed=SEED, validation=(X_val, Y_val))
    return model, h


# --- the mask, (DO1), (DO2) ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(data):
    X, Y = data[0], data[1]
    net = lu.Network([2, 5, 5, 2], seed=SEED, activation="relu", init="he", cost="cross_entropy")
    model = lu.DropoutNetwork(net, p=0.4, seed=SEED)
    model.training = True
    fp = model.forward(X[:, 0])
    return model, fp, X[:, 0], Y[:, 0]


def test_the_mask_drawn_on_the_small_network(small):
    """"neurons 3 and 5 of layer 2 are dropped, and neuron 5 of layer 3; every kept entry is 1/(1 − 0.4) = 1.6667.
    Neurons 2 and 4 of layer 2 are off anyway ..., only neuron 1 passes anything on: 1.6667 × 0.3345 = 0.5574"."""
    model, fp, x, y = small
    assert list(np.flatnonzero(fp.m[2] == 0) + 1) == [3, 5] and list(np.flatnonzero(fp.m[3] == 0) + 1) == [5]
    assert set(np.unique(fp.m[2])) | set(np.unique(fp.m[3])) == {0.0, 1 / 0.6} and f"{1 / 0.6:.4f}" == "1.6667"
    assert list(np.flatnonzero(fp.z[2] < 0) + 1) == [2, 4]
    assert list(np.flatnonzero(fp.a[2]) + 1) == [1]
    assert f"{fp.z[2][0]:.4f}" == "0.3345" and f"{fp.a[2][0]:.4f}" == "0.5574"


@pytest.fixture(scope="module")
def means(data):
    x = data[0][:, 0]
    big = lu.DropoutNetwork(make_network(), p=0.5, seed=SEED)
    many = np.repeat(x[:, None], 10_000, axis=1)
    big.training = True
    masks = big.draw_masks(many)
    big.training = False
    return big, masks, big.forward(many, masks), big.forward(x)


def test_the_means_over_10000_masks(means):
    """"The mask entries average 0.999, ... add up to 10.249 on average over the masks, as without a mask ... half
    as much, 5.124 ... (norm 3.054 against 3.046) ... 14.062 on average against 9.781 without masks"."""
    big, masks, masked, plain = means
    assert r3(masks[2].mean()) == "0.999"
    assert r3(plain.a[2].sum()) == r3(masked.a[2].sum(axis=0).mean()) == "10.249"
    assert r3(((1 - big.p) * masked.a[2]).sum(axis=0).mean()) == "5.124"
    assert r3(np.linalg.norm(masked.z[3].mean(axis=1))) == "3.054" and r3(np.linalg.norm(plain.z[3])) == "3.046"
    assert lu.relative_error(masked.z[3].mean(axis=1), plain.z[3]) < 0.02           # "up to the sampling noise"
    assert r3(masked.a[3].sum(axis=0).mean()) == "14.062" and r3(plain.a[3].sum()) == "9.781"


def test_evaluation_is_deterministic_and_draws_nothing(data, means):
    """"the same input gives the same output every time, equal to that of the network it holds, and the model's
    generator is not touched"; "Asked for a mask in evaluation mode, the model refuses"."""
    big = means[0]
    X = data[0]
    state = big.rng.bit_generator.state
    first, second = big.output(X), big.output(X)
    assert np.array_equal(first, second) and np.array_equal(first, big.net.output(X))
    assert big.rng.bit_generator.state == state
    with pytest.raises(RuntimeError, match="evaluation mode never draws a dropout mask"):
        big.draw_masks(X)


# --- Lemma 1 with the mask, (DO4) ---------------------------------------------------------------------
def test_lemma_1_with_the_mask_agrees_with_the_complex_step_to_rounding(small):
    """"(all 57 of them)"; every relative error "below 1e-13 (agreement to rounding)"; the dropped neurons' rows
    and columns are 0; Lemma 1 without the factor m^[l] is not the gradient (the notebook prints 0.99)."""
    model, fp, x, y = small
    assert model.net.n_parameters == 57 == len(lu.parameters(model.net))
    fixed = model.with_masks(fp.m)
    g, cs = fixed.gradients(x, y), lu.numerical_gradients(fixed, x, y)
    for l in range(2, 5):
        assert lu.relative_error(g.dW[l], cs.dW[l]) < lu.ROUNDING and lu.relative_error(g.db[l], cs.db[l]) < lu.ROUNDING
    dropped = fp.m[2] == 0
    assert np.all(g.dW[2][dropped] == 0) and np.all(g.dW[3][:, dropped] == 0)
    wrong = lu.masked_backpropagate(model.W, fp, y, {2: np.ones(5), 3: np.ones(5)}, model.activation,
                                    model.cost_function)
    assert f"{lu.relative_error(wrong.dW[2], cs.dW[2]):.2f}" == "0.99"


def test_a_run_repeats_exactly(data):
    """"The same 20 epochs twice": the same weights."""
    one, two = dropout_run(data, 0.5, epochs=20)[0], dropout_run(data, 0.5, epochs=20)[0]
    assert all(np.array_equal(one.W[l], two.W[l]) for l in range(2, 5))


# --- dropout against notebook 15's remedies -------------------------------------------------------------
@pytest.fixture(scope="module")
def baselines(data):
    X, Y, X_val, Y_val = data
    s = SETTINGS
    options = dict(eta=s["eta"], epochs=s["epochs"], batch_size=s["batch_size"], seed=SEED, X_val=X_val, Y_val=Y_val)
    out = {}
    for name, extra in (("none", {}), ("weight decay", dict(lam=s["lam"])),
                        ("early stopping", dict(patience=s["patience"]))):
        net = make_network()
        out[name] = (net, lu.train(net, X, Y, **extra, **options))
    return out


@pytest.fixture(scope="module")
def sweep(data):
    return {p: dropout_run(data, p) for p in SETTINGS["ps"]}


def scores(net, data):
    X, Y, X_val, Y_val = data
    return net.cost(X, Y), lu.accuracy(net, X, Y), net.cost(X_val, Y_val), lu.accuracy(net, X_val, Y_val)


def test_the_sweep(sweep, baselines):
    """"With p = 0.1 the network still learns all 30 training points (100.0%), and its validation cost, 0.550, is
    not far below the unregularised network's 0.703 ... With p = 0.7 ... (80.0% right), and the validation
    accuracy, 75.5%, is the lowest of all. The least validation cost is at p = 0.5, 0.410"."""
    h = {p: run[1] for p, run in sweep.items()}
    assert percent(h[0.1].accuracy[-1]) == "100.0%" and r3(h[0.1].val_cost[-1]) == "0.550"
    assert r3(baselines["none"][1].val_cost[-1]) == "0.703" and h[0.1].val_cost[-1] < 0.703
    assert percent(h[0.7].accuracy[-1]) == "80.0%" and percent(h[0.7].val_accuracy[-1]) == "75.5%"
    others = [hh.val_accuracy[-1] for p, hh in h.items() if p != 0.7]
    others += [lu.accuracy(net, *data_val(baselines)) for net, _ in baselines.values()]
    assert h[0.7].val_accuracy[-1] < min(others)
    assert min(h, key=lambda p: h[p].val_cost[-1]) == SETTINGS["chosen"] and r3(h[0.5].val_cost[-1]) == "0.410"


def data_val(baselines):
    s = SETTINGS
    return lu.noisy_data(n_train=s["n_train"], n_val=s["n_val"], flip=s["flip"], seed=s["data_seed"])[2:]


def test_the_training_curves(sweep, baselines):
    """"from epoch 300 on, its mean over each 100 epochs stays between 0.38 and 0.42 (its least value, 0.367, is at
    epoch 491). The training cost falls in every 100 epochs, but more slowly, to 0.237 instead of 0.019"; and the
    unregularised validation cost does turn up (notebook 15)."""
    h = sweep[0.5][1]
    val = [h.val_cost[1 + k:1 + k + BLOCK].mean() for k in range(0, SETTINGS["epochs"], BLOCK)]
    train = [h.cost[1 + k:1 + k + BLOCK].mean() for k in range(0, SETTINGS["epochs"], BLOCK)]
    assert all(0.38 <= v <= 0.42 for v in val[3:]), val
    assert h.best_epoch == 491 and r3(h.val_cost[491]) == "0.367"
    assert all(b < a for a, b in zip(train, train[1:])), train
    assert r3(h.cost[-1]) == "0.237" and r3(baselines["none"][1].cost[-1]) == "0.019"
    plain = baselines["none"][1].val_cost
    assert plain[-BLOCK:].mean() > 1.5 * min(plain[1 + k:1 + k + BLOCK].mean() for k in range(0, 1000, BLOCK))


def test_the_four_side_by_side(data, sweep, baselines):
    """The table and the comparison paragraph and summary: validation cost 0.703 → 0.410, accuracy 80.0% → 85.5%,
    training cost 0.019 → 0.237, 90.0% right; weight decay 0.350 / 83.0%, early stopping 0.347 / 90.5%; dropout
    above both in validation cost, between them in validation accuracy."""
    X, Y = data[0], data[1]
    table = {name: scores(net, data) for name, (net, _) in baselines.items()}
    table["dropout"] = scores(sweep[0.5][0].net, data)
    shown = {name: (r3(c), percent(a), r3(vc), percent(va)) for name, (c, a, vc, va) in table.items()}
    assert shown["none"] == ("0.019", "100.0%", "0.703", "80.0%")
    assert shown["weight decay"] == ("0.256", "93.3%", "0.350", "83.0%")
    assert shown["early stopping"] == ("0.326", "86.7%", "0.347", "90.5%")
    assert shown["dropout"] == ("0.237", "90.0%", "0.410", "85.5%")
    assert table["dropout"][2] > table["weight decay"][2] > table["early stopping"][2]
    assert table["weight decay"][3] < table["dropout"][3] < table["early stopping"][3]
    # the model in evaluation mode is its network: the table's numbers are the history's last row
    h = sweep[0.5][1]
    assert (h.cost[-1], h.val_accuracy[-1]) == (table["dropout"][0], table["dropout"][3])


def test_the_regions_and_the_flipped_labels(data, sweep, baselines):
    """"wrong side of the wave" 14.9%, 12.6%, 9.9%, 11.2%; dropout "has 1 of the 3 flipped labels by heart, as
    weight decay and early stopping do" (none: all 3)."""
    X, Y = data[0], data[1]
    nets = {name: net for name, (net, _) in baselines.items()}
    nets["dropout"] = sweep[0.5][0].net
    flipped = lu.flipped_labels(X, Y)
    assert flipped.sum() == 3
    share = {name: percent(lu.share_against_boundary(net, lu.wave_boundary)) for name, net in nets.items()}
    assert share == {"none": "14.9%", "weight decay": "12.6%", "early stopping": "9.9%", "dropout": "11.2%"}
    learnt = {name: int(np.sum(net.predict(X)[flipped] == lu.categories(Y)[flipped])) for name, net in nets.items()}
    assert learnt == {"none": 3, "weight decay": 1, "early stopping": 1, "dropout": 1}


# --- the solutions --------------------------------------------------------------------------------------
def test_exercise_1_solution():
    W3 = np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.4], [-0.7, 0.8, 1.0]])
    delta3, z2, m2 = np.array([0.1, -0.2, 0.3]), np.array([0.4, 1.3, -0.2]), np.array([2.0, 0.0, 2.0])
    answer = (z2 > 0) * m2 * (W3.T @ delta3)
    assert lu.check_dropout_delta(W3, delta3, z2, m2, answer)
    assert list(np.flatnonzero(answer) + 1) == [1]                  # "only δ_1^[2] is nonzero"
    assert answer[0] == 2 * (W3.T @ delta3)[0]


def test_exercise_2_other_masks(data, sweep, baselines):
    """"0.400 and 0.403, against 0.410 with seed 1, all above weight decay's 0.350 ... 84.5% and 81.5% against
    85.5%: with seed 3 it is below weight decay's 83.0% ... moves by up to 4 points"."""
    h = {seed: dropout_run(data, 0.5, mask_seed=seed)[1] for seed in (2, 3)}
    h[1] = sweep[0.5][1]
    assert [r3(h[s].val_cost[-1]) for s in (2, 3)] == ["0.400", "0.403"]
    assert [percent(h[s].val_accuracy[-1]) for s in (2, 3)] == ["84.5%", "81.5%"]
    assert all(hh.val_cost[-1] > baselines["weight decay"][1].val_cost[-1] for hh in h.values())
    assert h[3].val_accuracy[-1] < baselines["weight decay"][1].val_accuracy[-1] < h[2].val_accuracy[-1]
    accs = [hh.val_accuracy[-1] for hh in h.values()]
    assert round(100 * (max(accs) - min(accs)), 6) == 4.0
