"""Execute notebooks in place in a fresh kernel each, so their committed outputs are current and reproducible.

Usage: python tools/execute_notebooks.py notebooks/*.ipynb
Running it twice gives the same bytes: no timing metadata, a fixed hash seed, seeded randomness in the notebooks.
"""
import os
import pathlib
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
    nbformat.write(nb, path)


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
