"""Build an nbgrader course from the lecture notebooks and their solutions, and release the students' versions.

Usage: python tools/assignments.py [COURSE] [NN_name ...]   (defaults: classroom, every lecture notebook)

For each lecture notebook notebooks/NN_name.ipynb this writes COURSE/source/NN_name/NN_name.ipynb, the nbgrader
source (the instructor's version): the lecture notebook up to its exercises unchanged (setup cell included), then
each `### Exercise N` with its statement and

- a checked exercise (the lecture's cell `answer = None` ... `check_*(..., answer)`): a solution cell, the lecture's
  `answer = None` line followed by the solutions notebook's code between `### BEGIN SOLUTION` and `### END SOLUTION`,
  and a read-only autograder test cell worth 1 point, `assert feedback, feedback` on the lecture's check_* call: a
  Feedback is truthy when right, and the assertion's message, shown in the student's feedback, is the checker's hint;
- a prose exercise: a manually graded markdown answer cell worth 1 point holding the solutions notebook's model
  answer, and a solution cell with the model answer's code when it has some.

The cells' nbgrader metadata follow nbgrader's own format (nbgrader.nbgraderformat) and pass its validator.
COURSE/nbgrader_config.py is a copy of tools/nbgrader_config.py. Then `nbgrader generate_assignment` writes the
students' versions to COURSE/release/ (the solution regions replaced by `# YOUR CODE HERE`, the model answers by
"YOUR ANSWER HERE").
"""
import os
import pathlib
import re
import shutil
import sys

import nbformat
from nbgrader.nbgraderformat import SCHEMA_VERSION, MetadataValidator

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CONFIG = pathlib.Path(__file__).resolve().parent / "nbgrader_config.py"
EXERCISE = re.compile(r"^#{2,3} Exercise (\d+)\b")
CHECK_CALL = re.compile(r"^\s*((?:lu\.)?check_\w+\(.*\))\s*$")
ANSWER_NONE = re.compile(r"^\s*answer\s*=\s*None\b")
POINTS = 1  # per exercise: a checked one is graded by its checker, a prose one by hand


def _text(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _nbgrader(cell, grade_id, *, solution=False, grade=False, locked=False, points=None):
    """Set the cell's nbgrader metadata, in nbgrader's format."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def _split(nb):
    """(the cells before the first exercise, {N: the cells of exercise N}); a markdown cell holding text before the
    first exercise heading (the summary, `## Exercises`) is cut in two."""
    before, sections, current = [], {}, None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = _text(cell).splitlines()
            starts = [i for i, line in enumerate(lines) if EXERCISE.match(line)]
            cuts = [0] + starts + [len(lines)]
            for start, end in zip(cuts, cuts[1:]):
                piece = "\n".join(lines[start:end]).strip("\n")
                if not piece:
                    continue
                match = EXERCISE.match(lines[start])
                if match:
                    current = sections.setdefault(int(match.group(1)), [])
                part = nbformat.v4.new_markdown_cell(piece, metadata=dict(cell.metadata))
                (before if current is None else current).append(part)
        else:
            (before if current is None else current).append(cell)
    return before, sections


def _solution_parts(cells):
    """The solutions notebook's section of an exercise: (its prose without the quoted statement, its code lines)."""
    prose, code = [], []
    for cell in cells:
        if cell.cell_type == "markdown":
            lines = [line for line in _text(cell).splitlines()
                     if not line.lstrip().startswith(">") and not EXERCISE.match(line)]
            text = "\n".join(lines).strip()
            if text:
                prose.append(text)
        elif cell.cell_type == "code":
            code.append(_text(cell).rstrip())
    return "\n\n".join(prose), [line for block in code for line in block.splitlines() + [""]]


def _region(lines):
    """Code lines between nbgrader's solution delimiters, without trailing blank lines."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(["### BEGIN SOLUTION", *lines, "### END SOLUTION"])


def _checked(stem, n, lecture_cells, solution_cells):
    """The cells of a checked exercise: the lecture's other cells, a solution cell and an autograder test cell."""
    check_cell = next(c for c in lecture_cells if c.cell_type == "code" and any(
        CHECK_CALL.match(line) for line in _text(c).splitlines()))
    lines = _text(check_cell).splitlines()
    call = next(CHECK_CALL.match(line).group(1) for line in lines if CHECK_CALL.match(line))
    answer_line = next(line for line in lines if ANSWER_NONE.match(line))
    given = [line for line in lines if line is not answer_line and not CHECK_CALL.match(line)]
    lecture_code = {_text(c).strip() for c in lecture_cells if c.cell_type == "code" and c is not check_cell}
    solution_code = [c for c in solution_cells if c.cell_type == "code" and _text(c).strip() not in lecture_code]
    _, code = _solution_parts(solution_code)
    code = [line for line in code if not CHECK_CALL.match(line) and line not in given]
    cells = []
    for cell in lecture_cells:
        if cell is check_cell:
            source = "\n".join([*given, answer_line, _region(code)])
            cells.append(_nbgrader(nbformat.v4.new_code_cell(source, metadata=dict(cell.metadata)),
                                   f"{stem}_exercise{n}_answer", solution=True))
            test = (f"feedback = {call}\n"
                    f"assert feedback, feedback  # the checker's verdict; its hint is the autograder's message\n"
                    f"feedback")
            cells.append(_nbgrader(nbformat.v4.new_code_cell(test, metadata=dict(cell.metadata)),
                                   f"{stem}_exercise{n}_check", grade=True, locked=True, points=POINTS))
        else:
            cells.append(cell)
    return cells


def _prose(stem, n, lecture_cells, solution_cells):
    """The cells of a prose exercise: its statement, a manually graded answer cell and the model answer's code."""
    prose, code = _solution_parts(solution_cells)
    cells = list(lecture_cells)
    cells.append(_nbgrader(nbformat.v4.new_markdown_cell(prose or "(Answer in words.)"),
                           f"{stem}_exercise{n}_written", solution=True, grade=True, points=POINTS))
    if any(line.strip() for line in code):
        cells.append(_nbgrader(nbformat.v4.new_code_cell(_region(code)), f"{stem}_exercise{n}_code", solution=True))
    return cells


def source_notebook(lecture_path):
    """The nbgrader source of one lecture notebook, built from it and its solutions notebook."""
    lecture_path = pathlib.Path(lecture_path)
    stem = lecture_path.stem
    lecture = nbformat.read(lecture_path, as_version=4)
    solutions = nbformat.read(lecture_path.parent / "solutions" / f"{stem}_solutions.ipynb", as_version=4)
    before, asked = _split(lecture)
    _, solved = _split(solutions)
    if not asked:
        raise ValueError(f"{lecture_path.name} has no '### Exercise N' headings")
    cells = list(before)
    for n, section in sorted(asked.items()):
        if n not in solved:
            raise ValueError(f"{stem}_solutions.ipynb has no solution for Exercise {n}")
        checked = any(c.cell_type == "code" and any(CHECK_CALL.match(line) for line in _text(c).splitlines())
                      and any(ANSWER_NONE.match(line) for line in _text(c).splitlines()) for c in section)
        cells += (_checked if checked else _prose)(stem, n, section, solved[n])
    nb = nbformat.v4.new_notebook(cells=cells, metadata=lecture.metadata)
    for number, cell in enumerate(nb.cells):
        cell.id = f"{stem[:2]}-{number}"  # the same ids on every build
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)  # nbgrader's own check of its cell metadata
    return nb


def lecture_notebooks(names=()):
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if not names or p.stem in names]


def build(course, names=(), release=True, database=True):
    """Write COURSE/source/NN_name/NN_name.ipynb for the chosen lecture notebooks (all by default), copy the
    nbgrader config, and with `release` write the students' versions (recorded in the course's gradebook unless
    `database` is False); return the assignment names."""
    course = pathlib.Path(course)
    course.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG, course / "nbgrader_config.py")
    paths = lecture_notebooks(names)
    unknown = sorted(set(names) - {path.stem for path in paths})
    if unknown:
        raise ValueError(f"no lecture notebook notebooks/NN_name.ipynb for {unknown}")
    for path in paths:
        folder = course / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(path), folder / f"{path.stem}.ipynb")
    if release:
        release_assignments(course, [path.stem for path in paths], database)
    return [path.stem for path in paths]


def release_assignments(course, names, database=True):
    """`nbgrader generate_assignment` for each name, through nbgrader's Python API in this one process, with the
    course's config; nbgrader starts subprocesses of its own (alembic), so this environment's bin goes first on
    PATH."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    bin_dir = str(pathlib.Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    if not database:  # nbgrader's --no-db
        config.GenerateAssignment.no_database, config.SaveCells.enabled = True, False
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    for name in names:
        result = api.generate_assignment(name, force=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n"
                               f"{result.get('log') or result.get('error')}")


if __name__ == "__main__":
    args = sys.argv[1:]
    course = args[0] if args else "classroom"
    for name in build(course, args[1:]):
        print(f"released {name}: {course}/release/{name}/{name}.ipynb")
