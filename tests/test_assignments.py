"""Graded exercises: tools/assignments.py builds an nbgrader course from the lecture and solutions notebooks.

Every lecture notebook becomes an nbgrader source whose checked exercises are graded by the lecture's own check_*
functions (an `assert` on the Feedback, whose message is the checker's hint) and whose prose exercises are graded
by hand; the released students' versions contain no solution. Then the whole cycle runs headless for two notebooks:
release, three submissions (the solutions: full marks, the autograded points and, graded by hand as the instructor
would in the formgrader, the prose points; an untouched copy: none; one typical slip, a δ without its σ' factor:
the other autograded points, and the feedback shows the checker's hint), autograde, feedback, grades CSV
(autograde, feedback and export through nbgrader's Python API in one grading process, which saves CI time over one
nbgrader command each). Autograding runs students' code, so the course's config refuses to run it as root; when
the tests run as root, the grading process runs as `nobody` if `nobody` can run this environment's Python, and
otherwise (a root-only container such as CI, or a virtualenv whose interpreter lives in root's home) as root with
the config's explicit opt-in NBGRADER_ALLOW_ROOT=1.
"""
import csv
import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import nbformat
import pytest

pytest.importorskip("nbgrader")

ROOT = pathlib.Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("assignments", ROOT / "tools" / "assignments.py")
assignments = importlib.util.module_from_spec(spec)
spec.loader.exec_module(assignments)

LECTURES = assignments.lecture_notebooks()
CYCLE = ["03_the_error_delta", "07_reverse_mode"]  # quick to run; 03's Exercise 2: δ^[4] = σ'(z^[4]) ∘ (a^[4]−y)
SLIP = ("03_the_error_delta_exercise2_answer", "answer = fp7.a[4] - y7  # the factor σ'(z^[4]) forgotten")
HINT = "The factor σ'(z^[L]) is missing"
STUDENTS = ["solved", "untouched", "slipped"]
BIN = pathlib.Path(sys.executable).parent
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


def _lecture_check_calls(path):
    calls = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and re.search(r"^\s*answer\s*=\s*None", cell.source, re.M):
            calls += [m.group(1) for line in cell.source.splitlines() if (m := assignments.CHECK_CALL.match(line))]
    return calls


@pytest.fixture(scope="module")
def sources():
    return {path.stem: assignments.source_notebook(path) for path in LECTURES}


def test_there_is_a_source_for_each_of_the_twenty_notebooks(sources):
    assert len(sources) == 20


@pytest.mark.parametrize("path", LECTURES, ids=[p.stem for p in LECTURES])
def test_each_check_becomes_an_autograded_test_on_the_lectures_own_call(path, sources):
    """One read-only test cell worth 1 point per check_* call of the lecture, asserting the Feedback with the
    Feedback as the message, right after a solution cell that starts from the lecture's `answer = None`."""
    nb = sources[path.stem]
    tests = [c for c in nb.cells if _meta(c).get("grade") and c.cell_type == "code"]
    calls = _lecture_check_calls(path)
    assert calls, f"{path.name} checks no exercise"
    assert [t.source.splitlines()[0] for t in tests] == [f"feedback = {call}" for call in calls]
    for test in tests:
        assert _meta(test)["locked"] and _meta(test)["points"] == 1 and not _meta(test)["solution"]
        assert "assert feedback, feedback" in test.source
        answer = nb.cells[nb.cells.index(test) - 1]
        assert _meta(answer)["solution"] and not _meta(answer)["grade"]
        lines = answer.source.splitlines()
        assert any(re.match(r"answer\s*=\s*None", line) for line in lines)
        region = lines[lines.index("### BEGIN SOLUTION") + 1: lines.index("### END SOLUTION")]
        assert any(re.match(r"answer\s*=", line) and "None" not in line for line in region), \
            "the solution region sets the answer from the solutions notebook"


@pytest.mark.parametrize("path", LECTURES, ids=[p.stem for p in LECTURES])
def test_the_setup_cell_and_the_lecture_are_kept_and_prose_exercises_are_graded_by_hand(path, sources):
    nb, lecture = sources[path.stem], nbformat.read(path, as_version=4)
    first = lambda cells: next(c.source for c in cells if c.cell_type == "code")  # noqa: E731
    assert first(nb.cells) == first(lecture.cells)
    headings = re.findall(r"^### (Exercise \d+.*)$", "\n".join(c.source for c in lecture.cells), re.M)
    assert re.findall(r"^### (Exercise \d+.*)$", "\n".join(c.source for c in nb.cells), re.M) == headings
    graded = [c for c in nb.cells if _meta(c).get("grade")]
    written = [c for c in graded if c.cell_type == "markdown"]
    assert len(graded) == len(headings), "one graded cell (1 point) per exercise"
    for cell in written:
        assert _meta(cell)["solution"] and len(cell.source.split()) >= 10, "the model answer from the solutions"
    assert sum(_meta(c)["points"] for c in graded) == len(headings)


def test_the_released_versions_of_all_twenty_contain_no_solution(tmp_path):
    """nbgrader's own generate_assignment, as `make assignments` runs it."""
    names = assignments.build(tmp_path, database=False)  # the gradebook is the cycle's business, below
    assert len(names) == 20
    for name in names:
        released = nbformat.read(tmp_path / "release" / name / f"{name}.ipynb", as_version=4)
        text = "\n".join(c.source for c in released.cells)
        assert "BEGIN SOLUTION" not in text and "**Solution.**" not in text and "**Model answer.**" not in text
        assert text.count("# YOUR CODE HERE") >= text.count("assert feedback, feedback") >= 1
        assert all(not c.get("outputs") for c in released.cells)


def test_an_unknown_notebook_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no lecture notebook"):
        assignments.build(tmp_path, ["04_chain_rule"], release=False)


# --- the headless cycle ---------------------------------------------------------------------------------------------
def _as_nobody_works():
    """Whether the unprivileged user `nobody` can run this environment's Python (not when the virtualenv's
    interpreter lives in root's home, as with pyenv under /root)."""
    if not AS_ROOT or not shutil.which("setpriv"):
        return False
    probe = subprocess.run([*NOBODY, "sh", "-c", f'exec "{BIN / "python"}" -c pass'], capture_output=True)
    return probe.returncode == 0


NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
UNPRIVILEGED = _as_nobody_works()


# The grader: autograde and feedback for every submission, and the grades CSV, in one process through nbgrader's
# Python API with the course's config (one start of nbgrader, not one per command: CI time).
GRADER = """
import sys
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import CsvExportPlugin
from traitlets.config.loader import PyFileConfigLoader

names, students, marked = sys.argv[1].split(","), sys.argv[2].split(","), sys.argv[3]
config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
api = NbGraderAPI(CourseDirectory(config=config), config=config)
for name in names:
    for student in students:
        result = api.autograde(name, student, force=True, create=True)
        assert result["success"], f"autograde {name} {student}: {result.get('log')} {result.get('error')}"
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        # the instructor's part, as in the formgrader: the model answers get full marks for the prose exercises
        for notebook in gradebook.find_submission(name, marked).notebooks:
            for grade in notebook.grades:
                if grade.auto_score is None:
                    grade.manual_score = grade.max_score
        gradebook.db.commit()
    result = api.generate_feedback(name, force=True)
    assert result["success"], f"generate_feedback {name}: {result.get('log')} {result.get('error')}"
with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
    CsvExportPlugin(to="grades.csv").export(gradebook)
"""


def _environment(home):
    """This environment's bin first on PATH (nbgrader starts kernels and alembic), a home for the grading user."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", HOME=str(home),
               MPLCONFIGDIR=str(home / "mpl"), PYTHONHASHSEED="0")
    if AS_ROOT and not UNPRIVILEGED:
        env["NBGRADER_ALLOW_ROOT"] = "1"
    return env


def _grade(course, names, students, home):
    """Run GRADER in the course folder: as `nobody` when run as root and `nobody` can run the environment, else
    (a root-only container such as CI) as the invoking user with the opt-in NBGRADER_ALLOW_ROOT."""
    command = [str(BIN / "python"), "-c", GRADER, ",".join(names), ",".join(students), "solved"]
    return subprocess.run([*(NOBODY if UNPRIVILEGED else []), *command], cwd=course, env=_environment(home),
                          capture_output=True, text=True, timeout=600)


def _submit(course, student, name, cells):
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True)
    nb = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = _meta(cell).get("grade_id")
        if grade_id in cells:
            cell.source = cells[grade_id]
    nbformat.write(nb, folder / f"{name}.ipynb")
    (folder / "timestamp.txt").write_text("2026-12-01 12:00:00.000000 UTC")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """Build and release CYCLE, submit three students' notebooks, autograde, give feedback, export the grades."""
    base = pathlib.Path(tempfile.mkdtemp(prefix="nbgrader-cycle-"))  # not under pytest's root-only tmp folders
    try:
        course, home = base / "course", base / "home"
        home.mkdir()
        assignments.build(course, CYCLE)
        solved, slipped = {}, {}
        for name in CYCLE:
            source = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
            for cell in source.cells:
                if _meta(cell).get("solution"):
                    solved[_meta(cell)["grade_id"]] = cell.source  # the instructor's version runs as it is
            slipped.update(solved)
        grade_id, slip = SLIP
        slipped[grade_id] = solved[grade_id].replace("### END SOLUTION", slip + "\n### END SOLUTION")
        for name in CYCLE:
            _submit(course, "solved", name, solved)
            _submit(course, "untouched", name, {})
            _submit(course, "slipped", name, slipped)
        if UNPRIVILEGED:
            subprocess.run(["chown", "-R", "nobody:nogroup", str(base)], check=True)
        done = _grade(course, CYCLE, STUDENTS, home)
        assert done.returncode == 0, done.stdout + done.stderr
        with open(course / "grades.csv", newline="") as f:
            grades = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(f)}
        kept = tmp_path_factory.mktemp("graded")  # the grades and the feedback stay for inspection
        shutil.copyfile(course / "grades.csv", kept / "grades.csv")
        shutil.copytree(course / "feedback", kept / "feedback")
        yield course, grades, done.stdout + done.stderr
    finally:
        shutil.rmtree(base)


def _points(cells, kind):
    return sum(_meta(c)["points"] for c in cells if _meta(c).get("grade") and c.cell_type == kind)


def _lecture_exercises(name):
    cells = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells
    return re.findall(r"^### Exercise \d+", "\n".join(c.source for c in cells if c.cell_type == "markdown"), re.M)


def _auto_points(course, name):
    return _points(nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4).cells, "code")


def test_the_solutions_get_full_marks(cycle):
    """Every autograded point from the checkers, and the prose points that the instructor gives by hand."""
    course, grades, _ = cycle
    for name in CYCLE:
        row = grades[(name, "solved")]
        assert float(row["score"]) == float(row["max_score"]) == len(_lecture_exercises(name))
        assert _auto_points(course, name) > 0


def test_an_untouched_copy_gets_nothing(cycle):
    _, grades, _ = cycle
    for name in CYCLE:
        assert float(grades[(name, "untouched")]["score"]) == 0


def test_a_typical_slip_loses_its_point_and_the_feedback_gives_the_checkers_hint(cycle):
    """The slip costs exactly its exercise's point; the prose answers, not yet graded by hand, count 0."""
    course, grades, _ = cycle
    name = CYCLE[0]
    assert float(grades[(name, "slipped")]["score"]) == _auto_points(course, name) - 1
    assert float(grades[(CYCLE[1], "slipped")]["score"]) == _auto_points(course, CYCLE[1])
    html = (course / "feedback" / "slipped" / name / f"{name}.html").read_text()
    assert HINT in html
    untouched = (course / "feedback" / "untouched" / name / f"{name}.html").read_text()
    assert "No answer yet: replace None with your answer" in untouched
    assert HINT not in (course / "feedback" / "solved" / name / f"{name}.html").read_text()


def test_the_grades_csv_has_a_row_per_student_and_assignment(cycle):
    _, grades, _ = cycle
    assert set(grades) == {(name, s) for name in CYCLE for s in STUDENTS}


@pytest.mark.skipif(not AS_ROOT, reason="checks the refusal to autograde as root")
def test_the_config_refuses_to_autograde_as_root(cycle):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("NBGRADER_ALLOW_ROOT", None)
    done = subprocess.run([str(BIN / "nbgrader"), "autograde", CYCLE[0]], cwd=cycle[0], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "never as root" in done.stdout + done.stderr
