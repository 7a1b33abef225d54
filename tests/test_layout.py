"""The house's rules, checked: every name a notebook calls is `lu.name` (functions, classes and constants, never a
module), no module shares its name with such a function, nothing outside network.py reaches into a network's
private members or imports another module's private names, the notebooks import nothing but `lecture_utils as lu`,
and the README's layout table names exactly the modules in the tree."""
import ast
import json
import pathlib
import pkgutil
import re
import types

import lecture_utils as lu

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lecture_utils"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def module_names():
    """Every module and package of lecture_utils by its last name: activations, plotting, canvas, ..."""
    return {info.name.rsplit(".", 1)[-1] for info in pkgutil.walk_packages([str(PACKAGE)], "lecture_utils.")}


def test_all_lists_functions_classes_and_constants_that_exist():
    assert len(lu.__all__) == len(set(lu.__all__))
    missing = [name for name in lu.__all__ if not hasattr(lu, name)]
    modules = [name for name in lu.__all__ if isinstance(getattr(lu, name), types.ModuleType)]
    assert not missing and not modules, (missing, modules)
    for name in ("weight_explorer", "training_dashboard", "scenario", "Network", "sgd", "check_output_error"):
        assert callable(getattr(lu, name)) and name in lu.__all__


def test_no_module_shares_its_name_with_a_function_a_user_calls():
    clashes = sorted(module_names() & set(lu.__all__))
    assert not clashes, f"modules named like the functions lu.{clashes}"


def private_uses(path):
    """`x._name` for any x but self and cls, and `from .m import _name` (except the _validate module itself).
    network.py is exempt from the first: a Network may read another Network's private members."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and not re.fullmatch(r"_repr_\w+_", node.attr)  # IPython's display protocol
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            found += [f"{path.name}:{node.lineno} import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__") and a.name != "_validate"]
    return found


# ipympl's canvas has no public switch for sending whole frames (widgets/canvas.py explains why it is needed)
THIRD_PARTY = {"canvas.py": {"._force_full"}}


def test_nothing_reaches_into_another_object_s_private_members():
    offending = [use for path in SOURCES if path.name != "network.py" for use in private_uses(path)
                 if use.split(" ", 1)[1] not in THIRD_PARTY.get(path.name, set())]
    assert not offending, offending


def test_the_private_use_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from .plotting import _axes\ndef f(net):\n    return net._index(3, 4, 3)\n")
    assert private_uses(bad) == ["bad.py:1 import _axes", "bad.py:3 ._index"]


def test_notebooks_import_only_lecture_utils_as_lu():
    for path in sorted(p for p in (ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts):  # not JupyterLab's copies
        if ".ipynb_checkpoints" in path.parts:  # JupyterLab's copies, made by the browser tests
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "code":
                assert not re.search(r"^\s*(from lecture_utils\b|import lecture_utils\.)", text, re.M), \
                    f"{path.name}: import everything through lu:\n{text}"


def layout_table():
    """The module paths named in the README's layout section (`lecture_utils/...` in its first column)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The library: `lecture_utils`", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w/]+)` \|", section, re.M))


def test_the_readme_layout_names_every_module_and_nothing_else():
    tree = {str(p.relative_to(PACKAGE).with_suffix("")) for p in SOURCES
            if p.name not in ("__init__.py", "_validate.py")}
    named = layout_table()
    assert named, "the README has no layout table"
    assert tree == named, (sorted(tree - named), sorted(named - tree))
