"""`make workspace` copies the lecture into workspace/ and never overwrites a notebook the student changed."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "workspace.py"


def run(source, target):
    done = subprocess.run([sys.executable, str(TOOL), str(source), str(target)], capture_output=True, text=True,
                          check=True)
    return done.stdout


def test_a_changed_notebook_survives_and_new_and_updated_lecture_notebooks_arrive(tmp_path):
    lecture, mine = tmp_path / "notebooks", tmp_path / "workspace"
    lecture.mkdir()
    (lecture / "01_a.ipynb").write_text('{"v": 1}')
    (lecture / "02_b.ipynb").write_text('{"v": 1}')
    (lecture / "rise.css").write_text(".reveal p { font-size: 22px; }")
    first = run(lecture, mine)
    assert "copied   01_a.ipynb" in first and "copied   rise.css" in first  # the slide style travels too
    (mine / "01_a.ipynb").write_text('{"v": 1, "student": "my answer"}')   # the student's work
    (lecture / "01_a.ipynb").write_text('{"v": 2}')                      # the lecture changes both notebooks
    (lecture / "02_b.ipynb").write_text('{"v": 2}')
    (lecture / "03_c.ipynb").write_text('{"v": 1}')                      # and gains a new one
    report = run(lecture, mine)
    assert (mine / "01_a.ipynb").read_text() == '{"v": 1, "student": "my answer"}'
    assert "kept     01_a.ipynb: you changed it" in report
    assert (mine / "02_b.ipynb").read_text() == '{"v": 2}' and "updated  02_b.ipynb" in report
    assert (mine / "03_c.ipynb").read_text() == '{"v": 1}' and "copied   03_c.ipynb" in report
    assert "kept     01_a.ipynb" in run(lecture, mine)  # and a third run still keeps it


def test_make_workspace_and_lab_use_it():
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/workspace.py notebooks workspace" in makefile
    assert "$(wildcard workspace)" in makefile  # make lab opens the workspace when there is one
    assert "workspace/" in (ROOT / ".gitignore").read_text().splitlines()
