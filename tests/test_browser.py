"""Notebook 10 in a real browser: JupyterLab in headless Chromium, driven as a reader would (keyboard and clicks).

Needs Debian's chromium (`apt-get install chromium`) and Playwright for Python (the test extra); without them the
tests are skipped with that advice, except under CI (CI=true), where a missing browser is a failure. Screenshots go
to screenshots/ (git-ignored). The server and browser machinery is shared with the slide test, in tests/browser.py."""
import re
import time

import pytest

from browser import SHOTS, dashboard_status, iteration, lab, open_notebook, wait_for_iterations_past  # noqa: F401
from browser import wait_idle as _wait_idle

NOTEBOOK = "notebooks/10_drive_lemma_1.ipynb"


@pytest.fixture(scope="module")
def page(lab):
    """Notebook 10 open in headless Chromium, its kernel restarted and all its cells run."""
    from playwright.sync_api import sync_playwright

    base, token = lab
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser, page = open_notebook(p, base, token, NOTEBOOK, {"width": 1500, "height": 1100})
        # the server keeps a kernel between page loads: restart it, then run every cell from the top
        page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
        page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").click()
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        dashboard_status(page).wait_for()
        _wait_idle(page)
        page.screenshot(path=SHOTS / "10_after_run_all.png")
        yield page
        browser.close()


def _readout(page):
    return page.locator(".widget-htmlmath").first


PAINTED = "(name) => (window.__lecturePaints || []).filter(p => p.name === name).length"  # live_figure.js's log


def _painted(page, name):
    """How many frames the browser has painted of the widget `name` ("explorer", "dashboard")."""
    return page.evaluate(PAINTED, name)


def test_the_weight_slider_moves_with_the_keyboard_and_the_readout_follows(page):
    slider = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="ω_43^[3]"))
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    before = _readout(page).inner_text()  # the numbers typeset by MathJax are not text; the last line is
    value_before = slider.locator(".widget-readout").inner_text()
    painted = _painted(page, "explorer")
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
    # the browser drew the moved point and tangent itself, at most one frame per key press (the rest coalesced)
    assert painted < _painted(page, "explorer") <= painted + 25
    page.locator(".widget-vbox").first.screenshot(path=SHOTS / "10_weight_explorer_moved.png")


def test_play_trains_and_pause_stops_it(page):
    status = dashboard_status(page)
    status.scroll_into_view_if_needed()
    start, painted = iteration(status), _painted(page, "dashboard")
    page.get_by_role("button", name="Play").click()
    wait_for_iterations_past(page, status, start + 4000)
    rising = iteration(status)
    time.sleep(1.0)
    assert iteration(status) > rising > start  # still rising: the notebook kept drawing while training
    assert _painted(page, "dashboard") > painted + 2  # and the browser painted the frames
    page.locator(".widget-vbox", has=status).first.screenshot(path=SHOTS / "10_dashboard_playing.png")
    page.get_by_role("button", name="Pause").click()
    time.sleep(1.0)  # a frame already in flight may land
    paused = iteration(status)
    time.sleep(2.0)
    assert iteration(status) == paused
    _wait_idle(page)
    page.locator(".widget-vbox", has=status).first.screenshot(path=SHOTS / "10_dashboard_paused.png")


def test_no_error_in_any_output(page):
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
