"""The exercise notebooks as the tests read them: names, translations, the words their checker prints."""

from __future__ import annotations

import ast

import nbformat

from coursekit.core.notebook_i18n import translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.core.translations import translator

NOTEBOOKS = [path.stem for path in notebooks_in(REPO_ROOT / "exercises")]


def translated(name: str, language: str) -> nbformat.NotebookNode:
    source = nbformat.read(REPO_ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    return translate_notebook(source, translator(language, f"exercises/{name}"))


def feedback_words(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The verdict words the notebook hands its Checker (in the notebook's language)."""
    for cell in notebook.cells:
        for node in ast.walk(ast.parse(cell.source)) if cell.cell_type == "code" else ():
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Checker":
                return {keyword.arg: ast.literal_eval(keyword.value) for keyword in node.keywords}
    raise AssertionError("no Checker(...) in the notebook")
