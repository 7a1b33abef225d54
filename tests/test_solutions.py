"""The instructors' solutions in notebooks/solutions/: one notebook per lecture notebook, a solution for every
exercise, every checked answer confirmed right, and none of them where students' copies come from.

A solution notebook `notebooks/solutions/NN_name_solutions.ipynb` belongs to the lecture notebook
`notebooks/NN_name.ipynb`. For every `### Exercise N: title` of the lecture notebook it has the same heading (at
level ### or ##), then prose of its own (an explanation, or the model answer of a prose question) and, where the
lecture checks the exercise, the lecture's `check_*(...)` call verbatim, whose saved output starts with "✓ Right".
The students' notebooks (the top level of notebooks/, which `make workspace` copies) contain no solution.
"""
import json
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*_solutions.ipynb"))
EXERCISE = re.compile(r"^#{2,3} (Exercise (\d+)\b.*?)\s*$")  # the lecture uses ###; a solution may use ## too
CHECK_CALL = re.compile(r"^\s*((?:lu\.)?check_\w+\(.*\))\s*$", re.M)
RIGHT = "✓ Right"
MIN_WORDS = 10  # an explanation or a model answer is at least a sentence, not code alone


def load(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def shown(output):
    """The text an output shows: a stream's text, or the text/plain of a result."""
    return "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))


def lecture_of(solution):
    """notebooks/solutions/NN_name_solutions.ipynb -> notebooks/NN_name.ipynb."""
    return solution.parent.parent / (solution.name[: -len("_solutions.ipynb")] + ".ipynb")


def exercises(nb):
    """{N: {"heading", "prose", "code"}} for each `### Exercise N` heading. A section runs to the next exercise or
    second-level heading; "prose" is its own markdown (quoted statements, lines starting with ">", left out)."""
    sections, current = {}, None
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            if current is not None:
                current["code"].append(cell)
            continue
        for line in source(cell).splitlines():
            match = EXERCISE.match(line)
            if match:
                current = sections.setdefault(int(match.group(2)), {"heading": match.group(1), "prose": [], "code": []})
            elif line.startswith("## ") or line.startswith("# "):
                current = None
            elif current is not None and not line.lstrip().startswith(">"):
                current["prose"].append(line)
    return sections


def check_calls(section):
    return [call for cell in section["code"] for call in CHECK_CALL.findall(source(cell))]


# --- the rules, each a list of problems (empty when the rule holds) ------------------------------------------------
def missing_lecture(solution):
    lecture = lecture_of(solution)
    return [] if lecture.exists() else [f"{solution.name} has no lecture notebook {lecture.name}"]


def unsolved_exercises(lecture_nb, solution_nb):
    """Every lecture exercise has a solution: same heading, prose of its own, and the lecture's check_* calls."""
    lecture, solution = exercises(lecture_nb), exercises(solution_nb)
    problems = [] if lecture else ["the lecture notebook has no '### Exercise N' headings"]
    for n, asked in sorted(lecture.items()):
        solved = solution.get(n)
        if solved is None:
            problems.append(f"Exercise {n} has no solution")
            continue
        if solved["heading"] != asked["heading"]:
            problems.append(f"Exercise {n}: heading {solved['heading']!r}, the lecture's {asked['heading']!r}")
        words = len(" ".join(solved["prose"]).split())
        if words < MIN_WORDS:
            problems.append(f"Exercise {n}: {words} words of explanation or model answer, fewer than {MIN_WORDS}")
        for call in check_calls(asked):
            if call not in check_calls(solved):
                problems.append(f"Exercise {n}: the lecture's {call} is not in the solution")
    problems += [f"Exercise {n} is not in the lecture notebook" for n in sorted(set(solution) - set(lecture))]
    return problems


def unconfirmed_checks(solution_nb):
    """Every cell calling check_* has a saved output starting with "✓ Right"; there is at least one such cell."""
    cells = [c for c in solution_nb["cells"] if c["cell_type"] == "code" and CHECK_CALL.search(source(c))]
    problems = [] if cells else ["no cell calls a check_* function"]
    for cell in cells:
        texts = [shown(o).strip() for o in cell.get("outputs", [])]
        if not texts or not texts[-1].startswith(RIGHT):
            call = CHECK_CALL.search(source(cell)).group(1)
            problems.append(f"{call} shows {texts[-1][:80] if texts else 'nothing'!r}")
    return problems


def not_executed_cleanly(solution_nb):
    """Executed top to bottom in one fresh kernel (counts 1, 2, 3, ...), with no error output."""
    cells = [c for c in solution_nb["cells"] if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in cells]
    problems = [] if counts == list(range(1, len(counts) + 1)) else [f"execution counts {counts}"]
    return problems + [f"a cell raised {o['ename']}" for c in cells for o in c.get("outputs", [])
                       if o["output_type"] == "error"]


def solutions_shown_to_students(notebooks_dir):
    """The top level of notebooks/ (the students' notebooks) holds no solution notebook and shows no right answer."""
    problems = []
    for path in sorted(pathlib.Path(notebooks_dir).glob("*.ipynb")):
        nb = load(path)
        title = next((source(c) for c in nb["cells"] if c["cell_type"] == "markdown"), "")
        if "solution" in path.name.lower() or title.lstrip().startswith("# Solutions"):
            problems.append(f"{path.name} is a solution notebook at the top level of notebooks/")
        if any(shown(o).strip().startswith(RIGHT) for c in nb["cells"] for o in c.get("outputs", [])):
            problems.append(f"{path.name} shows a right answer ({RIGHT}) in a saved output")
    return problems


# --- the tests -----------------------------------------------------------------------------------------------------
def test_every_lecture_notebook_has_solutions():
    lectures = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    solved = {lecture_of(p).name for p in SOLUTIONS}
    assert len(lectures) >= 12 and lectures == solved, sorted(lectures ^ solved)


@pytest.fixture(params=SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def solution(request):
    return request.param


def test_has_its_lecture_notebook(solution):
    assert not missing_lecture(solution)


def test_titled_after_its_lecture_notebook(solution):
    title = source(load(solution)["cells"][0]).splitlines()[0]
    assert title.startswith(f"# Solutions to notebook {solution.name[:2]}: "), f"{solution.name}: {title!r}"


def test_every_exercise_has_a_solution(solution):
    problems = unsolved_exercises(load(lecture_of(solution)), load(solution))
    assert not problems, "\n".join(problems)


def test_every_check_says_right(solution):
    problems = unconfirmed_checks(load(solution))
    assert not problems, "\n".join(problems)


def test_executed_top_to_bottom_without_errors(solution):
    problems = not_executed_cleanly(load(solution))
    assert not problems, "\n".join(problems)


def test_no_solution_at_the_top_level_of_notebooks():
    problems = solutions_shown_to_students(NOTEBOOKS)
    assert not problems, "\n".join(problems)


def test_make_workspace_copies_no_solutions(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "workspace.py"), str(NOTEBOOKS), str(tmp_path)],
                   capture_output=True, check=True)
    copied = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb")]
    assert copied and not [name for name in copied if "solution" in name], copied


# --- the rules fail where they should (so the tests above are not vacuous) -----------------------------------------
def markdown_cell(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code_cell(text, count, outputs=()):
    return {"cell_type": "code", "metadata": {}, "source": text, "execution_count": count, "outputs": list(outputs)}


def result(text):
    return {"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}, "execution_count": 1}


LECTURE = {"cells": [
    markdown_cell("# 1. A lecture\n\n## Exercises\n\n### Exercise 1: a number"),
    code_cell("answer = None\ncheck_cost(net, X, Y, answer)", 1, [result("✗ Not yet. No answer yet.")]),
    markdown_cell("### Exercise 2: why?\n\nExplain.")]}
EXPLANATION = "**Solution.** " + "Cost (9) is the mean over the ten points of the single-sample costs (13). " * 2
GOOD = {"cells": [
    markdown_cell("# Solutions to notebook 01: a lecture\n\n## Exercises"),
    markdown_cell("### Exercise 1: a number\n\n> Compute it."), markdown_cell(EXPLANATION),
    code_cell("answer = 0.28\ncheck_cost(net, X, Y, answer)", 1, [result("✓ Right. That is Cost (9).")]),
    markdown_cell("### Exercise 2: why?\n\n> Explain."), markdown_cell(EXPLANATION)]}


def test_the_rules_hold_for_a_good_solution_and_catch_broken_ones(tmp_path):
    assert not unsolved_exercises(LECTURE, GOOD) and not unconfirmed_checks(GOOD) and not not_executed_cleanly(GOOD)
    unsolved = {"cells": GOOD["cells"][:4]}                                      # Exercise 2 left out
    assert unsolved_exercises(LECTURE, unsolved)
    quoted_only = {"cells": GOOD["cells"][:5]}                                   # Exercise 2: the statement only
    assert unsolved_exercises(LECTURE, quoted_only)
    unchecked = {"cells": GOOD["cells"][:3] + [code_cell("answer = 0.28", 1)] + GOOD["cells"][4:]}
    assert unsolved_exercises(LECTURE, unchecked)
    wrong = {"cells": GOOD["cells"][:3] + [code_cell("answer = 0.55\ncheck_cost(net, X, Y, answer)", 1,
                                                     [result("✗ Not yet. The factor ½ of (9) is missing.")])]}
    assert unconfirmed_checks(wrong) and unconfirmed_checks({"cells": GOOD["cells"][:3]})
    assert not_executed_cleanly({"cells": [code_cell("1", 2)]})
    assert not_executed_cleanly({"cells": [code_cell("1 / 0", 1, [{"output_type": "error", "ename": "ZeroDivisionError",
                                                                    "evalue": "", "traceback": []}])]})
    (tmp_path / "solutions").mkdir()
    orphan = tmp_path / "solutions" / "99_nothing_solutions.ipynb"
    assert missing_lecture(orphan)
    (tmp_path / "01_a_lecture.ipynb").write_text(json.dumps(LECTURE), encoding="utf-8")
    assert not solutions_shown_to_students(tmp_path)
    (tmp_path / "01_a_lecture_solutions.ipynb").write_text(json.dumps(GOOD), encoding="utf-8")
    assert solutions_shown_to_students(tmp_path)
    (tmp_path / "01_a_lecture_solutions.ipynb").unlink()
    (tmp_path / "02_shown.ipynb").write_text(json.dumps({"cells": GOOD["cells"][2:4]}), encoding="utf-8")
    assert solutions_shown_to_students(tmp_path)
