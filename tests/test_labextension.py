"""The prebuilt JupyterLab extension that lets the widgets run on RISE slides (labextension/README.md).

jupyterlab-rise's slideshow app does not share @jupyterlab/console, which the widget manager of ipywidgets 8
imports, so without this extension no widget loads on a slide. The build in labextension/built is committed (no
one but its maintainer needs Node.js); these tests check that it is the build of the source beside it, that it
provides the module, and that the environment has it where JupyterLab and RISE look. What it achieves is tested
in a real browser by tests/test_slides_browser.py.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE = ROOT / "labextension"
BUILT = SOURCE / "built"
NAME = "@backprop-lecture/rise-widgets"


def _json(path):
    return json.loads(path.read_text())


def test_the_build_is_of_the_source_beside_it():
    """built/package.json is the source's package.json plus what the build adds; `make labextension` rebuilds."""
    source, built = _json(SOURCE / "package.json"), _json(BUILT / "package.json")
    build = built["jupyterlab"].pop("_build")
    assert built == source, "labextension/built is out of date: run `make labextension`"
    assert (BUILT / build["load"]).is_file()


def test_it_provides_the_console_module_that_rise_lacks_at_the_locked_version():
    source = _json(SOURCE / "package.json")
    assert source["jupyterlab"]["sharedPackages"]["@jupyterlab/console"] == {"bundled": True, "singleton": True}
    locked = _json(SOURCE / "package-lock.json")["packages"]["node_modules/@jupyterlab/console"]["version"]
    entry = (BUILT / _json(BUILT / "package.json")["jupyterlab"]["_build"]["load"]).read_text()
    provided = re.findall(r'"@jupyterlab/console","([\d.]+)"', entry)
    assert provided == [locked], f"the build provides @jupyterlab/console {provided}, the lock file says {locked}"


def test_the_lock_file_names_no_registry():
    """The lock file pins versions and hashes only (labextension/.npmrc): npm fetches from its configured registry."""
    assert '"resolved"' not in (SOURCE / "package-lock.json").read_text()


def test_the_environment_has_it_where_jupyterlab_and_rise_look():
    installed = pathlib.Path(sys.prefix) / "share" / "jupyter" / "labextensions" / NAME
    assert _json(installed / "package.json") == _json(BUILT / "package.json"), \
        "the installed extension differs from labextension/built: run `make test` (it reinstalls) or `make lab`"
    for path in (BUILT / "static").iterdir():
        assert (installed / "static" / path.name).read_bytes() == path.read_bytes()
