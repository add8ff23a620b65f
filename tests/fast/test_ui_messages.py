"""``make update-po`` extracts every UI message the machinery shows (Babel's extractors, ``catalog_update``).

Babel's Python extractor does not look inside f-strings and knows nothing of
class attributes: a message written there would never reach ``ui.po`` and
would stay French in every language. Python's own parser finds them all.
"""

from __future__ import annotations

import ast
import re

from coursekit.core.paths import PACKAGE_DIR, REPO_ROOT
from coursekit.tools.catalog_update import CODE_FOLDERS, PYTHON_KEYWORDS, ui_messages

TEMPLATE_CALL = re.compile(r"course_ui\(")


def written_messages() -> list[tuple[str, int, str]]:
    """(file, line, message) of every UI message the package's code writes as a literal."""
    found = []
    for module in sorted(path for folder in CODE_FOLDERS for path in (PACKAGE_DIR / folder).rglob("*.py")):
        relative = module.relative_to(REPO_ROOT).as_posix()
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            literal = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in PYTHON_KEYWORDS and node.args:
                literal = node.args[0]
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "").endswith("_message") for t in node.targets):
                literal = node.value
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str) and literal.value:
                found.append((relative, node.lineno, literal.value))
    return found


def test_every_ui_message_of_the_code_is_extracted():
    extracted = {message for message, _location in ui_messages()}
    missed = [f"{file}:{line}: {message!r}" for file, line, message in written_messages() if message not in extracted]
    assert not missed, (
        "UI messages make update-po would not extract: take them out of the f-string, or wrap a "
        "`*_message` attribute in ui_message(...):\n" + "\n".join(missed)
    )


def test_every_course_ui_call_of_the_templates_is_extracted():
    extracted = {location for _message, location in ui_messages()}
    for template in sorted((PACKAGE_DIR / "sphinxext" / "templates").rglob("*.html")):
        relative = template.relative_to(REPO_ROOT).as_posix()
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            if TEMPLATE_CALL.search(line) and "{{" in line:
                assert (relative, str(number)) in extracted, f"{relative}:{number}: course_ui(...) not extracted"
