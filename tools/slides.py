"""Slide metadata for RISE (live slides in JupyterLab) and reveal.js exports, set by one rule for every notebook.

The rule: the title and every "## " section start a slide; every "### " heading, and every paragraph of prose that
follows code, starts a sub-slide (so each step, prose then code then output, gets a screen of its own); the setup
cell is skipped on slides (it still runs); everything else continues the slide it is on.

Speaker notes: long prose is not projected but becomes RISE's speaker notes (slide_type "notes"), so that the
slide shows the heading, the equations, the code and the widget or figure, while the notebook keeps every word.
A markdown cell is long prose when it does not start with a heading ("#") and holds more than NOTE_LINES lines of
prose; the lines of display equations ($$ ... $$) and blank lines do not count, so a short sentence leading into an
equation stays on the slide. A notes cell that would have started a slide or sub-slide hands that start on to the
next cell that is shown, so the slides and sub-slides stay the same in number and order.
"""

RISE = {"scroll": True, "transition": "none", "theme": "simple", "center": False}
NOTE_LINES = 3


def prose_lines(text):
    """The number of non-blank lines of `text` outside display equations ($$ ... $$)."""
    count, inside = 0, False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        fences = stripped.count("$$")
        if inside or fences:
            if fences % 2:
                inside = not inside
            continue
        count += 1
    return count


def is_notes(cell):
    """Whether `cell` is long prose, shown as speaker notes on the slides (the module's docstring has the rule)."""
    text = "".join(cell.get("source", "")).strip()
    return cell["cell_type"] == "markdown" and not text.startswith("#") and prose_lines(text) > NOTE_LINES


def slide_type(cell, previous, is_setup):
    """The slideshow type of `cell`, given the cell before it and whether it is the notebook's setup cell
    (before speaker notes are taken out: `apply_slide_metadata`)."""
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
    previous, pending = None, None
    for i, cell in enumerate(nb["cells"]):
        kind = slide_type(cell, previous, i == setup)
        if kind in ("slide", "subslide") and pending == "slide":
            kind = "slide"  # a section's start handed on by a notes cell outranks a step's start
        elif kind == "-" and pending:
            kind, pending = pending, None
        if kind in ("slide", "subslide") and is_notes(cell):
            kind, pending = "notes", kind
        elif kind != "skip" and is_notes(cell):
            kind = "notes"
        elif kind != "-":
            pending = None if kind != "skip" else pending
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
        previous = cell
    nb.setdefault("metadata", {})["rise"] = dict(RISE)
    return nb
