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
