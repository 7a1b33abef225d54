"""pyproject.toml is the one list of dependencies; environment.yml (conda, Binder) must name the same packages."""
import pathlib
import re
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import pytest
    tomllib = pytest.importorskip("tomli")

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    return {_name(r) for r in project["dependencies"] + extras.get("test", [])}


def conda_packages():
    names, section = set(), None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"^\w", line):
            section = line.split(":")[0]
        item = re.match(r"^(\s*)- (.+)$", line)
        if section != "dependencies" or not item:
            continue
        entry = item.group(2).split("#")[0].strip()
        if entry.startswith(("-e ", "./")) or entry in ("pip", "pip:") or _name(entry) == "python":
            continue
        names.add(_name(entry))
    return names


def test_environment_yml_names_the_same_packages_as_pyproject():
    assert conda_packages() == pyproject_packages()


def test_environment_yml_installs_lecture_utils_for_binder():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*- -e \.\s*$", text, re.M), "Binder needs `- -e .` under pip: to install lecture_utils"
    assert "conda-forge" in text


def test_environment_yml_installs_the_rise_widgets_extension_as_make_does():
    """Both routes install the prebuilt extension that lets the widgets run on RISE slides."""
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*- \./labextension\b", text, re.M), "Binder needs `- ./labextension` under pip:"
    assert "./labextension" in (ROOT / "Makefile").read_text()


def test_lower_bounds_agree():
    """Where both files give a lower bound for a package, it is the same version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project.get("optional-dependencies", {}).get("test", [])
    py_bounds = {_name(r): m.group(1) for r in reqs if (m := re.search(r">=\s*([\w.]+)", r))}
    yml_bounds = {_name(m.group(1)): m.group(2)
                  for m in re.finditer(r"^\s*- ([\w.-]+)\s*>=\s*([\w.]+)", (ROOT / "environment.yml").read_text(), re.M)}
    for name, bound in yml_bounds.items():
        if name in py_bounds:
            assert py_bounds[name] == bound, f"{name}: pyproject says >={py_bounds[name]}, environment.yml >={bound}"
