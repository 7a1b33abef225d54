# The two commands a student needs are `make lab` and `make test`; the rest serve instructors and developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; the token stays on either way.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab present html slides test machines bench hub hub-bench notebooks workspace assignments labextension clean
# make lab opens the student's own copies (make workspace) when they exist, the lecture's notebooks otherwise.
LAB_DIR := $(if $(wildcard workspace),workspace,notebooks)

# The environment: made once, and refreshed whenever pyproject.toml (the one list of dependencies) or the prebuilt
# RISE widgets extension (labextension/README.md) changes.
$(STAMP): pyproject.toml labextension/pyproject.toml labextension/built/package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[test]' ./labextension
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(LAB_DIR) $(ROOT_FLAG)

# JupyterLab for the lecture room: figures in the large presentation style; RISE renders a notebook as live slides.
present: $(STAMP)
	LECTURE_PRESENTATION=1 $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(LAB_DIR) $(ROOT_FLAG)

# Every lecture notebook with its saved outputs as a static page (html/) or as reveal.js slides (slides/), both
# git-ignored, with an index; they open offline: MathJax and reveal.js, pinned in export/package-lock.json, are
# fetched once by npm into export/node_modules and served beside the pages (tools/export.py). Needs Node.js and npm.
html: $(STAMP)
	$(BIN)/python tools/export.py html --output-dir html

slides: $(STAMP)
	$(BIN)/python tools/export.py slides --output-dir slides

test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

# Strict nbval over every notebook as other CPUs would run it (other OpenBLAS kernels, numpy SIMD levels, BLAS
# thread counts: tools/machines.py --list); a saved output that changes under any of them depends on the CPU.
machines: $(STAMP)
	$(BIN)/python tools/machines.py

# Every benchmarks/bench_*.py; each prints its figures as ratios against a reference timed in the same run.
bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The load test of the hub (benchmarks/bench_hub.py): 10, 20 and 40 simulated students on one JupyterHub on 127.0.0.1
# with notebook 10; `make bench` runs it with 5. Needs Node.js and npm (the proxy, deploy/package-lock.json).
# SAVE=--save records the measurement in deploy/hub_measurement.json; deploy/values.yaml must then agree (test_hub).
hub-bench: $(STAMP)
	$(BIN)/python benchmarks/bench_hub.py --students 10 20 40 $(SAVE)

# JupyterHub for a class on this machine (README: One machine): as root, once the class's accounts exist; the hub
# keeps its database and cookie secret in HUB_STATE.
HUB_STATE ?= /srv/jupyterhub
hub: $(STAMP)
	$(BIN)/python -m pip install -e '.[hub]'
	cd deploy && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(HUB_STATE) && cd $(HUB_STATE) && $(abspath $(BIN))/jupyterhub -f $(abspath deploy/jupyterhub_config.py)

# Re-run every notebook in place so that the committed outputs are current; twice gives the same bytes.
notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb notebooks/solutions/*.ipynb

# Copy the notebooks into the git-ignored workspace/, never overwriting a notebook the student has changed.
workspace:
	$(PYTHON) tools/workspace.py notebooks workspace

# The nbgrader course in the git-ignored classroom/: each notebook's exercises as an assignment built from its
# solutions notebook (classroom/source), and the students' versions released to classroom/release. Grade with
# `cd classroom && nbgrader autograde NN_name` as your own unprivileged user (README: Graded exercises).
assignments: $(STAMP)
	$(BIN)/python tools/assignments.py classroom

# Rebuild the RISE widgets extension from its source into labextension/built (committed, so that nobody else needs
# Node.js), against this environment's JupyterLab, then install it. Needs Node.js and npm.
JUPYTERLAB_CORE = $(shell $(BIN)/python -c "import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), 'staging'))")
labextension: $(STAMP)
	cd labextension && npm ci --no-audit --no-fund && rm -rf built && \
		node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path "$(JUPYTERLAB_CORE)" .
	$(BIN)/python -m pip install ./labextension

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
