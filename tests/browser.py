"""What the real-browser tests share: JupyterLab of our own on 127.0.0.1, driven in headless Debian chromium.

Needs Debian's chromium (`apt-get install chromium`) and Playwright for Python (the test extra); without them the
browser tests are skipped with that advice, except under CI (CI=true), where a missing browser is a failure.
A test module takes the `lab` fixture by importing it (`from browser import lab`); `running_lab` starts a server on
another folder. Screenshots go to screenshots/ (git-ignored)."""
import contextlib
import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = pathlib.Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
PORTS = range(8890, 8900)
TIMEOUT_MS = 90_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"]


def missing():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no browser at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


def require_browser():
    """Skip the calling test with advice when the browser is missing, or fail it under CI=true."""
    why = missing()
    if why is None:
        return
    advice = (f"{why}: to run the browser tests, `apt-get update && apt-get install -y chromium` and "
              "`pip install -e '.[test]'` (Playwright's own browser download is not needed)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {advice}", pytrace=False)
    pytest.skip(advice)


def free_port():
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}..{PORTS.stop - 1} for JupyterLab")


def write_settings(folder):
    """User settings for a quiet, deterministic JupyterLab: every cell rendered, no news prompt."""
    settings = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"}}
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@contextlib.contextmanager
def running_lab(root, home, env=None):
    """A JupyterLab server of our own serving `root` on 127.0.0.1 (a free port, no retries, a token), its settings,
    runtime files and log in the folder `home`; yields (base URL, token) and shuts the server down by its PID.
    `env` adds environment variables for the server and its kernels."""
    write_settings(home / "settings")
    port, token = free_port(), secrets.token_hex(16)
    server_env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # Agg would hide the widget figures
    server_env.update(JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_CONFIG_DIR=str(home / "config"),
                      **(env or {}))
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={home / 'settings'}",
               f"--LabApp.workspaces_dir={home / 'workspaces'}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, cwd=root, env=server_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()  # SIGTERM to the server's PID: it shuts its kernels down, then exits
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server of our own on a copy of the repository's notebooks/ (JupyterLab writes checkpoints, and a
    test may save, beside what it opens), for the module's tests; (base URL, token)."""
    require_browser()
    root = notebooks_copy(tmp_path_factory.mktemp("root"))
    with running_lab(root, tmp_path_factory.mktemp("jupyter")) as server:
        yield server


def notebooks_copy(root):
    """`root` with a copy of the repository's notebooks/ in it (without JupyterLab's checkpoints), for a server."""
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


def launch_chromium(playwright):
    """Debian's chromium, headless, quiet (no first-run, sync or update traffic)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def open_notebook(playwright, base, token, path, viewport):
    """Chromium showing the notebook at `path` (relative to the server's root) in JupyterLab, its kernel idle:
    (browser, page); the caller closes the browser."""
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/lab/tree/{path}?token={token}&reset")
    page.locator(".jp-Notebook").first.wait_for()
    wait_idle(page)
    return browser, page


def wait_idle(page):
    """Wait for the status bar's '| Idle' (the toolbar says idle too early, before the kernel has started)."""
    page.wait_for_function("() => /\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')"
                           "?.innerText || '')", timeout=TIMEOUT_MS)


def run_all_cells(page):
    """Run → Run All Cells, then wait until every code cell has its execution count and the kernel is idle."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function("() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
                           " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.innerText)); }")
    wait_idle(page)


def dashboard_status(where):
    """The training dashboard's status line ("iteration 6,000 · Cost (9) = ...") in a page, frame or locator."""
    return where.locator(".widget-html", has_text=re.compile(r"iteration [\d,]+ ·")).first


def iteration(status):
    """The iteration count that the dashboard's status line shows."""
    return int(re.search(r"iteration ([\d,]+)", status.inner_text()).group(1).replace(",", ""))


def wait_for_iterations_past(where, status, n):
    """Wait (in the page or frame `where`) until the status line shows more than n iterations."""
    where.wait_for_function("([el, n]) => parseInt(el.innerText.match(/iteration ([\\d,]+)/)[1].replace(/,/g, ''))"
                            " > n", arg=[status.element_handle(), n])
