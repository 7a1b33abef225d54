# The two commands a student needs are `make lab` and `make test`; the rest serve instructors and developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; the token stays on either way.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab present slides test bench notebooks workspace clean
# make lab opens the student's own copies (make workspace) when they exist, the lecture's notebooks otherwise.
LAB_DIR := $(if $(wildcard workspace),workspace,notebooks)

# The environment: made once, and refreshed whenever pyproject.toml (the one list of dependencies) changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(LAB_DIR) $(ROOT_FLAG)

# JupyterLab for the lecture room: figures in the large presentation style; RISE renders a notebook as live slides.
present: $(STAMP)
	LECTURE_PRESENTATION=1 $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(LAB_DIR) $(ROOT_FLAG)

# Static reveal.js slides of every notebook, with its saved outputs, in the git-ignored slides/ folder.
slides: $(STAMP)
	$(BIN)/jupyter nbconvert --to slides --output-dir slides notebooks/[0-9][0-9]_*.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

# Every benchmarks/bench_*.py; each prints its figures as ratios against a reference timed in the same run.
bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Re-run every notebook in place so that the committed outputs are current; twice gives the same bytes.
notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb notebooks/solutions/*.ipynb

# Copy the notebooks into the git-ignored workspace/, never overwriting a notebook the student has changed.
workspace:
	$(PYTHON) tools/workspace.py notebooks workspace

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
