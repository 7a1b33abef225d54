"""tools/execute_notebooks.py, the one command that writes the notebooks' committed outputs."""
import pathlib
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import joined_streams  # noqa: E402

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)  # not JupyterLab's copies


def stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_a_print_split_into_messages_is_saved_as_one_output():
    """The kernel may send "6 of 450 ..." as "6" and " of 450 ..." or in one piece; both save the same bytes."""
    outputs = [stream("stdout", "6"), stream("stdout", " of 450\n"), stream("stderr", "warn\n"),
               nbformat.v4.new_output("display_data", data={"text/plain": "figure"}), stream("stdout", "after\n")]
    joined = joined_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in joined] == [
        ("stream", "stdout", "6 of 450\n"), ("stream", "stderr", "warn\n"), ("display_data", None, None),
        ("stream", "stdout", "after\n")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_have_their_streams_joined(path):
    """The committed outputs come from the project's command: no two streams of one name follow each other."""
    for cell in nbformat.read(path, as_version=4).cells:
        outputs = cell.get("outputs", [])
        for before, after in zip(outputs, outputs[1:]):
            assert not (before.output_type == after.output_type == "stream" and before.name == after.name), \
                f"{path.name}: split stream output; regenerate with `make notebooks`"
