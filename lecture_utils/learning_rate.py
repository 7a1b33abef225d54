"""The learning rate η of (15): the same training at several η, each run's outcome said in words."""
from dataclasses import dataclass

import numpy as np

from .training import train
from .stochastic_gradient import DivergenceError, divergence

#: The verdicts, each judged over the whole run: a run "converged" if Cost (9) ends at or below TARGET; it
#: "oscillates" if, in the second half of its epochs, Cost (9) still rose by more than RISE (relative) from one
#: epoch to the next in at least OSCILLATING_SHARE of them; it "stalled" if it rose like that at some point and then
#: froze, changing by less than FROZEN (relative) over its last quarter (overshooting steps that threw the weights
#: where every σ' is tiny); "too slow" is the rest: still falling, above the target.
TARGET, RISE, OSCILLATING_SHARE, FROZEN = 0.01, 0.01, 0.05, 0.01


@dataclass
class SweepRun:
    """One η of a sweep: its training history, a one-word verdict and a sentence saying why."""
    eta: float
    history: object
    verdict: str
    message: str


def cost_rises(cost, rise=RISE):
    """How many epochs Cost (9) went up by more than the fraction `rise` over the epoch before."""
    cost = np.asarray(cost)
    return int(np.sum(cost[1:] > (1 + rise) * cost[:-1]))


def verdict(history, error=None, target=TARGET):
    """'diverged' (training raised DivergenceError), 'converged', 'oscillating', 'stalled' or 'too slow', by the
    criteria above, with a sentence saying why."""
    c, eta = np.asarray(history.cost), history.eta
    n = len(c) - 1
    if error is not None:
        return "diverged", f"η = {eta:g} diverged in epoch {history.epoch[-1]}: {divergence(c[0], c[-1])}."
    up = cost_rises(c)
    if c[-1] <= target:
        return "converged", (f"η = {eta:g} converged: Cost (9) fell from {c[0]:.3g} to {c[-1]:.2g} in {n} epochs"
                             + (f" (rising in {up} of them)." if up else "."))
    late = cost_rises(c[n // 2:])
    if late >= OSCILLATING_SHARE * (n - n // 2):
        return "oscillating", (f"η = {eta:g} oscillates: in the second half of its {n} epochs Cost (9) still rose in "
                               f"{late} of them, and it ends at {c[-1]:.3g}, above the target {target:g}.")
    last = c[-(n // 4 + 1):]
    if up and np.ptp(last) <= FROZEN * last[-1]:
        return "stalled", (f"η = {eta:g} stalled: Cost (9) rose in {up} epochs, then froze at {c[-1]:.3g} (changing "
                           f"by less than {FROZEN:.0%} over the last {n // 4} epochs), above the target {target:g}, "
                           "as when overshooting steps leave the neurons where σ' is tiny.")
    return "too slow", (f"η = {eta:g} is too slow: Cost (9) fell only from {c[0]:.3g} to {c[-1]:.3g} in {n} epochs "
                        f"(target {target:g}).")


def eta_sweep(make_network, X, Y, etas, epochs, target=TARGET, **train_options):
    """Train a fresh make_network() at each η in `etas` with the same data and options; one SweepRun per η."""
    runs = []
    for eta in etas:
        error = None
        try:
            history = train(make_network(), X, Y, eta, epochs, **train_options)
        except DivergenceError as exc:
            history, error = exc.history, exc
        runs.append(SweepRun(eta, history, *verdict(history, error, target)))
    return runs
