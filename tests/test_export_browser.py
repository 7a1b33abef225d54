"""The offline exports (tools/export.py) in a real browser with the internet shut out.

Notebooks 01, 06 and 10 as pages and notebook 10 as slides are exported into a temporary folder, served on
127.0.0.1 and opened in headless Debian chromium, which is allowed no request to any other host (page.route aborts
them). Each page must typeset its math (MathJax's output, no TeX error, no raw `$$` or `\\tag{` left in the prose),
show every figure and every widget's saved picture (loaded, with a width), show no error text, and have made no
request that failed or left 127.0.0.1. EXPORT_BROWSER_ALL=1 checks the whole series instead (about a minute more).

Needs Debian's chromium and Playwright for Python (see tests/browser.py; skipped without them, except under
CI=true), and the npm packages of export/ (fetched by the first export). Screenshots go to screenshots/."""
import functools
import http.server
import json
import os
import re
import threading
from urllib.parse import urlparse

import pytest

from browser import ROOT, SHOTS, launch_chromium, require_browser
from test_export import WIDGET_CELLS, export, require_packages

ALL = os.environ.get("EXPORT_BROWSER_ALL") == "1"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = NOTEBOOKS if ALL else [ROOT / "notebooks" / f"{n}.ipynb"
                               for n in ("01_the_network", "06_backward_pass_by_hand", "10_drive_lemma_1")]
SLIDES = ROOT / "notebooks" / "10_drive_lemma_1.ipynb"
RAW_TEX = ["$$", "\\tag{", "\\begin{", "\\frac", "\\delta", "\\partial"]  # TeX that MathJax would have typeset
ERROR_TEXT = ["Click to show javascript error", "Traceback", "Error:"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The exports served on 127.0.0.1 (a port the system picks): (base URL, folder)."""
    require_browser()
    require_packages()
    out = tmp_path_factory.mktemp("site")
    export.export("html", PAGES, out / "html")
    export.export("slides", [SLIDES], out / "slides")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", out
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


class Traffic:
    """Every request of one page: those that tried to leave 127.0.0.1 (aborted), those that failed or answered
    with an HTTP error, and the page's script errors."""

    def __init__(self, page):
        self.seen, self.outside, self.failed, self.errors = [], [], [], []
        page.route("**/*", self.route)
        page.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def route(self, route):
        url = route.request.url
        self.seen.append(url)
        if urlparse(url).hostname == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def check(self):
        assert self.seen and not self.outside, f"requests that left 127.0.0.1: {self.outside}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"script errors: {self.errors}"


def open_page(browser, url):
    """A new page at `url` with its traffic watched, once MathJax has typeset it: (page, traffic)."""
    from playwright.sync_api import TimeoutError as Timeout

    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(30_000)
    traffic = Traffic(page)
    page.goto(url)
    try:
        page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15_000)
    except Timeout:
        pytest.fail(f"MathJax did not load; requests that left 127.0.0.1: {traffic.outside}, "
                    f"failed: {traffic.failed}", pytrace=False)
    page.evaluate("() => MathJax.startup.promise")
    return page, traffic


def check_math(page, prose):
    """MathJax's output is in the page, no TeX error, and no raw TeX in the rendered prose (`prose`: a selector)."""
    assert page.locator("mjx-container svg").count() > 0
    assert page.locator("mjx-merror, mjx-container [data-mjx-error]").count() == 0
    text = "\n".join(page.locator(prose).all_inner_texts())
    for tex in RAW_TEX:
        assert tex not in text, f"raw TeX {tex!r} left in the prose"


def check_images(page, expected):
    """`expected` images in the page, each loaded with a width and laid out (not hidden)."""
    images = page.locator("img")
    assert images.count() == expected
    for i in range(expected):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"image {i} did not load"
        assert image.bounding_box()["width"] > 100, f"image {i} is not shown"


def saved(path, kind):
    """How many outputs of the notebook at `path` saved an image (kind "image") or an error (kind "error")."""
    outputs = [o for c in json.loads(path.read_text())["cells"] for o in c.get("outputs", [])]
    if kind == "image":
        return sum("image/png" in o.get("data", {}) for o in outputs)
    return sum(o["output_type"] == "error" or o.get("name") == "stderr" for o in outputs)


def test_the_index_lists_the_notebooks_and_typesets_their_promises(browser, site):
    base, _ = site
    page, traffic = open_page(browser, f"{base}/html/index.html")
    items = page.locator("ol.notebooks > li")
    assert items.count() == len(PAGES)
    assert all("After this notebook you can" in t for t in items.all_inner_texts())
    check_math(page, "ol.notebooks")
    page.screenshot(path=SHOTS / "export_index.png")
    items.first.locator("a").click()
    page.wait_for_url(f"{base}/html/{PAGES[0].stem}.html")
    traffic.check()
    page.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:2])
def test_a_page_shows_math_figures_and_widget_pictures_offline(browser, site, path):
    base, _ = site
    page, traffic = open_page(browser, f"{base}/html/{path.stem}.html")
    check_math(page, ".jp-MarkdownCell")
    check_images(page, saved(path, "image"))
    for call in WIDGET_CELLS.get(path.stem, []):
        cell = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea", has_text=call))
        picture = cell.locator(".jp-OutputArea img")
        picture.scroll_into_view_if_needed()
        assert picture.is_visible() and picture.evaluate("img => img.naturalWidth") > 300, call
    body = page.locator("body").inner_text()
    if not saved(path, "error"):  # a notebook that shows an error on purpose (16) keeps its traceback
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        for text in ERROR_TEXT:
            assert text not in body, f"{text!r} shows in the page"
    assert page.locator(".jupyter-widgets").count() == 0
    page.locator(".jp-MarkdownCell").first.screenshot(path=SHOTS / f"export_{path.stem[:2]}_title.png")
    traffic.check()
    page.close()


def test_the_slides_step_through_with_math_and_the_widget_pictures_offline(browser, site):
    base, _ = site
    page, traffic = open_page(browser, f"{base}/slides/{SLIDES.stem}.slides.html")
    page.wait_for_function("() => window.Reveal?.isReady()")
    check_math(page, ".jp-MarkdownCell")
    assert page.locator(".reveal .slides section.present h1").first.is_visible()
    page.screenshot(path=SHOTS / "export_slides_title.png")
    for call in WIDGET_CELLS[SLIDES.stem]:
        # go to the slide with the widget's picture, as the keyboard would, and see it on the screen
        section = page.locator(".reveal .slides section section", has=page.locator(".jp-InputArea", has_text=call))
        h, v = section.first.evaluate("s => [[...s.parentElement.parentElement.children].indexOf(s.parentElement),"
                                      " [...s.parentElement.children].indexOf(s)]")
        page.evaluate(f"() => Reveal.slide({h}, {v})")
        page.wait_for_function(f"() => Reveal.getIndices().h === {h} && Reveal.getIndices().v === {v}")
        picture = page.locator(".reveal section.present .jp-OutputArea img").first
        picture.wait_for(state="visible")
        assert picture.evaluate("img => img.complete && img.naturalWidth > 300"), call
        picture.scroll_into_view_if_needed()  # a tall sub-slide scrolls (RISE's "scroll": true)
        box, height = picture.bounding_box(), page.viewport_size["height"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, f"{call}: the picture is off the screen"
        name = re.sub(r"\W", "", call)
        page.screenshot(path=SHOTS / f"export_slides_{name}.png")
    start = page.evaluate("() => Reveal.getIndices().h")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => Reveal.getIndices().h === {start} + 1 || Reveal.isLastSlide()")
    assert "Click to show javascript error" not in page.locator("body").inner_text()
    traffic.check()
    page.close()


def test_the_math_menus_accessibility_explorer_loads_offline(browser, site):
    """MathJax's context menu can switch on its explorer (speech and navigation of a formula): the parts it loads
    then (MathML input, a11y, the speech rules) are served beside the pages too."""
    base, _ = site
    page, traffic = open_page(browser, f"{base}/html/{PAGES[0].stem}.html")
    from playwright.sync_api import TimeoutError as Timeout

    try:
        with page.expect_response(lambda r: r.url.endswith("/sre/mathmaps/en.json"), timeout=15_000), \
                page.expect_response(lambda r: r.url.endswith("/a11y/explorer.js"), timeout=15_000):
            page.evaluate("() => MathJax.startup.document.menu.menu.pool.lookup('explorer').setValue(true)")
    except Timeout:
        pytest.fail(f"the explorer did not load; failed requests: {traffic.failed}, requests that left 127.0.0.1: "
                    f"{traffic.outside}", pytrace=False)
    page.wait_for_timeout(500)  # the formulas are typeset again with their speech
    traffic.check()
    page.close()
