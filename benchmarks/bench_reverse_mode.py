"""What one gradient of C (18) costs, as ratios to one forward pass measured in the same run (notebook 07's table).

For growing networks, one sample each: the time of Lemma 1's gradient (net.gradients: forward + backward pass), of
forward differences (lu.forward_difference_gradients: P + 1 forward passes), of forward mode by the complex step
(lu.numerical_gradients: P complex forward passes) and of the Value engine (lu.reverse_mode_gradients: build the
graph, then C.backward()), each divided by the time of one forward pass (net.forward); beside them the operation
counts' ratios (multiply-adds / forward pass), and the Value engine's backward sweep against its own graph build.
Target: Lemma 1 below 10 forward passes at every size; finite differences grow like P.

Usage: python benchmarks/bench_reverse_mode.py [--quick]   (--quick stops at 2-32-32-2); best of 5 repeats
"""
import sys
import time

import numpy as np

import lecture_utils as lu

SIZES = [[2, 2, 3, 2], [4, 3, 4, 5, 2], [2, 8, 8, 2], [2, 32, 32, 2], [64, 30, 10], [2, 64, 64, 2]]


def seconds(f, budget=0.1, repeats=5):
    """The best of `repeats` repeats of f's time per call, each repeat running f for about `budget` / repeats s."""
    start = time.perf_counter()
    f()
    once = time.perf_counter() - start
    number = max(1, int(budget / repeats / max(once, 1e-7)))
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            f()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def row(sizes):
    net = lu.Network(sizes, seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.random(sizes[0]), rng.random(sizes[-1])
    forward = seconds(lambda: net.forward(x))
    times = {"lemma1": seconds(lambda: net.gradients(x, y)),
             "finite_differences": seconds(lambda: lu.forward_difference_gradients(net, x, y)),
             "forward_mode": seconds(lambda: lu.numerical_gradients(net, x, y)),
             "value_engine": seconds(lambda: lu.reverse_mode_gradients(net, x, y))}
    C = lu.network_graph(net, x, y)[0]
    sweep = seconds(C.backward) / seconds(lambda: lu.network_graph(net, x, y))
    return lu.gradient_cost(sizes), forward, {k: t / forward for k, t in times.items()}, sweep


def main(quick=False):
    sizes = SIZES[:4] if quick else SIZES
    print("one gradient of C (18), one sample; 'counted' = multiply-adds / one forward pass, 'timed' = time / one "
          "forward pass (net.forward), same run")
    print(f"{'network':>16} {'P':>6} {'fwd µs':>7} | {'Lemma 1':>15} | {'finite differences':>20} | "
          f"{'forward mode':>19} | {'Value engine':>12} {'sweep/build':>11}")
    print(f"{'':>16} {'':>6} {'':>7} | {'counted':>7} {'timed':>7} | {'counted':>9} {'timed':>10} | "
          f"{'counted':>9} {'timed':>9} | {'timed':>12} {'':>11}")
    for s in sizes:
        c, forward, ratio, sweep = row(s)
        print(f"{'-'.join(map(str, s)):>16} {c.P:>6} {forward * 1e6:>7.1f} | {c.in_forward_passes('lemma1'):>7.2f} "
              f"{ratio['lemma1']:>7.2f} | {c.in_forward_passes('finite_differences'):>9.0f} "
              f"{ratio['finite_differences']:>10.0f} | {c.in_forward_passes('forward_mode'):>9.0f} "
              f"{ratio['forward_mode']:>9.0f} | {ratio['value_engine']:>12.0f} {sweep:>11.2f}", flush=True)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
