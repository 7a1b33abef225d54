"""tools/machines.py, which runs the notebooks as other CPUs would: its configurations, and how it compares what
`make notebooks` would save there with what is committed."""
import base64
import io
import pathlib
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import machines  # noqa: E402


def png(shift=0.0, width=1.5):
    """A small figure of one line, moved up by `shift` data units, as a base64 PNG."""
    fig, ax = plt.subplots(figsize=(3, 2), dpi=80)
    ax.plot([0, 1], [0 + shift, 1 + shift], linewidth=width)
    ax.set_ylim(-1, 2)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def cell(*outputs, tags=()):
    return {"cell_type": "code", "source": "x", "metadata": {"tags": list(tags)}, "outputs": list(outputs)}


def text(value):
    return {"output_type": "stream", "name": "stdout", "text": value}


def figure(data):
    return {"output_type": "display_data", "data": {"image/png": data, "text/plain": "<Figure>"}, "metadata": {}}


def test_every_configuration_lowers_one_of_kernel_simd_level_or_threads():
    assert set(machines.CI) <= set(machines.CONFIGURATIONS)
    for name, env in machines.CONFIGURATIONS.items():
        if name != "default":
            assert set(env) <= {"OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", "OPENBLAS_NUM_THREADS"}
            assert "OPENBLAS_CORETYPE" in env
    kernels = {machines.CONFIGURATIONS[n]["OPENBLAS_CORETYPE"] for n in machines.CI}
    assert len(kernels) == len(machines.CI)


def test_environment_replaces_what_the_caller_had(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "SkylakeX")
    monkeypatch.setenv("OPENBLAS_L2_SIZE", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    env = machines.environment("nehalem-sse")
    assert env["OPENBLAS_CORETYPE"] == "Nehalem" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert "X86_V3" in env["NPY_DISABLE_CPU_FEATURES"] and "X86_V4" in env["NPY_DISABLE_CPU_FEATURES"]
    assert "OPENBLAS_L2_SIZE" not in env and "MPLBACKEND" not in env
    assert "OPENBLAS_CORETYPE" not in machines.environment("default")


def test_other_architectures_run_only_the_default(monkeypatch):
    monkeypatch.setattr(machines.platform, "machine", lambda: "aarch64")
    assert machines.available("default")
    assert not any(machines.available(n) for n in machines.CONFIGURATIONS if n != "default")


def test_the_same_picture_up_to_anti_aliasing_but_not_a_moved_line():
    base = png()
    assert machines.same_picture(base, base)
    assert machines.same_picture(base, png(shift=1e-4))       # a fraction of a pixel: anti-aliasing only
    assert not machines.same_picture(base, png(shift=0.01))   # under half a pixel, and visibly moved
    assert not machines.same_picture(base, png(shift=0.2))
    assert not machines.same_picture(base, png(width=4))


def test_differing_parts_names_what_changed():
    assert machines.differing_parts(cell(text("1e-16\n")), cell(text("3e-16\n"))) == ["stream"]
    assert machines.differing_parts(cell(figure(png())), cell(figure(png(shift=0.2)))) == ["image/png"]
    assert machines.differing_parts(cell(figure(png())), cell(figure(png(shift=1e-4)))) == []
    assert machines.differing_parts(cell(text("a")), cell(text("a"), text("b"))) == ["the number of outputs"]
    assert machines.differing_parts(cell(text("a")), cell(text("a"), tags=["x"])) == ["source/metadata"]
    described = [figure(png()), figure(png())]  # the same picture, its alt text saying another number
    described[0]["metadata"] = {"image/png": {"alt": "Cost (9) falls from 0.28 to 0.0052"}}
    described[1]["metadata"] = {"image/png": {"alt": "Cost (9) falls from 0.28 to 0.0053"}}
    assert machines.differing_parts(cell(described[0]), cell(described[1])) == ["output metadata"]


def test_only_a_rounding_figure_or_a_timing_may_differ_when_regenerated():
    assert machines.excused(["image/png"], [machines.ROUNDING_FIGURE])
    assert machines.excused(["stream"], [machines.TIMED]) and machines.excused(["text/plain"], [machines.TIMED])
    assert machines.excused(["stream"], [machines.ROUNDING_FIGURE]) is None      # its text must not change
    assert machines.excused(["image/png", "stream"], [machines.ROUNDING_FIGURE]) is None
    assert machines.excused(["stream"], ["raises-exception"]) is None
    assert machines.excused([], [machines.TIMED]) is None


def test_tools_machines_refuses_an_unknown_configuration(capsys):
    with pytest.raises(SystemExit):
        machines.main(["no-such-cpu"])
    assert "unknown configuration" in capsys.readouterr().err


def test_the_rounding_figure_tag_is_used_only_where_a_figure_draws_rounding():
    """Only notebook 05's step-size figure draws the machine's rounding (errors down to 1e-16 against h)."""
    import json
    tagged = [(path.name, n) for path in sorted((ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb")) if ".ipynb_checkpoints" not in path.parts
              for n, c in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"])
              if machines.ROUNDING_FIGURE in c.get("metadata", {}).get("tags", [])]
    assert [name for name, _ in tagged] == ["05_lemma_1.ipynb"]
    assert np.size(tagged) == 2
