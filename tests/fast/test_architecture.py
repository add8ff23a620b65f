"""The tree shows the architecture, and conf.py shows what runs."""

from __future__ import annotations

import ast
import importlib
import pkgutil

import coursekit
from coursekit.core.paths import PACKAGE_DIR, REPO_ROOT

LAYERS = ("core", "sphinxext", "tools", "testing")
# What each layer may import from the package: tools and test support use extensions' pure parts
# through core, and nothing Sphinx loads imports tools or test support.
ALLOWED_IMPORTS = {
    "core": {"core"},
    "sphinxext": {"core", "sphinxext"},
    "tools": {"core", "tools"},
    "testing": {"core", "testing", "sphinxext", "tools"},
}


def conf_extensions() -> list[str]:
    tree = ast.parse((REPO_ROOT / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "extensions" for t in node.targets):
            return [ast.literal_eval(element) for element in node.value.elts]
    raise AssertionError("conf.py has no extensions list")


def package_imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("coursekit.")}


def test_the_package_has_only_its_layers():
    top_level = sorted(module.name for module in pkgutil.iter_modules(coursekit.__path__))
    assert top_level == sorted(LAYERS), "coursekit/ holds the four layers only; put a new module in one of them"


def test_every_extension_that_runs_is_listed_in_conf_py():
    listed = conf_extensions()
    extensions = [
        f"coursekit.sphinxext.{module.name}"
        for module in pkgutil.iter_modules([str(PACKAGE_DIR / "sphinxext")])
        if hasattr(importlib.import_module(f"coursekit.sphinxext.{module.name}"), "setup")
    ]
    missing = [name for name in extensions if name not in listed]
    assert not missing, f"Sphinx extensions not listed in conf.py's extensions: {missing}"
    not_extensions = [name for name in listed if name.startswith("coursekit.") and name not in extensions]
    assert not not_extensions, f"conf.py lists modules that are not extensions of coursekit/sphinxext: {not_extensions}"


def test_layers_import_only_what_they_may():
    wrong = []
    for layer in LAYERS:
        for path in sorted((PACKAGE_DIR / layer).rglob("*.py")):
            for name in package_imports(path):
                imported_layer = name.split(".")[1]
                if imported_layer not in ALLOWED_IMPORTS[layer]:
                    wrong.append(f"{path.relative_to(REPO_ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_no_test_module_imports_another():
    wrong = []
    for path in sorted((REPO_ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and (module.startswith(("tests.test_", "tests.fast.test_")) or module == "tests.conftest"):
                wrong.append(f"{path.relative_to(REPO_ROOT)} imports {module}: share code in coursekit/testing/")
    assert not wrong, "\n".join(wrong)


# Extensions that serve every build, whatever the course holds: they import no extension that draws content.
INFRASTRUCTURE = {
    "build_lock",
    "build_speed",
    "course_data",
    "dependencies",
    "event_order",
    "furo_compat",
    "nbsphinx_compat",
    "pandoc",
    "sphinx_compat",
    "static_files",
}


def test_infrastructure_extensions_import_no_content_extension():
    wrong = []
    for name in sorted(INFRASTRUCTURE):
        path = PACKAGE_DIR / "sphinxext" / f"{name}.py"
        for imported in package_imports(path):
            parts = imported.split(".")
            if parts[1] == "sphinxext" and len(parts) > 2 and parts[2] not in INFRASTRUCTURE:
                wrong.append(f"{path.relative_to(REPO_ROOT)} imports {imported}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "coursekit.sphinxext":
                wrong += [
                    f"{path.relative_to(REPO_ROOT)} imports coursekit.sphinxext.{alias.name}"
                    for alias in node.names
                    if alias.name not in INFRASTRUCTURE
                ]
    assert not wrong, "\n".join(wrong)
