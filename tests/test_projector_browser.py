"""Notebook 10's widgets at projector sizes (1280x720 and 1024x768) in a real browser: in JupyterLab and on RISE
slides, nothing scrolls sideways and no widget is clipped.

One JupyterLab in the presentation style (LECTURE_PRESENTATION=1, as `make present`), on a temporary copy of the
notebook and rise.css (the RISE preview saves the notebook). In the notebook: no horizontal scrolling in the
notebook panel and every widget's box within the panel's width, at both sizes. On the slides, shown full screen:
the weight explorer's and the training dashboard's slides each show the widget, with the slide's heading if it has
one, inside the viewport, without scrolling, at both sizes. The measured boxes (and each figure's natural width,
the width it had before it scaled to fit) are written to screenshots/projector_boxes.json beside the screenshots
(screenshots/ is git-ignored)."""
import json
import shutil

import pytest

from browser import ROOT, SHOTS, open_notebook, require_browser, run_all_cells, running_lab

NOTEBOOK = "10_drive_lemma_1.ipynb"
SIZES = [(1280, 720), (1024, 768)]
SLACK = 1  # px: sub-pixel rounding of boxes
MEASURED = {}

PANEL = """() => {
    const scroller = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
        || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const r = scroller.getBoundingClientRect();
    return {left: r.left, right: r.right, scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth};
}"""

# Every widget's outermost box in the outputs (and each live figure's natural width, its canvas's pixels).
WIDGETS = """(root) => [...root.querySelectorAll('.jp-OutputArea-output')].flatMap(out =>
    [...out.querySelectorAll(':scope .widget-box')].filter(b => !b.parentElement.closest('.widget-box'))
    .map(b => { const r = b.getBoundingClientRect(); const c = b.querySelector('canvas.lecture-live-figure');
        const f = c ? c.getBoundingClientRect() : null;
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
                figure: f && {width: f.width, height: f.height, natural: c.width, bottom: f.bottom}}; }))"""

SLIDE = """() => {
    const slides = [...document.querySelectorAll('.reveal .slides > section')];
    const h = slides.findIndex(s => s.classList.contains('present'));
    const stack = [...slides[h].querySelectorAll(':scope > section')];
    return stack.length ? stack.find(s => s.classList.contains('present')) : slides[h];
}"""


def _find(frame, name):
    """The (h, v) of the slide showing the widget `name`: the explorer's ω slider or the dashboard's Play."""
    return frame.evaluate("""(name) => {
        const shows = (s) => [...s.querySelectorAll(name === 'explorer' ? '.widget-label' : '.widget-button')]
            .some(e => e.innerText.trim() === (name === 'explorer' ? 'ω_43^[3]' : 'Play'));
        const slides = [...document.querySelectorAll('.reveal .slides > section')];
        for (const [h, slide] of slides.entries()) {
            const stack = [...slide.querySelectorAll(':scope > section')];
            for (const [v, sub] of (stack.length ? stack : [slide]).entries()) if (shows(sub)) return [h, v];
        }
        return null;
    }""", name)


@pytest.fixture(scope="module")
def lab_page(tmp_path_factory):
    """Notebook 10 open in headless Chromium at 1280x720, every cell run: (page, base, token)."""
    from playwright.sync_api import sync_playwright

    require_browser()
    root = tmp_path_factory.mktemp("projector")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    shutil.copy(ROOT / "notebooks" / "rise.css", root / "rise.css")
    SHOTS.mkdir(exist_ok=True)
    with running_lab(root, tmp_path_factory.mktemp("jupyter"), env={"LECTURE_PRESENTATION": "1"}) as (base, token), \
            sync_playwright() as p:
        width, height = SIZES[0]
        browser, page = open_notebook(p, base, token, NOTEBOOK, {"width": width, "height": height})
        run_all_cells(page)
        page.locator("canvas.lecture-live-figure").nth(1).wait_for(state="attached")
        page.wait_for_function("() => [...document.querySelectorAll('canvas.lecture-live-figure')]"
                               ".every(c => c.width > 0 && c.parentElement.dataset.painted)")
        yield page
        (SHOTS / "projector_boxes.json").write_text(json.dumps(MEASURED, indent=1))
        browser.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_notebook_fits_the_window(lab_page, size):
    page = lab_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_timeout(500)  # JupyterLab lays its panels out again
    panel = page.evaluate(PANEL)
    assert panel["scrollWidth"] <= panel["clientWidth"] + SLACK, f"the notebook scrolls sideways: {panel}"
    boxes = page.evaluate(WIDGETS, page.locator(".jp-Notebook").first.element_handle())
    assert len(boxes) >= 2, "the explorer and the dashboard"
    MEASURED[f"notebook {size[0]}x{size[1]}"] = {"panel": panel, "widgets": boxes}
    for box in boxes:
        assert box["right"] <= panel["right"] + SLACK and box["left"] >= panel["left"] - SLACK, \
            f"a widget {box} sticks out of the notebook panel {panel}"
        if box["figure"]:
            assert box["figure"]["width"] <= box["width"] + SLACK
    page.locator("canvas.lecture-live-figure").nth(1).scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"projector_notebook_{size[0]}x{size[1]}.png")


@pytest.fixture(scope="module")
def slides(lab_page):
    """The RISE preview of the notebook, full screen, from the title slide: (page, frame)."""
    page = lab_page
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('.jp-Notebook')?.classList.contains('jp-mod-commandMode')")
    page.keyboard.press("Alt+r")
    frame = page.wait_for_selector("iframe[src*='rise/']").content_frame()
    frame.wait_for_function("() => document.querySelector('.reveal .slides > section.present')")
    page.wait_for_function("() => document.activeElement?.tagName === 'IFRAME'")
    page.get_by_title("Open the slideshow in full screen").click()
    frame.wait_for_function("() => document.fullscreenElement?.classList.contains('reveal')")
    return page, frame


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["explorer", "dashboard"])
def test_the_widget_fits_its_slide(slides, size, name):
    page, frame = slides
    page.set_viewport_size({"width": size[0], "height": size[1]})
    where = _find(frame, name)
    assert where, f"no slide shows the {name}"
    h, v = where
    frame.evaluate("hash => { location.hash = hash; }", f"#/slide-{h}-{v}")
    frame.wait_for_function(f"() => location.hash === '#/slide-{h}-{v}'")
    page.wait_for_timeout(700)  # reveal.js lays the slide out for the new size
    slide = frame.evaluate_handle(SLIDE)
    widget = frame.evaluate(f"(root) => ({WIDGETS})(root).find(b => b.figure)", slide)
    heading = frame.evaluate("s => { const e = s.querySelector('h1, h2, h3'); if (!e) return null;"
                             " const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }", slide)
    scroll = frame.evaluate("s => [[s.scrollHeight - s.clientHeight, s.scrollWidth - s.clientWidth]]", slide)
    view = frame.evaluate("() => ({width: innerWidth, height: innerHeight})")
    MEASURED[f"slide {name} {size[0]}x{size[1]}"] = {"viewport": view, "widget": widget, "heading": heading,
                                                   "overflow": scroll}
    page.screenshot(path=SHOTS / f"projector_slide_{name}_{size[0]}x{size[1]}.png")
    assert widget, f"the {name}'s figure is not on its slide"
    assert widget["left"] >= -SLACK and widget["right"] <= view["width"] + SLACK, f"{name} clipped sideways: {widget}"
    assert widget["top"] >= -SLACK and widget["bottom"] <= view["height"] + SLACK, f"{name} runs off: {widget}"
    if heading:
        assert heading["top"] >= -SLACK, f"the {name}'s heading is cut off: {heading}"
    assert all(dx <= SLACK for _, dx in scroll), f"the {name}'s slide scrolls sideways: {scroll}"
    assert all(dy <= SLACK for dy, _ in scroll), f"the {name}'s slide scrolls: {scroll}"
