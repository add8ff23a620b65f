"""A link to download the exercise notebook, under the title of its web page.

nbsphinx puts the executed notebook next to its page (``exercises/<name>.ipynb``):
translated into the page's language and without solutions
(``coursekit.sphinxext.notebook_pages``), but the page does not link to it. The link
is added to web pages only: the e-book carries no notebooks. Beside it, a
link to the course page that explains how to open and fill in a notebook
(``course_exercise_guide`` in ``conf.py``), for a learner who never used Jupyter.

A learner who downloads one file expects it to run on its own, in any
Jupyter with the kit's requirements: the downloaded notebook carries the
feedback helper it imports, in a provided cell made by the build from
``exercises/coo_feedback.py`` (the one source of the helper, which the kit
ships as a file).
"""

from __future__ import annotations

import ast
from html import escape
from pathlib import Path, PurePosixPath

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from coursekit.core.identity import notebook_file_stem
from coursekit.core.notebook_i18n import python_comment
from coursekit.core.notebooks import is_notebook
from coursekit.core.paths import REPO_ROOT
from coursekit.core.ui_text import ui_text

LINK_CLASS = "notebook-download"
GUIDE_LINK_CLASS = "exercise-guide"
HELPER_MODULE = REPO_ROOT / "exercises" / "coo_feedback.py"
HELPER_CELL_ID = "feedback-helper"  # fixed: same sources, same bytes


def imports_helper(cell) -> bool:
    if cell.cell_type != "code":
        return False
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return False
    name = HELPER_MODULE.stem
    return any(
        (isinstance(node, ast.ImportFrom) and node.module == name)
        or (isinstance(node, ast.Import) and any(alias.name == name for alias in node.names))
        for node in ast.walk(tree)
    )


def helper_cell(language: str) -> nbformat.NotebookNode:
    """A code cell that defines the helper and registers it, so that ``from coo_feedback import ...`` works.

    The module's docstring (a guide for authors, with French examples) is left out; its code is as written.
    """
    source = HELPER_MODULE.read_text(encoding="utf-8")
    module = ast.parse(source)
    lines = source.splitlines()
    if ast.get_docstring(module) is not None:
        lines = lines[module.body[0].end_lineno :]
    code = "\n".join(lines).strip("\n")
    register = (
        "import sys\nimport types\n\n"
        f'sys.modules["{HELPER_MODULE.stem}"] = types.SimpleNamespace(**{{name: globals()[name] for name in __all__}})'
    )
    # A literal call, so that ``make update-po`` extracts the words; a comment of one line, whatever the translation.
    words = ui_text(
        "Le module qui vérifie vos réponses (coo_feedback.py), joint à ce carnet pour qu’il fonctionne seul : "
        "exécutez cette cellule sans la modifier.",
        language,
    )
    comment = python_comment("feedback helper", words)
    cell = nbformat.v4.new_code_cell(f"{comment}\n{code}\n\n{register}\n", id=HELPER_CELL_ID)
    # Out of sight: JupyterLab and Notebook 7 show a collapsed cell as one line, which a click opens.
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def with_helper(notebook: nbformat.NotebookNode, language: str) -> bool:
    """Insert the helper's cell before the first cell that imports it; whether the notebook needed it."""
    for index, cell in enumerate(notebook.cells):
        if imports_helper(cell):
            notebook.cells.insert(index, helper_cell(language))
            return True
    return False


def add_download_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    if not is_notebook(app.env.doc2path(docname)):
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    path = Path(app.env.doc2path(docname))
    file_name = PurePosixPath(docname).name + path.suffix
    # Saved under the name of the reader's language (the kits use the same), whatever the page's address.
    saved_name = notebook_file_stem(path, app.config.language) + path.suffix
    label = escape(ui_text("Télécharger ce carnet (.ipynb)", app.config.language))
    # Raw HTML for the ``download`` attribute: the browser saves the file instead of showing JSON.
    link = (
        f'<p class="{LINK_CLASS}"><a href="{escape(file_name)}" download="{escape(saved_name)}" '
        f'type="application/x-ipynb+json">{label}</a></p>\n'
    )
    guide = app.config.course_exercise_guide
    if guide:
        if guide not in app.env.all_docs:
            raise ExtensionError(f"conf.py: course_exercise_guide names {guide!r}, which is not a page of the course")
        guide_label = escape(ui_text("Comment faire les exercices", app.config.language))
        guide_uri = escape(app.builder.get_relative_uri(docname, guide))
        link += f'<p class="{GUIDE_LINK_CLASS}"><a href="{guide_uri}">{guide_label}</a></p>\n'
    section = title.parent
    section.insert(section.index(title) + 1, nodes.raw("", link, format="html"))


def setup(app: Sphinx) -> dict:
    # The page that explains how to do the exercises, linked from every exercise page ("" for none).
    app.add_config_value("course_exercise_guide", "", "env", types=[str])
    app.connect("doctree-resolved", add_download_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
