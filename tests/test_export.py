"""The offline exports, tools/export.py (`make html`, `make slides`): the index page, the widget preprocessing, the
solutions kept out, and no URL of the internet left in what the pages load.

The exports copy MathJax and reveal.js from the npm packages pinned in export/package-lock.json; the first export
fetches them with `npm ci` (the npm registry at build time). Without npm and without those packages the tests that
export are skipped with that advice, except under CI (CI=true), where that is a failure."""
import json
import os
import pathlib
import re
import shutil
import sys

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.filters import markdown2html

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import export  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in ("06_backward_pass_by_hand", "10_drive_lemma_1")]
WIDGET_CELLS = {"06_backward_pass_by_hand": ["lu.backward_stepper("],
                "10_drive_lemma_1": ["lu.weight_explorer(", "lu.training_dashboard("]}
# Hosts that serve JavaScript, styles or fonts to pages: none of them may appear in what the exports load.
CDN_HOSTS = ["cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com",
             "code.jquery.com", "ajax.googleapis.com", "cdn.plot.ly", "maxcdn.bootstrapcdn.com", "use.fontawesome.com"]
# The exceptions, each named with its reason: MathJax's speech-rule engine (assets/mathjax/tex-svg.js, ui/, a11y/)
# names a CDN only on paths that Chromium, Firefox and Safari never take (Internet Explorer's speech rules and its
# missing XPath); its speech rules come from assets/mathjax/sre/ beside the pages. The browser test
# (test_export_browser.py) shows that no request leaves 127.0.0.1.
DORMANT = {"https://cdn.jsdelivr.net/npm/speech-rule-engine@", "https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@",
           "https://cdn.jsdelivr.net/npm/wicked-good-xpath@1.3.0/dist/wgxpath.install.js"}
URL = re.compile(r"https?://[^\s\"'()<>`\\]+")


def require_packages():
    """Skip (or fail under CI=true) when the vendored packages are missing and npm cannot fetch them."""
    if (export.MODULES / ".package-lock.json").exists() or shutil.which("npm"):
        return
    advice = "neither export/node_modules nor npm: install Node.js and npm to export the notebooks"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {advice}", pytrace=False)
    pytest.skip(advice)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The two notebooks with widgets exported as pages, and notebook 10 as slides: {kind: folder}."""
    require_packages()
    out = tmp_path_factory.mktemp("export")
    export.export("html", WIDGET_NOTEBOOKS, out / "html")
    export.export("slides", WIDGET_NOTEBOOKS[1:], out / "slides")
    return {"html": out / "html", "slides": out / "slides"}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def widget_output(data):
    return nbformat.v4.new_output("display_data", data=data)


def test_title_and_promise():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 3. The error $\\delta$\n\nAfter this notebook you can say what\n$\\delta$ measures.\n\nMore prose.")])
    assert export.title_and_promise(nb) == ("3. The error $\\delta$", "After this notebook you can say what "
                                                                     "$\\delta$ measures.")


def test_the_index_lists_every_notebook_in_order_with_its_title_and_promise():
    entries = []
    for path in NOTEBOOKS:
        title, promise = export.title_and_promise(nbformat.read(path, as_version=4))
        entries.append((path.stem + ".html", title, promise))
    page = BeautifulSoup(export.index_page(entries, "Backpropagation", "assets/mathjax/tex-svg.js"), "html.parser")
    items = page.select("ol.notebooks > li")
    assert [item.a["href"] for item in items] == [p.stem + ".html" for p in NOTEBOOKS]
    assert [int(item["value"]) for item in items] == [int(p.name[:2]) for p in NOTEBOOKS]  # the notebook's number
    for item, (_, title, _) in zip(items, entries):
        assert "After this notebook you can" in item.get_text()
        assert not re.match(r"\d", item.a.get_text())  # the number is the list's, not repeated in the title
        assert title.split(". ", 1)[1].split("$")[0].strip() in item.a.get_text()
    assert page.select_one("script[src]")["src"] == "assets/mathjax/tex-svg.js"  # the promises' math is typeset


def test_a_widget_shows_as_its_saved_picture():
    view = {"model_id": "1", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("w", outputs=[
        widget_output({export.WIDGET_VIEW: view, "image/png": "iVBO", "text/plain": "Stepper()"}),
        widget_output({export.WIDGET_VIEW: view, "text/plain": "Slider()"})])])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb, _ = export.widgets_as_pictures(nb, {})
    with_picture, without = nb.cells[0].outputs
    assert set(with_picture.data) == {"image/png", "text/plain"}
    assert export.WIDGET_VIEW in without.data  # no picture saved: left as it was (nbconvert shows its text)
    assert "widgets" not in nb.metadata


def test_inline_math_is_joined_onto_one_line_and_nothing_else_moves():
    """Notebook 16 writes $z = W \\big(...\\big)$ over two lines, the second starting "+ b": nbconvert's Markdown
    made that a list item and left the TeX raw. Display math, code and separate paragraphs keep their lines."""
    source = "is $z = W\n+ b$, so\n\n$$a\n+ b$$ and `x = 1` costs $5\n\nand $y$ here\n```\n$p\nq$\n```"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source), nbformat.v4.new_code_cell("$a\n$")])
    nb, _ = export.inline_math_on_one_line(nb, {})
    assert nb.cells[0].source == source.replace("$z = W\n+ b$", "$z = W + b$")
    assert nb.cells[1].source == "$a\n$"
    html = markdown2html(nb.cells[0].source)
    assert "<li>" not in html and "$z = W + b$" in html


def test_solutions_are_never_exported(tmp_path):
    solutions = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
    with pytest.raises(ValueError, match="solutions are never exported"):
        export.export("html", NOTEBOOKS[:1] + solutions[:1], tmp_path)
    assert not any(tmp_path.iterdir())  # refused before anything was written


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_one_page_per_notebook_and_the_index(exported, kind):
    suffix = ".html" if kind == "html" else ".slides.html"
    names = WIDGET_NOTEBOOKS if kind == "html" else WIDGET_NOTEBOOKS[1:]
    assert sorted(p.name for p in exported[kind].glob("*.html")) == sorted(
        [p.stem + suffix for p in names] + ["index.html"])
    links = [a["href"] for a in soup(exported[kind] / "index.html").select("ol.notebooks a")]
    assert links == [p.stem + suffix for p in names]


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_every_file_a_page_loads_is_beside_it(exported, kind):
    """Every src and href of every page, and every url() of the styles it loads, is a file of the export, a data:
    URL or an anchor; nothing names a host."""
    out = exported[kind]
    for page in out.glob("*.html"):
        for element in soup(page).select("[src], [href]"):
            target = element.get("src") or element.get("href")
            if target.startswith(("data:", "#")):
                continue
            assert "//" not in target and ":" not in target, f"{page.name} loads {target}"
            assert (out / target).is_file(), f"{page.name} loads {target}, which the export lacks"
    for css in out.glob("assets/**/*.css"):
        for target in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if not target.startswith("data:"):
                assert "//" not in target, f"{css.relative_to(out)} loads {target}"
                assert (css.parent / target.split("?")[0].split("#")[0]).is_file(), f"{css} lacks {target}"


def without_comments(text):
    return re.sub(r"/\*.*?\*/|<!--.*?-->", "", text, flags=re.S)


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_no_cdn_url_in_any_exported_file(exported, kind):
    """Pages and styles: no http(s) URL outside comments but XML namespaces. Scripts (minified, their licences
    inline): no URL of a CDN host but the dormant ones named in DORMANT."""
    for path in exported[kind].rglob("*"):
        if path.suffix in (".html", ".css"):
            urls = set(URL.findall(without_comments(path.read_text(encoding="utf-8"))))
            assert all(u.startswith("http://www.w3.org/") for u in urls), f"{path.name}: {urls}"
        elif path.suffix == ".js" and path.is_file():
            urls = set(URL.findall(path.read_text(encoding="utf-8", errors="replace")))
            cdn = {u for u in urls if any(host in u for host in CDN_HOSTS)}
            assert cdn <= DORMANT, f"{path.relative_to(exported[kind])} names {cdn - DORMANT}"


def test_the_pages_load_no_cdn_script_and_show_widgets_as_pictures(exported):
    for path in WIDGET_NOTEBOOKS:
        page = soup(exported["html"] / (path.stem + ".html"))
        assert [s["src"] for s in page.select("script[src]")] == ["assets/mathjax/tex-svg.js"]
        text = str(page)
        for absent in ("widget-view+json", "widget-state+json", "jupyter-widgets", "Click to show javascript error",
                       "require.js", "mermaid"):
            assert absent not in text, f"{path.stem}: {absent}"
        for call in WIDGET_CELLS[path.stem]:
            cell = next(c for c in page.select(".jp-CodeCell") if call in c.select_one(".jp-InputArea").get_text())
            assert cell.select(".jp-OutputArea img[src^='data:image/png;base64,']"), f"{path.stem}: {call}"
        saved = sum("image/png" in o.get("data", {}) for c in json.loads(path.read_text())["cells"]
                    for o in c.get("outputs", []))
        assert len(page.select("img")) == saved  # every figure, the widgets' pictures among them


def test_images_keep_nbconvert_default_text_alternative(exported):
    """Not worse than nbconvert: every image has an alt attribute (its default one, until the figures get theirs)."""
    for page in exported["html"].glob("[0-9][0-9]_*.html"):
        assert all(img.get("alt") for img in soup(page).select("img"))


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_a_pictures_alt_text_comes_from_its_outputs_metadata(tmp_path, kind):
    """A widget's saved picture carries its alt text (the readout in words) in the output's metadata
    {"image/png": {"alt": ...}}, as IPython's formatter stores it; the page's <img> says it, where nbconvert's lab
    template would write "No description has been provided for this image"."""
    require_packages()
    import matplotlib
    from IPython.core.formatters import DisplayFormatter

    import lecture_utils as lu

    matplotlib.use("Agg")
    data, metadata = DisplayFormatter().format(lu.weight_explorer())
    alt = metadata["image/png"]["alt"]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 99. A widget\n\nAfter this notebook you can read it."),
        nbformat.v4.new_code_cell("lu.weight_explorer()", outputs=[
            nbformat.v4.new_output("display_data", data=data, metadata=metadata)])])
    path = tmp_path / "99_a_widget.ipynb"
    nbformat.write(nb, path)
    page, = export.export(kind, [path], tmp_path / kind)
    images = soup(page).select("img")
    assert [img.get("alt") for img in images] == [alt]
    assert alt.startswith("The weight explorer's figure") and "ω_43^[3] = " in alt and "(25)" in alt


def test_code_and_prompts_get_the_contrast_colours(exported):
    """The pages and slides carry lecture_contrast.css (tests/test_contrast.py checks its colours)."""
    colours = (export.PACKAGES / "templates" / "lecture_contrast.css").read_text().split("body {")[1]
    for kind in ("html", "slides"):
        for page in exported[kind].glob("[0-9][0-9]_*.html"):
            assert colours in page.read_text(encoding="utf-8"), page.name


def test_slides_follow_the_rise_settings_and_load_reveal_beside_them(exported):
    from slides import RISE

    path = WIDGET_NOTEBOOKS[1]
    html = (exported["slides"] / (path.stem + ".slides.html")).read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert [s["src"] for s in page.select("script[src]")] == [
        "assets/mathjax/tex-svg.js", "assets/reveal.js/dist/reveal.js", "assets/reveal.js/plugin/notes/notes.js"]
    assert f'transition: "{RISE["transition"]}"' in html and "if (!true) return;" in html  # RISE: scroll on
    slides = sum(c["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide")
                 for c in json.loads(path.read_text())["cells"])
    assert len(page.select(".reveal .slides section")) >= slides
    assert "MathJax.Hub" not in html  # MathJax 2's API: MathJax 3 typesets every slide at load


def test_make_targets_call_the_tool():
    makefile = (ROOT / "Makefile").read_text()
    for kind in ("html", "slides"):
        recipe = re.search(rf"^{kind}:.*\n\t(.*)$", makefile, flags=re.M).group(1)
        assert f"tools/export.py {kind}" in recipe


def test_the_javascript_is_pinned_in_one_place():
    manifest = json.loads((export.PACKAGES / "package.json").read_text())
    lock = json.loads((export.PACKAGES / "package-lock.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned to one version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
