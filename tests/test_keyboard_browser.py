"""The widgets driven by the keyboard alone, as a screen reader user would, in JupyterLab in headless chromium.

Notebook 10's weight explorer and training dashboard and notebook 06's backward stepper, after Run All: Tab
reaches every control of each widget in order; each has a name in the lecture's symbols ("weight ω_43^[3]",
"learning rate η"), not "slider"; ArrowRight, Space and Enter operate them, and the readout changes with them; the
figure is an image described by the readout's numbers, which reach the polite live region once they settle; and
axe-core (tests/test_accessibility_browser.py) finds no violation inside a widget, with no allow-list.

Needs Debian's chromium and Playwright for Python (tests/browser.py) and npm or tests/axe/node_modules."""
import re

import pytest

from browser import lab, open_notebook, run_all_cells  # noqa: F401 (lab: the module's JupyterLab server)
from test_accessibility_browser import TAGS, axe_source

VIEWPORT = {"width": 1300, "height": 1000}
CONTROLS = "select, button, [role=slider], .widget-readout"


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def panel(page, name):
    """The widget panel (it holds the accessibility helper) with a control called `name`, located by its place in
    the page, so that it stays found when its controls are renamed."""
    named = page.locator(".lecture-widget").filter(has=page.get_by_label(name, exact=True).or_(
        page.locator(f"button:text-is('{name}')")))
    named.first.wait_for()
    index = page.locator(".lecture-widget").evaluate_all(
        "(panels, name) => panels.findIndex(w => [...w.querySelectorAll('[aria-label], button')].some("
        "e => (e.getAttribute('aria-label') || e.innerText.trim()) === name))", name)
    return page.locator(".lecture-widget").nth(index)


def tab_through(page, widget):
    """Focus the widget's first control, then press Tab until the focus leaves the widget: the names reached."""
    controls = widget.locator(CONTROLS)
    expected = [i for i in range(controls.count()) if controls.nth(i).is_visible()]
    controls.nth(expected[0]).focus()
    reached = []
    for _ in range(len(expected) + 3):
        index = widget.evaluate("(w, selector) => [...w.querySelectorAll(selector)].indexOf(document.activeElement)",
                                CONTROLS)
        if index < 0:
            break
        control = controls.nth(index)
        reached.append((index, control.get_attribute("aria-label") or control.inner_text().strip()))
        page.keyboard.press("Tab")
    assert [i for i, _ in reached] == expected, f"Tab reached {reached}, expected every control {expected}"
    assert all(name for _, name in reached), f"a control without a name: {reached}"
    return [name for _, name in reached]


def no_violations(page, widget, source):
    """axe-core inside the widget only, WCAG 2.1 A and AA, nothing allowed."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=source)
    violations = widget.evaluate("async (w, tags) => (await axe.run(w, {runOnly: {type: 'tag', values: tags}, "
                                 "resultTypes: ['violations']})).violations.map(v => `${v.id}: ${v.nodes.length} "
                                 "(${v.nodes[0].html.slice(0, 120)})`)", TAGS)
    assert not violations, violations


def wait_announced(page, widget, pattern):
    """Wait until the polite live region says what the figure's description says (the readout in words, once it
    has settled), and that matches `pattern`."""
    page.wait_for_function("""([w, pattern]) => {
        const said = w.querySelector('.lecture-announcement').textContent;
        const text = w.querySelector('[id^=lecture-figure-text]').textContent;
        return said === text && new RegExp(pattern).test(said); }""", arg=[widget.element_handle(), pattern])


def test_the_explorer_and_the_dashboard_by_keyboard(lab, axe):  # noqa: F811
    from playwright.sync_api import sync_playwright

    base, token = lab
    with sync_playwright() as p:
        browser, page = open_notebook(p, base, token, "notebooks/10_drive_lemma_1.ipynb", VIEWPORT)
        try:
            run_all_cells(page)
            explorer = panel(page, "weight ω_43^[3]")
            explorer.wait_for()
            names = tab_through(page, explorer)
            for name in ("layer l", "neuron j of layer 3", "neuron k of layer 2", "Reset", "sample i",
                         "weight ω_43^[3]", "weight ω_43^[3], typed value"):
                assert name in names, (name, names)
            canvas = explorer.locator("canvas.lecture-live-figure")
            assert canvas.get_attribute("role") == "img" and "ω_43^[3]" in canvas.get_attribute("aria-label")
            assert page.locator(f"#{canvas.get_attribute('aria-describedby')}").inner_text().startswith(
                "ω_43^[3] = ")
            # ArrowRight moves ω_43^[3] by one step: the slider, the readout and the description all say so
            handle = explorer.locator("[role=slider][aria-label='weight ω_43^[3]']")
            readout = explorer.locator(".widget-htmlmath").last
            before, text_before = float(handle.get_attribute("aria-valuetext")), readout.inner_text()
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("([h, v]) => parseFloat(h.getAttribute('aria-valuetext')) > v",
                                   arg=[handle.element_handle(), before])
            page.wait_for_function("([r, t]) => r.innerText !== t", arg=[readout.element_handle(), text_before])
            wait_announced(page, explorer, r"ω_43\^\[3\] = ")
            # Space opens "neuron j", ArrowUp and Enter choose j = 3: the slider is renamed ω_33^[3] with it
            explorer.locator("select[aria-label='neuron j of layer 3']").focus()
            for key in ("Space", "ArrowUp", "Enter"):
                page.keyboard.press(key)
            explorer.locator("[role=slider][aria-label='weight ω_33^[3]']").wait_for()
            wait_announced(page, explorer, r"ω_33\^\[3\] = ")
            # Space on "all 10: Cost (9)" switches the cost; Enter on Reset restores the weights
            explorer.get_by_role("button", name="all 10: Cost (9)").focus()
            page.keyboard.press("Space")
            wait_announced(page, explorer, r"Cost = .* \(9\)")
            explorer.get_by_role("button", name="Reset").focus()
            page.keyboard.press("Enter")
            no_violations(page, explorer, axe)

            dashboard = panel(page, "learning rate η")
            names = tab_through(page, dashboard)
            for name in ("Play", "Pause", "Step", "Reset", "learning rate η", "iterations per frame and per Step"):
                assert name in names, (name, names)
            status = dashboard.locator(".widget-html", has_text="iteration").first
            dashboard.get_by_role("button", name="Step").focus()
            page.keyboard.press("Enter")
            status.filter(has_text="iteration 2,000 ·").wait_for()
            page.keyboard.press("Space")
            status.filter(has_text="iteration 4,000 ·").wait_for()
            wait_announced(page, dashboard, r"iteration 4,000 · Cost \(9\)")
            dashboard.locator("[role=slider][aria-label='learning rate η']").focus()
            page.keyboard.press("ArrowRight")
            dashboard.get_by_role("button", name="Step").focus()
            page.keyboard.press("Enter")
            status.filter(has_text=re.compile(r"iteration 6,000 · .*η = 0\.1\b")).wait_for()
            dashboard.get_by_role("button", name="Play").focus()
            page.keyboard.press("Enter")
            page.wait_for_function("(s) => parseInt(s.innerText.match(/iteration ([\\d,]+)/)[1].replace(/,/g, ''))"
                                   " > 6000", arg=status.element_handle())
            dashboard.get_by_role("button", name="Pause").focus()
            page.keyboard.press("Space")
            wait_announced(page, dashboard, r"iteration [\d,]+ · Cost \(9\)")
            no_violations(page, dashboard, axe)
        finally:
            browser.close()


def test_the_stepper_by_keyboard(lab, axe):  # noqa: F811
    from playwright.sync_api import sync_playwright

    base, token = lab
    with sync_playwright() as p:
        browser, page = open_notebook(p, base, token, "notebooks/06_backward_pass_by_hand.ipynb", VIEWPORT)
        try:
            run_all_cells(page)
            stepper = panel(page, "Next")
            stepper.wait_for()
            assert tab_through(page, stepper) == ["Back", "Next", "Reset"]
            image = stepper.locator("img.widget-image")
            assert "backward stepper" in image.get_attribute("alt")
            readout = stepper.locator(".backward-stepper-readout")
            stepper.get_by_role("button", name="Next").focus()
            page.keyboard.press("Enter")
            readout.filter(has_text="Step 1 of").wait_for()
            page.keyboard.press("Space")
            readout.filter(has_text="Step 2 of").wait_for()
            wait_announced(page, stepper, r"^Step 2 of \d+: .*\(23\)")
            stepper.get_by_role("button", name="Back").focus()
            page.keyboard.press("Enter")
            readout.filter(has_text="Step 1 of").wait_for()
            wait_announced(page, stepper, r"^Step 1 of \d+: .*\(22\)")
            no_violations(page, stepper, axe)
        finally:
            browser.close()
