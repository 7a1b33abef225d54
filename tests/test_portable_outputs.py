"""The saved outputs are the same on every machine: none prints a number at rounding level.

A relative error of 3e-16, or a difference of two equal quantities, is made of the machine's rounding: another
CPU (other SIMD kernels, another BLAS, another thread count) prints other digits and strict nbval fails there.
Such numbers are said as a bound (`lu.agreement`: "below 1e-13 (agreement to rounding)"). This test reads every
committed notebook, solutions included, and fails on any printed number whose magnitude is below 1e-12 unless the
words before it make it a bound ("below", "<", "under", "≤") or the cell's own source writes it (an input such as
a step h = 1e-30, not a result). tools/machines.py checks the rest by running
every notebook under other BLAS kernels and SIMD levels.
"""
import json
import pathlib
import re

import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)  # not JupyterLab's copies
NUMBER = re.compile(r"(?<![\w.])[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+|(?<![\w.])[-+]?0\.0{12,}\d+")
BOUND = re.compile(r"(below|under|<|≤|<=|less than|at most)\s*\(?\s*$", re.I)
TINY = 1e-12


def tiny_numbers(text, source=""):
    """The numbers in `text` with |x| < 1e-12 that are printed as values: not bounds ("below 1e-13"), and not
    numbers the cell's `source` writes itself (a step h = 1e-30 that the cell chose is an input, not a result).
    An exact 0 counts when it is printed in exponent notation (0e+00, 0.0e+00): a computed difference or error
    that happened to round to 0 here, and may print 3e-17 on the next machine."""
    found = []
    for match in NUMBER.finditer(text):
        value = abs(float(match.group()))
        before = text[max(0, match.start() - 20):match.start()]
        shown_as_zero = value == 0 and "e" in match.group().lower()
        if (0 < value < TINY or shown_as_zero) and not BOUND.search(before) \
                and match.group().lstrip("+-") not in source:
            found.append(match.group())
    return found


def printed_text(cell):
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            yield "".join(output["text"])
        elif "data" in output and "text/plain" in output["data"]:
            yield "".join(output["data"]["text/plain"])
        elif output["output_type"] == "error":
            yield "\n".join(output.get("traceback", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_no_saved_output_prints_a_rounding_level_number(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    offenders = [(n, number) for n, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code")
                 for text in printed_text(cell) for number in tiny_numbers(text, "".join(cell["source"]))]
    assert not offenders, (f"{path.name}: code cells {offenders} print a rounding-level number; its digits differ "
                           f"between machines. Print a bound instead (lu.agreement).")


@pytest.mark.parametrize("text, found", [
    ("relative error 3e-16", ["3e-16"]),
    ("{'dW[2]': '2e-16', 'dW[3]': '3e-16'}", ["2e-16", "3e-16"]),
    ("difference -4.2E-17 left", ["-4.2E-17"]),
    ("mean 0.0000000000000004", ["0.0000000000000004"]),
    ("relative error below 1e-13 (agreement to rounding)", []),
    ("relative error < 1e-13", []),
    ("Cost (9) = 3.45e-05, step 1e+06, 1e-12", []),
    ("relative error 0e+00, moved by 0.0e+00", ["0e+00", "0.0e+00"]),
    ("a^[2] = [0.0000 0.5000]", []),
    ("array([1.0000e+00, 2.0000e-01])", []),
])
def test_the_check_finds_rounding_level_numbers_and_passes_bounds(text, found):
    assert tiny_numbers(text) == found


def test_a_number_the_cell_writes_itself_is_an_input():
    source = 'print("p + 1e-30 == p:", p + 1e-30 == p, f"at h = 1e-30: {err:.0e}")'
    assert tiny_numbers("p + 1e-30 == p: True at h = 1e-30: 3e-16", source) == ["3e-16"]


def test_agreement_says_a_bound_never_the_digits():
    assert lu.agreement(3.3e-16) == lu.agreement(0.0) == "below 1e-13 (agreement to rounding)"
    assert lu.agreement(2.9e-8, 1e-7) == lu.agreement(9e-9, 1e-7) == "below 1e-7"
    assert lu.agreement(2e-7, 1e-7) == "2e-07, not below 1e-7"
    assert tiny_numbers(lu.agreement(1e-17)) == []


@pytest.mark.parametrize("error, bound", [(float("nan"), 1e-13), (-1.0, 1e-13), (1e-16, 0.0), (1e-16, float("inf"))])
def test_agreement_refuses_what_is_not_a_relative_error_or_a_bound(error, bound):
    with pytest.raises(ValueError, match="relative error|bound"):
        lu.agreement(error, bound)
