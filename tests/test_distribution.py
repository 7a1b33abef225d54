"""Distribution through a hub with nbgitpuller: a lecture update never loses a student's work.

The lecture is published as a git repository; a student's nbgitpuller link clones it into their home on the first
click and merges the lecture's updates into their copy on every later click (`git merge -Xours`: where the student
and the lecture changed the same lines, the student's lines win). Here, in a temporary folder: a bare repository
holds a commit of the lecture's notebooks; nbgitpuller pulls it into a student's home; the student edits a cell of
notebook 04; the lecture edits another cell of 04, adds a notebook, and edits the very cell the student edited; the
student pulls again. Git runs only on the temporary repositories, never on the project's own.
"""
import os
import pathlib
import shutil
import subprocess

import nbformat
import pytest

pytest.importorskip("nbgitpuller")
from nbgitpuller.pull import GitPuller  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/04_the_chain_rule.ipynb"
STUDENT_ANSWER = "answer = 40  # the student's own count"
LECTURE_NOTE = "A note the lecture added after the student's first pull."
LECTURE_ANSWER_LINE = "answer = None  # the lecture's reworded comment"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="nbgitpuller needs git")


def _git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="Lecturer", GIT_AUTHOR_EMAIL="lecturer@example.org",
               GIT_COMMITTER_NAME="Lecturer", GIT_COMMITTER_EMAIL="lecturer@example.org",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _pull(url, home):
    """What a click on the student's nbgitpuller link does, through nbgitpuller's own Python API."""
    return list(GitPuller(url, str(home / "backprop-lecture"), branch="main", depth=0).pull())


def _edit(path, index_of, change):
    nb = nbformat.read(path, as_version=4)
    index = index_of(nb)
    nb.cells[index].source = change(nb.cells[index].source)
    nbformat.write(nb, path)


def _exercise_cell(nb):
    """The code cell of Exercise 2 (`answer = None`, the path count)."""
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "check_path_count" in c.source)


def _title_cell(nb):
    return 0


@pytest.fixture
def lecture(tmp_path, monkeypatch):
    """A working copy of the lecture's notebooks (one commit) and the bare repository students pull from."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # nbgitpuller's git, too, ignores this machine's settings
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    work, bare = tmp_path / "lecture", tmp_path / "lecture.git"
    # What the students' repository holds: the lecture's notebooks, never notebooks/solutions (a clone has all).
    shutil.copytree(ROOT / "notebooks", work / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "solutions"))
    _git("init", "-q", "-b", "main", cwd=work)
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "the lecture", cwd=work)
    _git("clone", "-q", "--bare", str(work), str(bare), cwd=tmp_path)
    _git("remote", "add", "origin", str(bare), cwd=work)
    return work, f"file://{bare}"


def _publish(work, message):
    _git("commit", "-q", "-am", message, cwd=work)
    _git("push", "-q", "origin", "main", cwd=work)


def test_a_students_edit_survives_a_lecture_update_and_new_notebooks_arrive(lecture, tmp_path):
    work, url = lecture
    home = tmp_path / "home"
    _pull(url, home)
    mine = home / "backprop-lecture" / NOTEBOOK
    assert mine.read_bytes() == (ROOT / NOTEBOOK).read_bytes()

    _edit(mine, _exercise_cell, lambda s: s.replace(s.splitlines()[0], STUDENT_ANSWER))
    _edit(work / NOTEBOOK, _title_cell, lambda s: s + "\n\n" + LECTURE_NOTE)
    shutil.copyfile(work / NOTEBOOK, work / "notebooks" / "21_a_new_notebook.ipynb")
    _git("add", "notebooks/21_a_new_notebook.ipynb", cwd=work)
    _publish(work, "the lecture updates 04 and adds 21")

    _pull(url, home)
    nb = nbformat.read(mine, as_version=4)
    assert nb.cells[_exercise_cell(nb)].source.splitlines()[0] == STUDENT_ANSWER, "the student's edit survives"
    assert nb.cells[0].source.endswith(LECTURE_NOTE), "the lecture's update to another cell arrives"
    assert (home / "backprop-lecture" / "notebooks" / "21_a_new_notebook.ipynb").exists(), "the new notebook appears"
    assert not (home / "backprop-lecture" / "notebooks" / "solutions").exists()
    nbformat.validate(nb)


def test_on_an_edit_of_the_same_cell_the_students_version_wins(lecture, tmp_path):
    """Both change the same line: nbgitpuller merges with -Xours, so the student's line is kept, the lecture's
    change to that line is not applied (the student sees it by opening the lecture's copy), and the notebook is
    still a valid notebook."""
    work, url = lecture
    home = tmp_path / "home"
    _pull(url, home)
    mine = home / "backprop-lecture" / NOTEBOOK
    _edit(mine, _exercise_cell, lambda s: s.replace(s.splitlines()[0], STUDENT_ANSWER))
    _edit(work / NOTEBOOK, _exercise_cell, lambda s: s.replace(s.splitlines()[0], LECTURE_ANSWER_LINE))
    _edit(work / NOTEBOOK, _title_cell, lambda s: s + "\n\n" + LECTURE_NOTE)
    _publish(work, "the lecture rewords the exercise's answer line")

    _pull(url, home)
    nb = nbformat.read(mine, as_version=4)
    nbformat.validate(nb)
    source = nb.cells[_exercise_cell(nb)].source
    assert source.splitlines()[0] == STUDENT_ANSWER and LECTURE_ANSWER_LINE not in source
    assert nb.cells[0].source.endswith(LECTURE_NOTE), "the rest of the lecture's update still arrives"


def test_a_deleted_notebook_comes_back_fresh_on_the_next_pull(lecture, tmp_path):
    """The way back to the lecture's version: delete your copy and click the link again."""
    work, url = lecture
    home = tmp_path / "home"
    _pull(url, home)
    mine = home / "backprop-lecture" / NOTEBOOK
    _edit(mine, _exercise_cell, lambda s: s.replace(s.splitlines()[0], STUDENT_ANSWER))
    _pull(url, home)  # the edit is committed in the student's clone
    mine.unlink()
    _pull(url, home)
    assert mine.read_bytes() == (ROOT / NOTEBOOK).read_bytes()
