"""Export the lecture notebooks as static HTML pages or reveal.js slides that fetch nothing from the internet.

Usage: python tools/export.py html|slides [--output-dir DIR] [NOTEBOOK ...]
(defaults: every notebooks/NN_*.ipynb, into html/ or slides/; `make html`, `make slides`)

nbconvert's own templates load MathJax, reveal.js, require.js and jQuery from CDNs when the page is viewed, and
a saved ipywidget needs a renderer from a CDN too ("Click to show javascript error" without one). Here instead:
- the JavaScript comes from the npm packages pinned in export/package-lock.json (MathJax 3, reveal.js 4), fetched
  once by `npm ci` into export/node_modules (git-ignored) and copied beside the pages into assets/;
- the templates in export/templates extend nbconvert's lab and reveal templates and load only those copies;
- every widget shows as the PNG it saves beside its view (lecture_utils/widgets/canvas.py), and inline math that
  spans lines is joined onto one line, so that nbconvert's Markdown reader leaves it whole for MathJax;
- index.html lists the notebooks in order, each with its title and its "After this notebook you can" line.
The solutions (notebooks/solutions/) are for instructors and are never exported.
"""
import argparse
import html
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.filters import markdown2html

from slides import RISE

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "export"  # package.json, package-lock.json, templates/, node_modules/ (git-ignored)
MODULES = PACKAGES / "node_modules"
LECTURE = re.compile(r"\d\d_\w+\.ipynb")  # notebooks/NN_name.ipynb; a solutions notebook never matches alone
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# What each export serves beside its pages, as (source under export/node_modules, target under assets/).
# MathJax: the combined TeX-to-SVG file, the TeX packages it loads on demand (\boldsymbol, \cancel, ...), and the
# accessibility parts its menu loads (MathML input, a11y, speech rules, ui). reveal.js: the "white" theme, whose
# fonts ship with it (RISE's "simple" theme imports its fonts from Google Fonts).
MATHJAX = [("mathjax/LICENSE", "mathjax/LICENSE"), ("mathjax/es5/tex-svg.js", "mathjax/tex-svg.js"),
           ("mathjax/es5/input/tex/extensions", "mathjax/input/tex/extensions"),
           ("mathjax/es5/input/mml.js", "mathjax/input/mml.js"), ("mathjax/es5/input/mml", "mathjax/input/mml"),
           ("mathjax/es5/a11y", "mathjax/a11y"), ("mathjax/es5/sre", "mathjax/sre"), ("mathjax/es5/ui", "mathjax/ui")]
REVEAL = [("reveal.js/LICENSE", "reveal.js/LICENSE"), ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js"),
          ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css"),
          ("reveal.js/dist/theme/white.css", "reveal.js/dist/theme/white.css"),
          ("reveal.js/dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro"),
          ("reveal.js/plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js")]
REVEAL_THEME = "white"


def ensure_packages():
    """Fetch the pinned npm packages into export/node_modules unless they are there and current (build time only)."""
    installed, lock = MODULES / ".package-lock.json", PACKAGES / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("export: the pages need MathJax and reveal.js from npm, once: install Node.js and npm, "
                 "then run `npm ci` in export/")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PACKAGES, check=True)


def copy_assets(pairs, out):
    """Copy each vendored file or folder into out/assets/, replacing an older copy."""
    for source, target in pairs:
        source, target = MODULES / source, out / "assets" / target
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)


def widgets_as_pictures(nb, resources):
    """Drop every widget view whose output also saved a PNG, and the saved widget state, so that the export shows
    the picture instead of a widget that would need a renderer from the internet (an nbconvert preprocessor)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
    nb.metadata.pop("widgets", None)
    return nb, resources


# In Markdown prose: a fenced or inline code span (left alone), display math, or inline math within one paragraph.
SPANS = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$(?:[^$\n]|\n(?!\s*\n))+\$", re.S)


def inline_math_on_one_line(nb, resources):
    """Join the lines of each $...$ in the prose (an nbconvert preprocessor): nbconvert's Markdown reader would take
    a line of inline math that starts with "+ " or "- " for a list item, where JupyterLab sets math aside first."""
    def join(span):
        text = span.group(0)
        return text if text.startswith(("`", "$$")) else text.replace("\n", " ")

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = SPANS.sub(join, cell.source)
    return nb, resources


def title_and_promise(nb):
    """The notebook's title (its first line, without '# ') and its "After this notebook you can ..." paragraph."""
    opening = nb.cells[0].source
    title = opening.splitlines()[0].removeprefix("# ").strip()
    promise = next((p for p in re.split(r"\n\s*\n", opening) if p.startswith("After this notebook you can")), "")
    return title, " ".join(promise.split())


def inline(markdown):
    """Markdown of one paragraph as inline HTML (its math left for MathJax)."""
    return markdown2html(markdown).strip().removeprefix("<p>").removesuffix("</p>")


def index_page(entries, heading, mathjax_url):
    """index.html: the notebooks in order, each its number, its title as a link to its page and its promise
    (Markdown with math, typeset by the same MathJax). `entries` are (page file name, title, promise)."""
    items = []
    for page, title, promise in entries:
        number, title = re.fullmatch(r"(?:(\d+)\.\s+)?(.*)", title).groups()
        value = f' value="{int(number)}"' if number else ""
        items.append(f'<li{value}><a href="{html.escape(page)}">{inline(title)}</a><br>\n{inline(promise)}</li>')
    items = "\n".join(items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(heading)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
li {{ margin-bottom: 1em; }}
li a {{ font-weight: bold; }}
</style>
<script>
window.MathJax = {{tex: {{inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}},
                  svg: {{fontCache: 'global'}}}};
</script>
<script defer src="{html.escape(mathjax_url)}"></script>
</head>
<body>
<h1>{html.escape(heading)}</h1>
<ol class="notebooks">
{items}
</ol>
</body>
</html>
"""


def exporter(kind):
    """The nbconvert exporter for `kind` ("html" or "slides"), set to load everything from assets/."""
    templates = str(PACKAGES / "templates")  # the two templates, and the MathJax macro they share
    options = dict(extra_template_basedirs=[templates], extra_template_paths=[templates],
                   mathjax_url="assets/mathjax/tex-svg.js")
    if kind == "html":
        exp = HTMLExporter(template_name="lecture_html", **options)
    else:
        exp = SlidesExporter(template_name="lecture_slides", reveal_url_prefix="assets/reveal.js",
                             reveal_theme=REVEAL_THEME, reveal_transition=RISE["transition"],
                             reveal_scroll=RISE["scroll"], **options)
    exp.register_preprocessor(widgets_as_pictures, enabled=True)
    exp.register_preprocessor(inline_math_on_one_line, enabled=True)
    return exp


def export(kind, notebooks, out):
    """Write one page per lecture notebook, the index and the assets into the folder `out`; return the pages."""
    notebooks = [pathlib.Path(p) for p in notebooks]
    for path in notebooks:
        if not LECTURE.fullmatch(path.name) or path.parent.name == "solutions":
            raise ValueError(f"{path} is not a lecture notebook (notebooks/NN_name.ipynb); solutions are never "
                             "exported")
    ensure_packages()
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(MATHJAX + (REVEAL if kind == "slides" else []), out)
    if kind == "slides":
        shutil.copyfile(ROOT / "notebooks" / "rise.css", out / "assets" / "rise.css")
    exp, suffix = exporter(kind), (".html" if kind == "html" else ".slides.html")
    entries = []
    for path in sorted(notebooks, key=lambda p: p.name):
        nb = nbformat.read(path, as_version=4)
        body, _ = exp.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        page = path.stem + suffix
        (out / page).write_text(body, encoding="utf-8")
        entries.append((page, *title_and_promise(nb)))
    heading = "Backpropagation: " + ("the notebooks" if kind == "html" else "the slides")
    (out / "index.html").write_text(index_page(entries, heading, "assets/mathjax/tex-svg.js"), encoding="utf-8")
    return [out / page for page, _, _ in entries]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["html", "slides"])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="lecture notebooks (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--output-dir", type=pathlib.Path, help="default: html/ or slides/")
    args = parser.parse_intermixed_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    out = args.output_dir or ROOT / args.kind
    try:
        pages = export(args.kind, notebooks, out)
    except ValueError as error:
        sys.exit(f"export: {error}")
    print(f"{len(pages)} pages and index.html in {out}")


if __name__ == "__main__":
    main()
