"""Notebook 10 as live RISE slides in a real browser: JupyterLab in headless Chromium, driven as an instructor would.

The instructor's path of the README, kept whole: JupyterLab in the presentation style (`make present` sets
LECTURE_PRESENTATION=1), open the notebook, wait for the kernel ("| Idle"), Run All Cells, select the title cell and
press Alt+R in command mode. That runs "RISE:preview", which saves the notebook and opens the slideshow in a panel
beside it; the panel is an iframe of the RISE app, which Playwright reads and drives like any page (no need for the
standalone /rise/ URL). The panel's full-screen button then shows the slides as a room would see them, and the
keyboard steps through them. Because the preview saves the notebook, the server runs on a temporary copy, never on
the repository's file. Screenshots, one per step, go to screenshots/ (git-ignored).
"""
import json
import shutil

import pytest

from browser import (ROOT, SHOTS, dashboard_status, iteration, open_notebook, require_browser, run_all_cells,
                     running_lab, wait_for_iterations_past)

NOTEBOOK = "10_drive_lemma_1.ipynb"
STEPS = 10  # the notebook's 11 slides and sub-slides (tools/slides.py), so 10 steps forward from the title

# Where reveal.js is: the indices (h, v) of the present slide and sub-slide, the URL's hash and the visible text.
POSITION = """() => {
    const slides = [...document.querySelectorAll('.reveal .slides > section')];
    const h = slides.findIndex(s => s.classList.contains('present'));
    if (h < 0) return null;
    const stack = [...slides[h].querySelectorAll(':scope > section')];
    const v = Math.max(0, stack.findIndex(s => s.classList.contains('present')));
    const shown = stack.length ? stack[v] : slides[h];
    return {h, v, hash: location.hash, text: shown.innerText};
}"""


def _title():
    cells = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())["cells"]
    return "".join(cells[0]["source"]).splitlines()[0].removeprefix("# ").strip()


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    """The RISE preview of notebook 10, all cells run, shown full screen at the title slide: (page, frame)."""
    from playwright.sync_api import sync_playwright

    require_browser()
    root = tmp_path_factory.mktemp("present")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    shutil.copy(ROOT / "notebooks" / "rise.css", root / "rise.css")  # the slide style, as beside the notebooks
    SHOTS.mkdir(exist_ok=True)
    with running_lab(root, tmp_path_factory.mktemp("jupyter"), env={"LECTURE_PRESENTATION": "1"}) as (base, token), \
            sync_playwright() as p:
        browser, page = open_notebook(p, base, token, NOTEBOOK, {"width": 1600, "height": 1000})
        run_all_cells(page)
        page.locator(".jp-Notebook .jp-Cell").first.click()  # the preview opens at the active cell: the title
        page.keyboard.press("Escape")  # command mode
        page.wait_for_function("() => document.querySelector('.jp-Notebook')?.classList.contains('jp-mod-commandMode')")
        page.keyboard.press("Alt+r")
        iframe = page.wait_for_selector("iframe[src*='rise/']")
        frame = iframe.content_frame()
        frame.wait_for_function(POSITION)
        frame.wait_for_function(f"() => ({POSITION})().h === 0 && ({POSITION})().text.trim().length > 0")
        _wait_for_keys(page)
        page.get_by_title("Open the slideshow in full screen").click()
        page.wait_for_function("() => document.fullscreenElement?.tagName === 'IFRAME'")
        frame.wait_for_function("() => document.fullscreenElement?.classList.contains('reveal')")
        _wait_for_keys(page)
        yield page, frame
        browser.close()


def _wait_for_keys(page):
    """Wait until the slides take the keyboard: the focus is in the preview's iframe (the full-screen button
    hands it back there after it was clicked)."""
    page.wait_for_function("() => document.activeElement?.tagName === 'IFRAME'")


def _press(page, key):
    _wait_for_keys(page)
    page.keyboard.press(key)


def _position(frame):
    return frame.evaluate(POSITION)


def _shot(page, name):
    page.screenshot(path=SHOTS / f"slides_07_{name}.png")


EXPLORER = (1, 1)  # the weight explorer's step: its prose, its code cell and the figure it draws


def _check_the_explorer_figure(frame):
    """The explorer's figure is on the present slide, loaded and large."""
    figure = frame.locator(".reveal section.present .jp-OutputArea-output img, "
                           ".reveal section.present .jp-OutputArea-output canvas").first
    figure.wait_for(state="visible")
    frame.wait_for_function("el => el.tagName !== 'IMG' || (el.complete && el.naturalWidth > 100)",
                            arg=figure.element_handle())
    box = figure.bounding_box()
    assert box["width"] > 400 and box["height"] > 150, f"the explorer's figure is {box}"


def test_the_keyboard_steps_through_the_slides_from_the_title(show):
    """Space steps through every slide and sub-slide in order, the title slide shows the notebook's title, the
    explorer's slide its figure, and ArrowLeft steps back."""
    page, frame = show
    start = _position(frame)
    assert (start["h"], start["v"]) == (0, 0)
    heading = frame.locator(".reveal section.present h1").first
    assert heading.is_visible() and heading.inner_text().rstrip("¶").strip() == _title()  # ¶: the anchor link
    _shot(page, "step00_title")
    seen = [(0, 0)]
    for step in range(1, STEPS + 1):
        _press(page, "Space")
        frame.wait_for_function(f"([h, v]) => {{ const p = ({POSITION})(); return p && (p.h !== h || p.v !== v); }}",
                                arg=list(seen[-1]))
        now = _position(frame)
        assert (now["h"], now["v"]) > seen[-1], f"step {step} went back: {seen[-1]} -> {now}"
        assert now["hash"] == f"#/slide-{now['h']}-{now['v']}" and now["text"].strip()
        seen.append((now["h"], now["v"]))
        if seen[-1] == EXPLORER:
            _check_the_explorer_figure(frame)
        _shot(page, f"step{step:02d}_{now['h']}-{now['v']}")
    assert len(set(seen)) == STEPS + 1 and EXPLORER in seen and seen[-1][0] >= 4
    _press(page, "ArrowLeft")  # back a step
    frame.wait_for_function(f"([h, v]) => {{ const p = ({POSITION})(); return p.h < h || (p.h === h && p.v < v); }}",
                            arg=list(seen[-1]))
    assert (_position(frame)["h"], _position(frame)["v"]) in seen[:-1]


def test_the_slide_text_is_large_enough_for_a_lecture_room(show):
    """notebooks/rise.css makes the prose, printed output and widget controls of the slides larger than
    JupyterLab's 13-14 px, without making the explorer overflow its slide."""
    page, frame = show
    prose = frame.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                           "'.reveal .jp-RenderedHTMLCommon p')).fontSize)")
    output = frame.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                            "'.reveal .jp-OutputArea-output pre')).fontSize)")
    assert 19 <= prose <= 30 and 17 <= output <= 26, f"prose {prose}px, output {output}px"
    frame.locator(".reveal .widget-readout").first.wait_for(state="attached")  # the explorer's slider, live
    control = frame.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                             "'.reveal .widget-readout')).fontSize)")
    assert 15 <= control <= 20, f"widget controls {control}px"


def test_the_explorer_is_live_on_its_slide(show):
    """The weight explorer works on its slide as in the notebook: dragging ω_43^[3] there makes the kernel
    recompute the readout of (25) on the slide, and the notebook beside it (a second view of the same kernel)
    follows. This needs labextension/ (jupyterlab-rise's app lacks a module that ipywidgets 8 imports)."""
    page, frame = show
    h, v = EXPLORER
    frame.evaluate("hash => { location.hash = hash; }", f"#/slide-{h}-{v}")
    frame.wait_for_function(f"() => {{ const p = ({POSITION})(); return p && p.h === {h} && p.v === {v}; }}")
    slide = frame.locator(".reveal section.present")
    slider = slide.locator(".widget-hslider", has=frame.locator(".widget-label", has_text="ω_43^[3]"))
    slider.wait_for()  # a live widget: without a widget manager the output is the saved PNG, with no slider
    canvas = slide.locator("canvas.lecture-live-figure").first  # the browser draws what moves (live_figure.js)
    figure = canvas.bounding_box()
    assert figure["y"] + figure["height"] <= page.viewport_size["height"], "the explorer's figure overflows its slide"
    readout, before = slider.locator(".widget-readout"), slider.locator(".widget-readout").inner_text()
    checked = slide.locator(".widget-htmlmath", has_text="central difference")
    difference = checked.inner_text()
    box = slider.locator(".noUi-handle").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, y, steps=8)  # as an instructor drags it; the keys belong to the slides
    page.mouse.up()
    frame.wait_for_function("([el, old]) => el.innerText !== old", arg=[checked.element_handle(), difference])
    moved = readout.inner_text()
    assert float(moved) > float(before), f"ω_43^[3] went from {before} to {moved}"
    frame.wait_for_function("el => Number(el.parentElement.dataset.painted) > 1", arg=canvas.element_handle())
    in_notebook = page.locator(".jp-Notebook .widget-hslider", has=page.locator(".widget-label", has_text="ω_43^[3]"))
    page.wait_for_function("([el, value]) => el.textContent.trim() === value",
                           arg=[in_notebook.locator(".widget-readout").element_handle(), moved])
    _shot(page, "explorer_live")


def test_play_trains_on_the_dashboards_slide_and_pause_stops_it(show):
    """The training dashboard's Play and Pause work on its slide, clicked as an instructor would."""
    page, frame = show
    where = frame.evaluate("""() => {
        const slides = [...document.querySelectorAll('.reveal .slides > section')];
        for (const [h, slide] of slides.entries()) {
            const stack = [...slide.querySelectorAll(':scope > section')];
            for (const [v, sub] of (stack.length ? stack : [slide]).entries())
                if ([...sub.querySelectorAll('.widget-button')].some(b => b.innerText.trim() === 'Play')) return [h, v];
        }
        return null;
    }""")
    assert where, "no slide shows the dashboard's Play button"
    h, v = where
    frame.evaluate("hash => { location.hash = hash; }", f"#/slide-{h}-{v}")
    frame.wait_for_function(f"() => {{ const p = ({POSITION})(); return p && p.h === {h} && p.v === {v}; }}")
    slide = frame.locator(".reveal section.present")
    status = dashboard_status(slide)
    start = iteration(status)
    slide.get_by_role("button", name="Play").click()
    wait_for_iterations_past(frame, status, start + 4000)
    _shot(page, "dashboard_playing")
    slide.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(1000)  # a frame already in flight may land
    paused = iteration(status)
    page.wait_for_timeout(2000)
    assert iteration(status) == paused > start + 4000
