"""The verdict on a student's answer, and the comparison that finds which typical mistake it matches."""
import numpy as np


class Feedback:
    """Right or not, with a message in the lecture's terms; it prints itself as one clear line in a notebook."""

    def __init__(self, correct, message):
        self.correct, self.message = bool(correct), message

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return ("✓ Right. " if self.correct else "✗ Not yet. ") + self.message


def no_answer(what):
    """The verdict on an exercise left at `answer = None`."""
    return Feedback(False, f"No answer yet: replace None with your answer for {what}.")


def compare(answer, expected, name, mistakes=(), rtol=1e-8, right="That is the value Lemma 1 gives.", symbols=None):
    """Compare a student's `answer` for `name` with `expected`: no answer yet, then the shape (in the lecture's terms
    when `symbols` names it, e.g. "(n_3,)"), then the value; `mistakes` is a list of (wrong_value, hint) pairs for the
    typical errors (a missing σ' factor, a transposed W, a sign, ...), tried in order when the answer is wrong; a
    near miss is told apart (float32 precision, or too few digits)."""
    if answer is None:
        return no_answer(name)
    name = "T" + name[1:] if name.startswith("the ") else name
    expected = np.asarray(expected, dtype=float)
    shape = "a single number" if expected.shape == () else f"shape {expected.shape}" + (f" = {symbols}" if symbols else "")
    try:
        raw = np.asarray(answer)
        value = raw.astype(float)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be an array of numbers of {shape}.")
    if value.shape != expected.shape:
        hint = ""
        if value.ndim == 2 and value.shape == expected.shape[::-1]:
            hint = " It looks transposed: row j belongs to neuron j of the later layer."
        return Feedback(False, f"{name} should be {shape}, not shape {value.shape}.{hint}")
    if not np.all(np.isfinite(value)):
        return Feedback(False, f"{name} contains NaN or infinity.")
    scale = max(np.abs(expected).max(initial=0.0), 1e-300)
    error = np.abs(value - expected).max(initial=0.0) / scale
    if error <= rtol:
        return Feedback(True, right)
    shown = resolution_shown(value)
    if shown is not None and shown.max() <= 0.05 * scale and same_to_resolution(value, expected, shown):
        also = [hint for wrong, hint in mistakes if np.shape(wrong) == value.shape
                and np.all(np.isfinite(wrong)) and same_to_resolution(value, wrong, shown)]
        if also:
            return Feedback(False, f"To the digits you gave, this is both the right value and a known slip "
                                   f"({also[0]}) Give more digits to tell them apart.")
        return Feedback(True, f"{right} (Right to the digits you gave, as the notebook prints them; unrounded: "
                              f"{_unrounded(expected)}.)")
    for wrong, hint in mistakes:
        wrong = np.asarray(wrong, dtype=float)
        if wrong.shape == value.shape and np.abs(value - wrong).max(initial=0.0) <= rtol * scale:
            return Feedback(False, hint)
    if raw.dtype == np.float32 or (raw.dtype == object and error < 1e-3):
        return Feedback(False, f"{name} is close but not exact (relative error {error:.1e}): it looks computed in "
                               "float32, which keeps about 7 digits. Compute in float64.")
    if error < 1e-3:
        return Feedback(False, f"{name} agrees to about {round(-np.log10(error))} digits only (relative error "
                               f"{error:.1e}): rounding, or an approximation where an exact formula is asked for?")
    return Feedback(False, f"{name} does not match; compare your formula with the lecture's, term by term.")


def resolution_shown(value, most=10):
    """Half a unit in the last digit the numbers of `value` were written with, entry by entry (-0.0070 and 3.8e-6
    give 5e-4 and 5e-8), or None when an entry carries more than `most` significant digits (a computed value, not
    one copied from a printout). A zero takes the coarsest resolution of the other entries."""
    value = np.atleast_1d(np.asarray(value, dtype=float))
    resolution = np.zeros(value.shape)
    for i, v in np.ndenumerate(value):
        if v == 0:
            continue
        digits = next((d for d in range(1, most + 1) if abs(float(f"{v:.{d - 1}e}") - v) <= 1e-15 * abs(v)), None)
        if digits is None:
            return None
        resolution[i] = 0.5 * 10.0 ** (np.floor(np.log10(abs(v))) - digits + 1)
    if not resolution.any():
        return None
    resolution[value == 0] = resolution.max()
    return resolution


def same_to_resolution(value, expected, resolution):
    """Whether `value` is `expected` rounded as `value` is written (entry by entry, the last digit's tie allowed)."""
    value, expected = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    return bool(np.all(np.abs(value - expected) <= resolution.reshape(value.shape) * (1 + 1e-9)))


def _unrounded(expected):
    return f"{float(expected):.6g}" if expected.shape == () else np.array2string(expected, precision=6)
