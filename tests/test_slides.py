"""Every notebook presents as slides (RISE in JupyterLab, reveal.js exports) under one rule, tools/slides.py."""
import json
import os
import pathlib
import subprocess
import sys

import matplotlib as mpl
import pytest

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from slides import apply_slide_metadata  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cell(kind, text):
    return {"cell_type": kind, "source": text, "metadata": {}}


def test_the_rule():
    nb = {"cells": [cell("markdown", "# Title"), cell("code", "import lecture_utils as lu"),
                    cell("markdown", "## Section"), cell("markdown", "Some prose"), cell("code", "x = 1"),
                    cell("markdown", "Prose after code"), cell("markdown", "### A heading"), cell("code", "y = 2")],
          "metadata": {}}
    types = [c["metadata"]["slideshow"]["slide_type"] for c in apply_slide_metadata(nb)["cells"]]
    assert types == ["slide", "skip", "slide", "-", "-", "subslide", "subslide", "-"]
    assert nb["metadata"]["rise"]["scroll"] is True


def test_long_prose_becomes_speaker_notes():
    """Prose of more than three lines (display equations and blank lines not counted) that is not a heading is
    a notes cell; a notes cell that would start a sub-slide hands the start to the next cell shown."""
    long = "one\ntwo\nthree\nfour"
    nb = {"cells": [cell("markdown", "# Title\n" + long), cell("code", "import lecture_utils as lu"),
                    cell("markdown", "## Section\n" + long), cell("markdown", long), cell("code", "x = 1"),
                    cell("markdown", long), cell("code", "widget"),
                    cell("markdown", "lead-in\n\n$$\na\nb\nc\n$$\n\nthen $$x$$ inline"),
                    cell("markdown", "one\n\ntwo\n\nthree"), cell("code", "y = 2"),
                    cell("markdown", "## Next\n"), cell("markdown", long), cell("markdown", "short")],
          "metadata": {}}
    types = [c["metadata"]["slideshow"]["slide_type"] for c in apply_slide_metadata(nb)["cells"]]
    assert types == ["slide", "skip", "slide", "notes", "-", "notes", "subslide", "subslide", "-", "-",
                     "slide", "notes", "-"]
    from slides import prose_lines
    assert prose_lines("a\n\n$$x$$\n$$\ny\n$$\nb") == 2 and prose_lines(long) == 4


def test_every_word_stays_and_no_step_is_lost():
    """Notebook 10: the explorer's and the dashboard's long prose are speaker notes, its slides and sub-slides
    are as many as before notes, and every cell keeps its text."""
    path = ROOT / "notebooks" / "10_drive_lemma_1.ipynb"
    nb = json.loads(path.read_text())
    sources = ["".join(c["source"]) for c in nb["cells"]]
    apply_slide_metadata(nb)
    assert ["".join(c["source"]) for c in nb["cells"]] == sources
    types = [c["metadata"]["slideshow"]["slide_type"] for c in nb["cells"]]
    widgets = [i for i, s in enumerate(sources) if s.rstrip().endswith(("\nexplorer", "\ndashboard"))]
    assert len(widgets) == 2
    for i in widgets:
        assert types[i - 1] == "notes" or sources[i - 1].lstrip().startswith("#"), "prose right before a widget"
    assert sum(t in ("slide", "subslide") for t in types) == 11


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_carries_slide_metadata(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"].get("rise"), "run `make notebooks` to set the RISE settings"
    expected = apply_slide_metadata(json.loads(path.read_text()))
    assert [c["metadata"].get("slideshow") for c in nb["cells"]] == \
           [c["metadata"]["slideshow"] for c in expected["cells"]], "run `make notebooks` to refresh slide metadata"


def test_presentation_style_is_one_call_or_one_variable(monkeypatch):
    lu.use_lecture_style(presentation=True)
    big = mpl.rcParams["font.size"]
    lu.use_lecture_style()
    assert mpl.rcParams["font.size"] < big
    monkeypatch.setenv("LECTURE_PRESENTATION", "1")
    lu.use_lecture_style()
    assert mpl.rcParams["font.size"] == big
    lu.use_lecture_style(presentation=False)


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
def test_reveal_export(tmp_path):
    """nbconvert's reveal.js export of one notebook has one section per slide of the series' layout (`make slides`
    builds on it, with the series' template and vendored assets: tests/test_export.py, test_export_browser.py)."""
    nb = NOTEBOOKS[0]
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", "--output-dir", str(tmp_path),
                    str(nb)], check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    html = (tmp_path / (nb.stem + ".slides.html")).read_text()
    slides = sum(c["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide")
                 for c in json.loads(nb.read_text())["cells"])
    assert "Reveal.initialize" in html and html.count("<section") >= slides
