"""Notebook 07 in a real browser: JupyterLab in headless Chromium, driven as a reader would (keyboard and clicks).

Needs Debian's chromium (`apt-get install chromium`) and Playwright for Python (the test extra); without them the
tests are skipped with that advice, except under CI (CI=true), where a missing browser is a failure. Screenshots go
to screenshots/ (git-ignored)."""
import json
import os
import pathlib
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/07_drive_lemma_1.ipynb"
CHROMIUM = pathlib.Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
PORTS = range(8890, 8900)
TIMEOUT_MS = 90_000


def _missing():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no browser at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


def _require_browser():
    why = _missing()
    if why is None:
        return
    advice = (f"{why}: to run the browser tests, `apt-get update && apt-get install -y chromium` and "
              "`pip install -e '.[test]'` (Playwright's own browser download is not needed)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {advice}", pytrace=False)
    pytest.skip(advice)


def _free_port():
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}..{PORTS.stop - 1} for JupyterLab")


def _write_settings(folder):
    """User settings for a quiet, deterministic JupyterLab: every cell rendered, no news prompt."""
    settings = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"}}
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server of our own on 127.0.0.1 (a free port, no retries, a token), shut down by its PID."""
    _require_browser()
    home = tmp_path_factory.mktemp("jupyter")
    _write_settings(home / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # Agg would hide the widget figures
    env.update(JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_CONFIG_DIR=str(home / "config"))
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={ROOT}", f"--LabApp.user_settings_dir={home / 'settings'}",
               f"--LabApp.workspaces_dir={home / 'workspaces'}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
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
def page(lab):
    """Notebook 07 open in headless Chromium, its kernel restarted and all its cells run."""
    from playwright.sync_api import sync_playwright

    base, token = lab
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}&reset")
        page.locator(".jp-Notebook").first.wait_for()
        _wait_idle(page)
        # the server keeps a kernel between page loads: restart it, then run every cell from the top
        page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
        page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").click()
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        _status(page).wait_for()
        _wait_idle(page)
        page.screenshot(path=SHOTS / "07_after_run_all.png")
        yield page
        browser.close()


def _wait_idle(page):
    """Wait for the status bar's '| Idle' (the toolbar says idle too early, before the kernel has started)."""
    page.wait_for_function("() => /\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')"
                           "?.innerText || '')", timeout=TIMEOUT_MS)


def _status(page):
    return page.locator(".widget-html", has_text=re.compile(r"iteration [\d,]+ ·")).first


def _iteration(page):
    return int(re.search(r"iteration ([\d,]+)", _status(page).inner_text()).group(1).replace(",", ""))


def _readout(page):
    return page.locator(".widget-htmlmath").first


def test_the_weight_slider_moves_with_the_keyboard_and_the_readout_follows(page):
    slider = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="ω_43^[3]"))
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    before = _readout(page).inner_text()  # the numbers typeset by MathJax are not text; the last line is
    value_before = slider.locator(".widget-readout").inner_text()
    handle.focus()
    for _ in range(25):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[_readout(page).element_handle(), before])
    _wait_idle(page)
    after = _readout(page).inner_text()
    assert re.search(r"central difference: -?\d", after) and after != before
    assert float(slider.locator(".widget-readout").inner_text()) == pytest.approx(float(value_before) + 0.25,
                                                                                    abs=1e-9)
    assert "(25)" in after and "central difference" in after
    page.locator(".widget-vbox").first.screenshot(path=SHOTS / "07_weight_explorer_moved.png")


def test_play_trains_and_pause_stops_it(page):
    status = _status(page)
    status.scroll_into_view_if_needed()
    start = _iteration(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("([el, n]) => parseInt(el.innerText.match(/iteration ([\\d,]+)/)[1].replace(/,/g, ''))"
                           " > n + 4000", arg=[status.element_handle(), start])
    rising = _iteration(page)
    time.sleep(1.0)
    assert _iteration(page) > rising > start  # still rising: the notebook kept drawing while training
    page.locator(".widget-vbox", has=status).first.screenshot(path=SHOTS / "07_dashboard_playing.png")
    page.get_by_role("button", name="Pause").click()
    time.sleep(1.0)  # a frame already in flight may land
    paused = _iteration(page)
    time.sleep(2.0)
    assert _iteration(page) == paused
    _wait_idle(page)
    page.locator(".widget-vbox", has=status).first.screenshot(path=SHOTS / "07_dashboard_paused.png")


def test_no_error_in_any_output(page):
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
