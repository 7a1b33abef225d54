"""Notebook 07 in a real browser: JupyterLab in headless Chromium, driven as a reader would (keyboard and clicks).

Needs Debian's chromium (`apt-get install chromium`) and Playwright for Python (the test extra); without them the
tests are skipped with that advice, except under CI (CI=true), where a missing browser is a failure. Screenshots go
to screenshots/ (git-ignored). The server and browser machinery is shared with the slide test, in tests/browser.py."""
import re
import time

import pytest

from browser import SHOTS, lab, open_notebook, wait_idle as _wait_idle  # noqa: F401 (lab: fixture)

NOTEBOOK = "notebooks/07_drive_lemma_1.ipynb"


@pytest.fixture(scope="module")
def page(lab):
    """Notebook 07 open in headless Chromium, its kernel restarted and all its cells run."""
    from playwright.sync_api import sync_playwright

    base, token = lab
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser, page = open_notebook(p, base, token, NOTEBOOK, {"width": 1500, "height": 1100})
        # the server keeps a kernel between page loads: restart it, then run every cell from the top
        page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
        page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").click()
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        _status(page).wait_for()
        _wait_idle(page)
        page.screenshot(path=SHOTS / "07_after_run_all.png")
        yield page
        browser.close()


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
