"""The tree shows the architecture, and conf.py shows what runs."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re

import coursekit
from coursekit.core.conf_file import setting
from coursekit.core.paths import PACKAGE_DIR, REPO_ROOT

LAYERS = ("core", "sphinxext", "tools", "testing")
# What each layer may import from the package. Core is pure logic; the extensions build on it, with what reads
# text as the build does (catalog checks, docutils tables); the tools use both; nothing Sphinx loads imports
# tools or test support.
ALLOWED_IMPORTS = {
    "core": {"core"},
    "sphinxext": {"core", "sphinxext"},
    "tools": {"core", "sphinxext", "tools"},
    "testing": {"core", "testing", "sphinxext", "tools"},
}
# The tools that measure (time builds, drive a browser): they alone use the test support, and their make
# targets install it.
MEASURING_TOOLS = {"benchmark", "lighthouse", "screenshots"}
# What core never imports: it is pure logic, which the tools and the tests use without a build.
NOT_IN_CORE = ("sphinx", "docutils", "myst_parser", "nbsphinx", "furo", "runpy")


def conf_extensions() -> list[str]:
    return list(setting("extensions"))


def imports(path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "coursekit")
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def package_imports(path) -> set[str]:
    return {name for name in imports(path) if name.startswith("coursekit.")}


def runs_as_a_program(path) -> bool:
    """Whether the module has an ``if __name__ == "__main__":`` block."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) and "__name__" in ast.unparse(node.test):
            return True
    return False


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
            allowed = ALLOWED_IMPORTS[layer] | (
                {"testing"} if layer == "tools" and path.stem in MEASURING_TOOLS else set()
            )
            for name in package_imports(path):
                imported_layer = name.split(".")[1]
                if imported_layer not in allowed:
                    wrong.append(f"{path.relative_to(REPO_ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_core_is_pure_logic():
    wrong = [
        f"{path.relative_to(REPO_ROOT)} imports {name}"
        for path in sorted((PACKAGE_DIR / "core").rglob("*.py"))
        for name in sorted(imports(path))
        if name.split(".")[0] in NOT_IN_CORE or name.startswith("sphinx")
    ]
    assert not wrong, "core/ imports no Sphinx, docutils, MyST or nbsphinx, and runs no file:\n" + "\n".join(wrong)


def test_no_module_runs_conf_py():
    # conf.py imports core: running it from the package would be a cycle no import test sees
    # (coursekit.core.conf_file reads its literal settings instead).
    wrong = [
        f"{path.relative_to(REPO_ROOT)} imports runpy"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if "runpy" in imports(path)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_command_line_entry_point_is_a_tool():
    programs = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if runs_as_a_program(path) and path.parent != PACKAGE_DIR / "tools"
    ]
    assert not programs, f"entry points outside coursekit/tools/: {programs}"
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    run_by_make = sorted(set(re.findall(r"-m (coursekit\.[\w.]+)", makefile)))
    assert run_by_make, "the Makefile runs the tools as python -m coursekit.tools.<tool>"
    not_tools = [name for name in run_by_make if not name.startswith("coursekit.tools.")]
    assert not not_tools, f"the Makefile runs modules that are not tools: {not_tools}"
    not_programs = [name for name in run_by_make if not runs_as_a_program(REPO_ROOT / (name.replace(".", "/") + ".py"))]
    assert not not_programs, f"the Makefile runs modules that have no __main__ block: {not_programs}"


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
