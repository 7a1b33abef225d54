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


def compare(answer, expected, name, mistakes=(), rtol=1e-8, right="That is the value Lemma 1 gives."):
    """Compare a student's `answer` for `name` with `expected`; `mistakes` is a list of (wrong_value, hint) pairs
    for the typical errors (a missing σ' factor, a transposed W, a sign, ...), tried in order when the answer is wrong."""
    expected = np.asarray(expected, dtype=float)
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be an array of numbers of shape {expected.shape}.")
    if answer.shape != expected.shape:
        if answer.shape == expected.shape[::-1] and answer.ndim == 2:
            return Feedback(False, f"{name} has shape {answer.shape} but should have shape {expected.shape}: "
                                   "it looks transposed.")
        return Feedback(False, f"{name} has shape {answer.shape} but should have shape {expected.shape}.")
    if not np.all(np.isfinite(answer)):
        return Feedback(False, f"{name} contains NaN or infinity.")
    scale = max(np.abs(expected).max(initial=0.0), 1e-300)
    if np.abs(answer - expected).max(initial=0.0) <= rtol * scale:
        return Feedback(True, right)
    for wrong, hint in mistakes:
        wrong = np.asarray(wrong, dtype=float)
        if wrong.shape == answer.shape and np.abs(answer - wrong).max(initial=0.0) <= rtol * scale:
            return Feedback(False, hint)
    return Feedback(False, f"{name} does not match; compare your formula with the lecture's, term by term.")
