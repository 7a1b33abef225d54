"""nbgrader's configuration for the course that tools/assignments.py builds (`make assignments` copies it there).

Autograding runs the students' code: `nbgrader autograde` (and `nbgrader validate`, and the formgrader's
autograde button) execute every submitted notebook in a Jupyter kernel with the rights of the user who runs
nbgrader. Run them as the instructor's own unprivileged user (or a dedicated grading user), on a machine or
container that holds nothing else of value; this config refuses to execute students' code as root (below).
Building and releasing assignments (`nbgrader generate_assignment`), feedback and exports run no student code.
"""
import os
import sys

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The lecture's own stub: a student's answer cell keeps `answer = None`, then the place for their code; an
# untouched answer gets the checker's "No answer yet" in the feedback instead of a NotImplementedError.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# A notebook runs in under 10 s; a submission that loops for ever is stopped.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120

# The nbgrader commands that may run students' code (all but those known not to), and Jupyter servers with the
# formgrader, refuse to run as root, as Jupyter does, unless NBGRADER_ALLOW_ROOT=1 says that this is a throw-away
# container whose only user is root (a CI runner); never set it on a shared machine.
RUNS_NO_STUDENT_CODE = {"generate_assignment", "release_assignment", "generate_feedback", "release_feedback",
                        "export", "db", "list", "collect", "zip_collect", "generate_config", "--version", "--help"}
program = os.path.basename(sys.argv[0]) if sys.argv else ""
command = sys.argv[1] if len(sys.argv) > 1 else ""
may_run_student_code = program.startswith("jupyter") or (program == "nbgrader" and command not in RUNS_NO_STUDENT_CODE)
if (hasattr(os, "geteuid") and os.geteuid() == 0 and os.environ.get("NBGRADER_ALLOW_ROOT") != "1"
        and may_run_student_code):
    raise SystemExit("nbgrader_config.py: autograding runs students' code; run nbgrader as an unprivileged user "
                     "(the instructor's own account or a grading account), never as root.")
