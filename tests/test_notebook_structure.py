"""The shape every lecture notebook shares, checked for each notebooks/NN_*.ipynb (this series' convention).

A notebook of the series:

1. opens with a markdown cell whose first line is the title, numbered as its file (`# 7. ...` in `07_*.ipynb`),
   and which says, in one line starting "After this notebook you can", what the reader will be able to do;
2. has exactly one setup cell, its first code cell: it imports `lecture_utils as lu`, chooses the figure backend
   (`%matplotlib inline`, or `%matplotlib widget` for interactive notebooks), calls `lu.use_lecture_style()`, and
   sets a seed on a line whose comment (`# ...`) gives the reason for it. No later code cell imports anything,
   switches the backend or sets the style again;
3. shows the lecture's equations in LaTeX with their numbers: at least one display equation `$$ ... $$` ends with
   a number, as `\\tag{22}` or `\\qquad (22)` for the lecture's, or `\\tag{LR1}` for a notebook's own equation:
   its own equations are labelled by a topic's letters (CR, BH, RM, CE, MS, LR, V, R, DO, MB, BN, RC, CV, RN, LS),
   never by dotted numbers such as 9.1, which would read as the lecture's (9);
4. ends with a `## Summary` section followed by a `## Exercises` section (the last second-level heading), with
   2 to 4 exercises as `### Exercise N: ...` headings, at least one of them checked in a code cell by a
   `check_*` function;
5. is committed executed top to bottom in one fresh kernel (execution counts 1, 2, 3, ... with no gaps), with no
   error output unless the cell is tagged `raises-exception`;
6. contains no absolute path of the machine it was made on, and no memory address, in its sources or outputs.
"""
import json
import pathlib
import re

import pytest

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def markdown(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def headings(nb, level):
    marker = "#" * level + " "
    return [line[len(marker):].strip() for text in markdown(nb) for line in text.splitlines()
            if line.startswith(marker)]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6, [p.name for p in NOTEBOOKS]


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb(request):
    return load(request.param)


def test_opens_with_title_and_promise(nb):
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown", "the first cell must be markdown: the title"
    text = source(first)
    assert text.splitlines()[0].startswith("# "), "the first line must be the title, `# ...`"
    promise = [line for line in text.splitlines() if line.startswith("After this notebook you can")]
    assert len(promise) == 1, "the first cell needs one line starting 'After this notebook you can'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_title_carries_the_notebook_s_number(path):
    title = source(load(path)["cells"][0]).splitlines()[0]
    assert title.startswith(f"# {int(path.name[:2])}. "), f"{path.name} is titled {title!r}"


def test_one_setup_cell(nb):
    setup, *rest = code_cells(nb)
    text = source(setup)
    assert re.search(r"^import lecture_utils as lu$", text, re.M), "the setup cell imports lecture_utils as lu"
    assert re.search(r"^%matplotlib (inline|widget)$", text, re.M), "the setup cell chooses %matplotlib inline/widget"
    assert "lu.use_lecture_style()" in text, "the setup cell applies the series' figure style"
    assert re.search(r"^[^#\n]*seed[^#\n]*#\s*\S.{10,}", text, re.M | re.I), \
        "the setup cell sets a seed, with a comment giving its reason"
    for cell in rest:
        later = source(cell)
        assert not re.search(r"^\s*(import|from)\s+\S+|^\s*%matplotlib|use_lecture_style\(", later, re.M), \
            f"only the setup cell imports or sets the style; found in a later cell:\n{later}"


def test_numbered_equations(nb):
    text = "\n".join(markdown(nb))
    displays = re.findall(r"\$\$(.+?)\$\$", text, re.S)
    numbered = [d for d in displays if re.search(r"(\\tag\{(\d+|[A-Z]{1,2}\d+)\}|\\q?quad\s*\(\d+\))\s*$", d.strip())]
    dotted = [d for d in displays if re.search(r"\\tag\{\d+\.\d+\}", d)]
    assert not dotted, f"a notebook's own equation is labelled like the lecture's numbers: {dotted[0][-40:]}"
    assert numbered, "at least one display equation must carry its number, e.g. \\tag{22}"


def test_ends_with_summary_and_exercises(nb):
    level2 = headings(nb, 2)
    assert "Summary" in level2 and "Exercises" in level2, level2
    assert level2[-1] == "Exercises" and level2.index("Summary") == len(level2) - 2, \
        f"the notebook must end with ## Summary then ## Exercises, not {level2[-3:]}"
    text = "\n".join(markdown(nb))
    after = text[text.index("## Exercises"):]
    exercises = re.findall(r"^### Exercise \d+", after, re.M)
    assert 2 <= len(exercises) <= 4, f"2 to 4 exercises as '### Exercise N: ...' headings, found {len(exercises)}"
    cells = nb["cells"]
    start = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and "## Exercises" in source(c))
    checked = [c for c in cells[start:] if c["cell_type"] == "code" and re.search(r"\bcheck_\w+\(", source(c))]
    assert checked, "at least one exercise must be checked by a check_* function"


def test_executed_top_to_bottom(nb):
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"execute in a fresh kernel, top to bottom: counts {counts}"
    for cell in code_cells(nb):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        assert not errors, f"a cell raised {errors[0]['ename']}: {source(cell)}"


MACHINE_PATH = re.compile(r"(?<![\w.~])/(?:work|tmp|root|home|Users|private|var/folders|opt|mnt)/|\b[A-Z]:\\\\")
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,16}\b")


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # a traceback's colours, which would hide a path from MACHINE_PATH


def test_no_machine_paths_or_addresses(nb):
    text = ANSI.sub(" ", json.dumps(nb, ensure_ascii=False).replace("\\u001b", "\x1b"))
    assert not MACHINE_PATH.search(text), f"absolute path: {MACHINE_PATH.search(text).group(0)}"
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            shown = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not ADDRESS.search(shown), f"memory address in an output: {shown}"


def test_a_path_in_a_coloured_traceback_is_caught():
    """An error output's traceback colours its file names (ESC[32m/…): the path must still be found."""
    colour = "\x1b[32m"
    traceback = f"File {colour}" + "/" + "work/project/lecture_utils/dropout.py:136"
    nb = {"cells": [{"cell_type": "code", "source": "", "execution_count": 1, "metadata": {}, "outputs": [
        {"output_type": "error", "ename": "RuntimeError", "evalue": "", "traceback": [traceback]}]}]}
    with pytest.raises(AssertionError, match="absolute path"):
        test_no_machine_paths_or_addresses(nb)


def test_the_rules_catch_a_broken_notebook():
    """The checks above fail on a notebook that breaks the convention (so they are not vacuous)."""
    broken = {"cells": [
        {"cell_type": "markdown", "source": "Some text without a title", "metadata": {}},
        {"cell_type": "code", "source": "import numpy as np", "execution_count": 2, "outputs": [], "metadata": {}},
        {"cell_type": "code", "source": "import lecture_utils as lu\nprint('/tmp/x')", "execution_count": None,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "/tmp/x <object at 0x7f00deadbeef>"}],
         "metadata": {}},
        {"cell_type": "markdown", "source": "## Exercises\n\n### Exercise 1: one\n\n## Summary\n\n$$C = 1$$",
         "metadata": {}}]}
    for rule in (test_opens_with_title_and_promise, test_one_setup_cell, test_numbered_equations,
                 test_ends_with_summary_and_exercises, test_executed_top_to_bottom,
                 test_no_machine_paths_or_addresses):
        with pytest.raises(AssertionError):
            rule(broken)
