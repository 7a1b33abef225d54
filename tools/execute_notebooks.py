"""Execute notebooks in place in a fresh kernel each, so their committed outputs are current and reproducible.

Usage: python tools/execute_notebooks.py notebooks/*.ipynb
Running it twice gives the same bytes: no timing metadata, a fixed hash seed, seeded randomness in the notebooks.
"""
import json
import os
import pathlib
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

from slides import apply_slide_metadata


def execute(path):
    """Run every cell of the notebook at `path` top to bottom in a fresh kernel, and save it with its outputs."""
    nb = apply_slide_metadata(nbformat.read(path, as_version=4))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = joined_streams(cell.outputs)
    path.write_text(stable_widget_ids(nbformat.writes(nb)).rstrip("\n") + "\n", encoding="utf-8")


def joined_streams(outputs):
    """Join each run of stream outputs of the same name (stdout, stderr) into one: how the kernel splits a print
    into messages depends on timing, so without this the same run can save different bytes."""
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_widget_ids(text):
    """Replace the random ids of ipywidgets models (uuid4 hex) by 1, 2, 3, ... in a fixed order (the displayed
    widgets, then every model they refer to, depth first), so that the notebook's bytes do not change between runs."""
    nb = json.loads(text)
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order = []

    def visit(model_id):
        if model_id in order:
            return
        order.append(model_id)
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state.get(model_id, {}), sort_keys=True)):
            visit(ref)

    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                visit(output["data"][WIDGET_VIEW]["model_id"])
    masked = lambda m: re.sub(r"[0-9a-f]{32}", "", json.dumps(state[m], sort_keys=True))  # noqa: E731
    for model_id in sorted(set(state) - set(order), key=masked):
        visit(model_id)
    for n, model_id in enumerate(order, start=1):
        text = text.replace(model_id, f"{n:032x}")
    return nbformat.writes(nbformat.reads(text, as_version=4))  # key order follows the new ids


def main(paths):
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("MPLBACKEND", None)  # an inherited Agg backend would suppress the figures
    os.environ.pop("LECTURE_PRESENTATION", None)  # saved outputs use the notebook style, not the slide style
    for name in paths:
        path = pathlib.Path(name)
        start = time.perf_counter()
        execute(path)
        print(f"{path.name}: executed in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
