"""The axe-core audit (WCAG 2.1 A and AA) of every lecture notebook as JupyterLab shows it, of every page of the HTML
export and of a slide deck: no violation caused by the series' content.

axe-core is pinned in tests/axe/package.json and package-lock.json; `npm ci` fetches it into the git-ignored
tests/axe/node_modules when it is missing or older than the lock (as tools/export.py does for MathJax), and the test
injects it into each page. In JupyterLab the notebooks are audited as opened, with their saved outputs (no cell is
run: the audit is of what a reader gets, and it stays within a minute or two); a widget shows its saved picture.
What belongs to JupyterLab itself (its toolbars, its cell editor, its cell list) is allowed only as listed in
JUPYTERLAB, each entry a rule and a CSS selector that locates it in JupyterLab's chrome, with the upstream reason;
anything inside a cell's output or rendered Markdown is the series' own and never allowed, so a figure without alt
text fails (image-alt). A new violation of JupyterLab's fails too, until it is listed. The exported pages and
slides (every slide in turn) have no allow-list at all, and an image whose alt text is nbconvert's placeholder ("No description has been
provided for this image") fails as if it had none.

Needs Debian's chromium and Playwright for Python (tests/browser.py), and npm (or tests/axe/node_modules)."""
import functools
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import threading
import urllib.request

import pytest

from browser import ROOT, TIMEOUT_MS, launch_chromium, notebooks_copy, require_browser, running_lab
from test_export import export, require_packages

AXE_DIR = pathlib.Path(__file__).resolve().parent / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDES = ROOT / "notebooks" / "10_drive_lemma_1.ipynb"
# The series' content in JupyterLab: a cell's outputs and its rendered Markdown. Never allowed.
CONTENT = ".jp-OutputArea-output, .jp-RenderedMarkdown, .jp-RenderedHTMLCommon"
PLACEHOLDER = "No description has been provided for this image"  # nbconvert's alt for an image without one

# JupyterLab's own violations (4.6, measured on every notebook of the series), by rule and where in its chrome.
JUPYTERLAB = [
    {"rule": "aria-allowed-attr", "where": "jp-button.jp-ToolbarButtonComponent, .jp-DebuggerBugButton",
     "reason": "toolbar buttons (Upload Files, file filter, debugger, ...) are <jp-button> web components with role "
               "none that carry aria-pressed",
     "upstream": "jupyterlab/jupyterlab#16891 (open), jupyter/notebook#7489"},
    {"rule": "aria-input-field-name", "where": ".jp-InputArea-editor .cm-content",
     "reason": "every cell's CodeMirror 6 editor is a textbox without a name; CodeMirror leaves the name to the "
               "application (EditorView.contentAttributes), and JupyterLab sets none",
     "upstream": "codemirror/dev#848, jupyterlab/jupyterlab#16890 (open)"},
    {"rule": "aria-required-children", "where": ".jp-WindowedPanel-viewport",
     "reason": "the notebook's cell list has role feed, and its cells (div with aria-label) are not articles",
     "upstream": "jupyterlab/jupyterlab#14804 (open)"},
    {"rule": "button-name", "where": ".jp-collapseHeadingButton",
     "reason": "the button that collapses a Markdown heading's section is empty and unnamed (no issue names this "
               "button; JupyterLab's accessibility audit issue lists the class of fault)",
     "upstream": "jupyterlab/jupyterlab#9399 (open)"},
]

RUN_AXE = """async ([tags, content, allowed]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                          elementRef: true});
  return result.violations.flatMap(v => v.nodes.map(n => {
    const el = n.element && n.element.closest ? n.element : null;
    return {rule: v.id, impact: v.impact, target: JSON.stringify(n.target), html: n.html.slice(0, 200),
            summary: (n.failureSummary || '').split('\\n').slice(0, 2).join(' '),
            content: !!(el && el.closest(content)),
            allowed: allowed.map(a => a.rule === v.id && !!(el && el.closest(a.where)))};
  }));
}"""


# Every slide of a deck in turn (reveal.js shows one at a time and hides the others from axe), without transitions.
EVERY_SLIDE = """async ([tags]) => {
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});
  const found = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const result = await axe.run(Reveal.getCurrentSlide(), {runOnly: {type: 'tag', values: tags},
                                                           resultTypes: ['violations']});
    for (const violation of result.violations) for (const node of violation.nodes)
      found.push({rule: violation.id, impact: violation.impact, target: `slide ${h}.${v || 0} ${node.target}`,
                  html: node.html.slice(0, 200), summary: (node.failureSummary || '').split('\\n').slice(0, 2)
                  .join(' '), content: true, allowed: []});
  }
  Reveal.slide(0, 0);
  return found;
}"""


def axe_source():
    """axe-core's script, fetched once by `npm ci` from the pinned lock (skipped, or failed under CI, without npm)."""
    lock, installed = AXE_DIR / "package-lock.json", AXE_DIR / "node_modules" / ".package-lock.json"
    if not (installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime):
        npm = shutil.which("npm")
        if npm is None:
            advice = "axe-core is fetched by npm from tests/axe/package-lock.json: install Node.js and npm"
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI=true but {advice}", pytrace=False)
            pytest.skip(advice)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE_DIR, check=True,
                       timeout=300)
    return AXE.read_text(encoding="utf-8")


def audit(page, source, allowed=()):
    """Every node axe finds in violation on the page: (violations not allowed, allowed ones)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=source)
    nodes = page.evaluate(RUN_AXE, [TAGS, CONTENT, list(allowed)])
    bad = [n for n in nodes if n["content"] or not any(n["allowed"])]
    return bad, [n for n in nodes if n not in bad]


def report(where, bad, allowed=()):
    """The failure message: each violation with its place, then the allow-list with its reasons."""
    lines = [f"{len(bad)} accessibility violation(s) in {where}:"]
    lines += [f"  {n['rule']} ({n['impact']}){' in the content' if n['content'] else ''}: {n['target']}\n"
              f"      {n['html']}\n      {n['summary']}" for n in bad]
    if allowed:
        lines.append("JupyterLab's own violations that are allowed (tests/test_accessibility_browser.py, "
                     "JUPYTERLAB): rule, where, why, upstream:")
        lines += [f"  {a['rule']} at {a['where']}: {a['reason']} [{a['upstream']}]" for a in allowed]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    require_browser()
    return axe_source()


@pytest.fixture(scope="module")
def chromium(axe):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab_page(chromium, tmp_path_factory):
    """One JupyterLab server on a copy of the notebooks (JupyterLab writes checkpoints beside what it opens) and one
    page in it: (page, base URL, token)."""
    root = notebooks_copy(tmp_path_factory.mktemp("root"))
    with running_lab(root, tmp_path_factory.mktemp("jupyter")) as (base, token):
        page = chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        yield page, base, token
        page.close()


def shut_kernels(base, token):
    """Shut down every kernel the server started for the notebooks opened so far (one per notebook otherwise)."""
    for session in json.load(urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10)):
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_a_notebook_in_jupyterlab_has_no_violation_of_its_own(lab_page, axe, path):
    page, base, token = lab_page
    page.goto(f"{base}/lab/tree/notebooks/{path.name}?token={token}&reset")
    page.locator(".jp-Notebook .jp-Cell").last.wait_for()
    # every Markdown cell rendered (its math typeset) and every output shown, before axe looks
    page.wait_for_function("() => [...document.querySelectorAll('.jp-MarkdownCell')].every("
                           "c => c.querySelector('.jp-RenderedMarkdown'))")
    page.wait_for_timeout(1000)
    try:
        bad, _ = audit(page, axe, JUPYTERLAB)
    finally:
        shut_kernels(base, token)
    assert not bad, report(f"JupyterLab's {path.name}", bad, JUPYTERLAB)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Every lecture notebook exported as a page, notebook 10 as slides, served on 127.0.0.1: base URL, pages."""
    require_packages()
    out = tmp_path_factory.mktemp("site")
    pages = export.export("html", NOTEBOOKS, out / "html")
    slides = export.export("slides", [SLIDES], out / "slides")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", out
    server.shutdown()
    server.server_close()


EXPORTED = ["html/index.html"] + [f"html/{p.stem}.html" for p in NOTEBOOKS] + [f"slides/{SLIDES.stem}.slides.html"]


@pytest.mark.parametrize("page_path", EXPORTED, ids=lambda p: p.split(".")[0])
def test_an_exported_page_has_no_violation(chromium, axe, site, page_path):
    base, _ = site
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/{page_path}")
        page.wait_for_function("() => window.MathJax?.startup?.promise")
        page.evaluate("() => MathJax.startup.promise")
        if "slides/" in page_path:
            page.wait_for_function("() => window.Reveal?.isReady()")
        bad, _ = audit(page, axe)
        if "slides/" in page_path:  # the first slide and reveal.js's controls above; every slide in turn here
            bad += page.evaluate(EVERY_SLIDE, [TAGS])
        placeholders = page.locator(f'img[alt="{PLACEHOLDER}"]')
        bad += [{"rule": "image-alt (nbconvert's placeholder)", "impact": "critical", "content": True,
                 "target": f"img {i + 1} of {placeholders.count()}", "html": f'alt="{PLACEHOLDER}"',
                 "summary": "the output saved no alt text (output metadata image/png: alt)"}
                for i in range(placeholders.count())]
    finally:
        page.close()
    assert not bad, report(page_path, bad)


def test_the_allow_list_names_jupyterlabs_chrome_never_the_content():
    """Each entry locates something of JupyterLab's, not a cell's output or Markdown, and says why, with upstream."""
    for entry in JUPYTERLAB:
        assert entry["reason"] and entry["upstream"] and entry["rule"]
        for selector in entry["where"].split(","):
            assert not any(c in selector for c in ("OutputArea", "RenderedMarkdown", "RenderedHTML", "img")), entry
