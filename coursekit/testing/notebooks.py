"""The exercise notebooks as the tests read them: names, translations, the words their checker prints."""

from __future__ import annotations

import ast
import importlib.util
import re
from types import ModuleType

import nbformat

from coursekit.core.answer_cells import assignments, comments
from coursekit.core.cell_roles import cell_roles
from coursekit.core.notebook_i18n import translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.core.translations import translator
from coursekit.sphinxext.notebook_pages import provided_texts, web_forms

NOTEBOOKS = [path.stem for path in notebooks_in(REPO_ROOT / "exercises")]


def feedback_helper() -> ModuleType:
    """The notebooks' feedback helper (``exercises/coo_feedback.py``), imported as a notebook imports it."""
    spec = importlib.util.spec_from_file_location("coo_feedback", REPO_ROOT / "exercises" / "coo_feedback.py")
    helper = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helper)
    return helper


def translated(name: str, language: str) -> nbformat.NotebookNode:
    source = nbformat.read(REPO_ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    return translate_notebook(source, translator(language, f"exercises/{name}"))


def website_forms(name: str, language: str) -> dict[int, dict]:
    """The website's form of each exercise cell of a notebook in a language, as the build makes it (choices and
    items named by the provided code's texts), by cell index, with the value the cell holds (``blank``)."""
    source = nbformat.read(REPO_ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    translate = translator(language, f"exercises/{name}")
    page = translate_notebook(source, translate)
    forms = web_forms(page, cell_roles(page), provided_texts(source, translate))
    return {index: {**form, "blank": assignments(page.cells[index].source)[0][1]} for index, form in forms.items()}


def feedback_words(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The verdict words the notebook hands its Checker (in the notebook's language)."""
    for cell in notebook.cells:
        for node in ast.walk(ast.parse(cell.source)) if cell.cell_type == "code" else ():
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Checker":
                return {keyword.arg: ast.literal_eval(keyword.value) for keyword in node.keywords}
    raise AssertionError("no Checker(...) in the notebook")


# Words of notebook operation that a reader with a pen has no use for (the languages the team reads).
NOTEBOOK_SPEAK = {
    "fr": re.compile(r"\bcellules?\b|\bNone\b|guillemets|crochets|\bexécutez\b", re.I),
    "en": re.compile(r"\bcells?\b|\bNone\b|quotation marks|square brackets", re.I),
}


def notebook_instructions(notebook: nbformat.NotebookNode) -> list[str]:
    """The first comment line of each exercise cell: how to fill the cell in, on a computer."""
    found = []
    for cell in notebook.cells:
        if "exercise" in cell.metadata.get("tags", []):
            found += [comment for comment in comments(cell.source)[:1] if comment]
    return found


def notebook_speak(text: str, name: str, language: str) -> list[str]:
    """What, in a paper edition's ``text``, speaks of cells and code: the notebook's fill-in instructions and
    the words of ``NOTEBOOK_SPEAK``, each with some context."""
    flat = " ".join(text.split())
    found = [instruction for instruction in notebook_instructions(translated(name, language)) if instruction in flat]
    pattern = NOTEBOOK_SPEAK.get(language)
    if pattern:
        found += [flat[max(0, match.start() - 60) : match.end() + 60] for match in pattern.finditer(flat)]
    return found
