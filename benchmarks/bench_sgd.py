"""Speed of the stochastic gradient method (15) on the 2-2-3-2 example, as ratios measured in one run.

1. Microseconds per SGD step of `lu.sgd`'s three kernels, the same steps on the same random choices: the compiled
   one (numba), Python floats, and numpy (one small array operation per line of the pseudocode). Target: the
   compiled kernel at least 100 times faster per step than the numpy kernel.
2. `lu.sgd` (its compiled kernel) against `lu.sgd_pseudocode`, the lecture's pseudocode transcribed literally
   (D^[l] built as diagonal matrices, matrix products). Target: sgd at least 2.5 times faster.
3. The paper's full run: 1e6 steps at eta = 0.05, recorded every 1000 steps as notebook 09 runs it, in a fresh
   process: cold (numba's cache empty, so the time includes importing numba and compiling) and warm (compiled
   code loaded from the cache). Target: at most 3 s wall, compilation included (the authors' MATLAB run with
   plots took about 149 s). The CPU time beside it is about what the wall time would be on an idle core (the run is
   single-threaded), for a machine shared with other work.

Usage: python benchmarks/bench_sgd.py [--quick]   (--quick skips the full run)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import lecture_utils as lu

NET_SEED, SGD_SEED = 0, 0  # the start of cost 0.277, close to the paper's 0.27: notebook 09's run
STEPS = {"compiled": 1_000_000, "python": 20_000, "numpy": 5_000}


def per_step_us(train, n_steps):
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=NET_SEED)
    start = time.perf_counter()
    train(net, X, Y, 0.05, n_steps, seed=SGD_SEED)
    return (time.perf_counter() - start) / n_steps * 1e6


def kernel_us(kernel):
    return per_step_us(lambda *args, **kw: lu.sgd(*args, **kw, record_every=STEPS[kernel], kernel=kernel),
                       STEPS[kernel])


def step_times(repeats=5):
    """Alternate the kernels so that all see the same machine load; report medians (µs per step)."""
    lu.sgd(lu.Network([2, 2, 3, 2]), *lu.higham_data(), 0.05, 10, kernel="compiled")  # compile (or load) first
    times = {name: [] for name in (*STEPS, "literal")}
    for _ in range(repeats):
        for kernel in STEPS:
            times[kernel].append(kernel_us(kernel))
        times["literal"].append(per_step_us(lu.sgd_pseudocode, 5_000))
    return {name: statistics.median(values) for name, values in times.items()}


FULL_RUN = """
import json, time
start = time.perf_counter()
import lecture_utils as lu
imported, cpu = time.perf_counter(), time.process_time()
X, Y = lu.higham_data()
net = lu.Network([2, 2, 3, 2], seed={net_seed})
history = lu.sgd(net, X, Y, eta=0.05, n_iter=1_000_000, seed={sgd_seed}, record_every=1000)
done = time.perf_counter()
print(json.dumps({{"sgd": done - imported, "cpu": time.process_time() - cpu, "process": done - start,
                  "import": imported - start,
                  "kernel": lu.stochastic_gradient.choose_kernel(net), "start": history.cost[0],
                  "end": history.cost[-1], "right": int((net.predict(X) == lu.categories(Y)).sum())}}))
"""


def full_run(cache_dir):
    """The paper's run in a fresh Python process whose numba cache is `cache_dir` (empty: a cold start)."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    code = FULL_RUN.format(net_seed=NET_SEED, sgd_seed=SGD_SEED)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(quick=False):
    us = step_times()
    print(f"compiled kernel:     {us['compiled']:8.3f} µs per step (median of 5, {STEPS['compiled']:,} steps each)")
    print(f"Python-float kernel: {us['python']:8.2f} µs per step (median of 5, same run)")
    print(f"numpy kernel:        {us['numpy']:8.2f} µs per step (median of 5, same run)")
    print(f"  compiled vs numpy:  {us['numpy'] / us['compiled']:7.0f}x faster  (target >= 100x)")
    print(f"  compiled vs Python: {us['python'] / us['compiled']:7.0f}x faster")
    print(f"literal pseudocode:  {us['literal']:8.2f} µs per step (median of 5, same run)")
    print(f"  lu.sgd vs literal:  {us['literal'] / us['compiled']:7.0f}x faster  (target >= 2.5x)")
    if quick:
        return
    with tempfile.TemporaryDirectory() as cache_dir:
        cold, warm = full_run(cache_dir), full_run(cache_dir)
    for name, run in (("cold", cold), ("warm", warm)):
        print(f"full run, 1e6 steps, {name}: {run['sgd']:5.2f} s wall in lu.sgd ({run['kernel']} kernel, numba's "
              f"import and {'compilation' if name == 'cold' else 'cache load'} included; target <= 3 s), "
              f"{run['cpu']:.2f} s of CPU time (about the wall time on an idle core); {run['process']:.2f} s for "
              f"the whole process with `import lecture_utils` ({run['import']:.2f} s)")
    factor = lu.plotting.NETBP_FACTOR
    print(f"  Cost (9): {warm['start']:.3g} -> {warm['end']:.2e}   (netbp.m scale, x{factor}: "
          f"{factor * warm['start']:.3g} -> {factor * warm['end']:.2e}); {warm['right']}/10 points classified right; "
          f"estimated at {us['python']:.1f} µs a step, the Python kernel would take "
          f"{us['python']:.0f} s (MATLAB about 149 s)")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
