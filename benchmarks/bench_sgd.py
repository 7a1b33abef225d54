"""Speed of the stochastic gradient method (15) on the 2-2-3-2 example, as ratios measured in one run.

1. Microseconds per SGD step: `lu.sgd` against `lu.sgd_pseudocode`, the lecture's pseudocode transcribed
   literally (D^[l] built as diagonal matrices, matrix products). Target: sgd at least 2.5 times faster.
2. The paper's full run: 1e6 steps at eta = 0.05, wall time (target: within 15 s; the authors' MATLAB run with
   plots took about 149 s), its cost history saved to benchmarks/results/higham_full_run.npz for notebook 09.

Usage: python benchmarks/bench_sgd.py [--quick]   (--quick skips the full run)
"""
import pathlib
import statistics
import sys
import time

import lecture_utils as lu

RESULTS = pathlib.Path(__file__).resolve().parent / "results"
NET_SEED, SGD_SEED = 0, 0  # the start of cost 0.277, close to the paper's 0.27


def per_step_us(train, n_steps):
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=NET_SEED)
    start = time.perf_counter()
    train(net, X, Y, 0.05, n_steps, seed=SGD_SEED)
    return (time.perf_counter() - start) / n_steps * 1e6


def step_ratio(repeats=5):
    """Alternate the two so that both see the same machine load; report medians."""
    fast, literal = [], []
    for _ in range(repeats):
        fast.append(per_step_us(lambda *args, **kw: lu.sgd(*args, **kw, record_every=20_000), 20_000))
        literal.append(per_step_us(lu.sgd_pseudocode, 5_000))
    return statistics.median(fast), statistics.median(literal)


def full_run():
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=NET_SEED)
    start = time.perf_counter()
    history = lu.sgd(net, X, Y, eta=0.05, n_iter=1_000_000, seed=SGD_SEED, record_every=1000)
    seconds = time.perf_counter() - start
    RESULTS.mkdir(exist_ok=True)
    history.save(RESULTS / "higham_full_run.npz")
    right = int((net.predict(X) == lu.categories(Y)).sum())
    return seconds, history, right


def main(quick=False):
    fast, literal = step_ratio()
    print(f"sgd:                 {fast:6.1f} µs per step (median of 5)")
    print(f"literal pseudocode:  {literal:6.1f} µs per step (median of 5, same run)")
    print(f"ratio:               {literal / fast:6.2f}x faster  (target >= 2.5x)")
    if quick:
        return
    seconds, history, right = full_run()
    factor = lu.plotting.NETBP_FACTOR
    print(f"full run, 1e6 steps: {seconds:6.1f} s wall, {seconds:.1f} µs per step with recording "
          f"(target <= 15 s; MATLAB about 149 s)")
    print(f"  Cost (9): {history.cost[0]:.3g} -> {history.cost[-1]:.2e}   "
          f"(netbp.m scale, x{factor}: {factor * history.cost[0]:.3g} -> {factor * history.cost[-1]:.2e}); "
          f"{right}/10 points classified right")
    print(f"  saved the history ({len(history)} records) for notebook 09")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
