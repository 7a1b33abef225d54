"""Slide metadata for RISE (live slides in JupyterLab) and reveal.js exports, set by one rule for every notebook.

The rule: the title and every "## " section start a slide; every "### " heading, and every paragraph of prose that
follows code, starts a sub-slide (so each step, prose then code then output, gets a screen of its own); the setup
cell is skipped on slides (it still runs); everything else continues the slide it is on.
"""

RISE = {"scroll": True, "transition": "none", "theme": "simple", "center": False}


def slide_type(cell, previous, is_setup):
    """The slideshow type of `cell`, given the cell before it and whether it is the notebook's setup cell."""
    text = "".join(cell.get("source", "")).lstrip()
    if previous is None or (cell["cell_type"] == "markdown" and text.startswith("## ")):
        return "slide"
    if is_setup:
        return "skip"
    if cell["cell_type"] == "markdown" and (text.startswith("### ") or previous["cell_type"] == "code"):
        return "subslide"
    return "-"


def apply_slide_metadata(nb):
    """Set every cell's slideshow metadata and the notebook's RISE settings, in place; returns nb."""
    setup = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"), None)
    previous = None
    for i, cell in enumerate(nb["cells"]):
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": slide_type(cell, previous, i == setup)}
        previous = cell
    nb.setdefault("metadata", {})["rise"] = dict(RISE)
    return nb
