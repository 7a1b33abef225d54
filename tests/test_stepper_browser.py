"""Notebook 06's backward stepper in a real browser: JupyterLab in headless Chromium, the notebook run from the top,
then Next pressed through the whole backward pass (the first two steps from the keyboard, Enter and Space on the
focused button, the rest by clicks) and Back once, each readout checked against lu.backward_steps.

Needs Debian's chromium and Playwright for Python (the test extra); without them the test is skipped with that
advice, except under CI (CI=true). The server runs on a temporary copy of the notebook, so nothing JupyterLab saves
touches the repository. Screenshots go to screenshots/ (git-ignored)."""
import re
import shutil

import pytest

import lecture_utils as lu
from browser import ROOT, SHOTS, open_notebook, require_browser, run_all_cells, running_lab
from lecture_utils.backward_pass import number

NOTEBOOK = "06_backward_pass_by_hand.ipynb"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """Notebook 06 open in headless Chromium, every cell run."""
    from playwright.sync_api import sync_playwright

    require_browser()
    root = tmp_path_factory.mktemp("notebook")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    SHOTS.mkdir(exist_ok=True)
    with running_lab(root, tmp_path_factory.mktemp("jupyter")) as (base, token), sync_playwright() as p:
        browser, page = open_notebook(p, base, token, NOTEBOOK, {"width": 1500, "height": 1000})
        run_all_cells(page)
        yield page
        browser.close()


def test_next_walks_the_whole_pass_and_back_undoes_a_step(page):
    X, Y = lu.higham_data()
    net = lu.Network([2, 2, 3, 2], seed=0)
    steps = lu.backward_steps(net, X[:, 0], Y[:, 0])
    readout = page.locator(".widget-html", has_text=re.compile(r"Step \d+ of 9")).first
    readout.wait_for()
    stepper = page.locator(".widget-vbox", has=readout).first
    stepper.scroll_into_view_if_needed()
    assert "Step 0 of 9" in readout.inner_text()
    image = stepper.locator("img").first
    next_button = stepper.get_by_role("button", name="Next")
    for i, step in enumerate(steps, start=1):
        before = readout.inner_text()
        picture = image.get_attribute("src")
        if i <= 2:  # the keyboard: the button takes the focus, Enter and Space press it
            next_button.focus()
            page.keyboard.press("Enter" if i == 1 else "Space")
        else:
            next_button.click()
        page.wait_for_function("([el, old]) => el.innerText !== old", arg=[readout.element_handle(), before])
        text = readout.inner_text()
        assert f"Step {i} of 9: ({step.equation}) at layer l = {step.l}" in text, text
        assert re.search(rf"\({step.equation}\)\s*$", text.splitlines()[0]), text  # the equation's tag
        flat = " ".join(text.split())
        for value in step.result.ravel():
            assert number(value) in flat, (number(value), text)
        page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[image.element_handle(), picture])
        height = stepper.bounding_box()["height"]  # with its prose and code, it must fit a 1000-px slide
        assert height < 650, f"at step {i} the stepper is {height} px high"
        if i in (2, 5):
            stepper.screenshot(path=SHOTS / f"06_stepper_step{i}.png")
    assert "The pass is complete" in readout.inner_text()
    before = readout.inner_text()
    stepper.get_by_role("button", name="Back").click()
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[readout.element_handle(), before])
    assert "Step 8 of 9: (24) at layer l = 2" in readout.inner_text()
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
