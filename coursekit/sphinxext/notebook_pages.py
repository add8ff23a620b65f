"""Exercise notebooks on the website and in the e-book.

Before nbsphinx parses a notebook (Sphinx's ``source-read`` event), its JSON
is rewritten: translated into the build's language (``notebook_i18n``),
reduced to the learner edition, and each solution turned into a hidden answer
(a toggle on the website, the answers section in the EPUB). After parsing,
the solutions are removed from the executed notebook nbsphinx offers for
download, so a downloaded notebook never holds one.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.transforms import SphinxTransform

from coursekit.sphinxext.answers import AnswerDirective
from coursekit.core.editions import edition, is_solution
from coursekit.core.notebook_i18n import (
    NotebookSyntaxError,
    UnreadableNotebook,
    UnsafeTranslation,
    parse_notebook,
    read_notebook,
    translate_notebook,
)
from coursekit.sphinxext.pedagogy import format_duration, front_matter_durations
from coursekit.sphinxext.pedagogy import module_exercise
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_text

RST_MIMETYPE = "text/restructuredtext"
_markdown = MarkdownIt("commonmark")


class SolutionDirective(AnswerDirective):
    """``.. solution::`` (written by this module only): a notebook solution."""

    kind = "solution"
    label_message = "Voir la solution"
    heading_message = "Solution"


def is_notebook(app: Sphinx, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _solution_as_hidden_cell(cell) -> nbformat.NotebookNode:
    code = textwrap.indent(cell.source, "      ")
    rst = f".. solution::\n\n   .. code-block:: python\n\n{code}\n"
    return nbformat.v4.new_raw_cell(rst, metadata={"raw_mimetype": RST_MIMETYPE, "tags": ["solution"]})


def website_notebook(notebook: nbformat.NotebookNode, language: str, docname: str) -> nbformat.NotebookNode:
    translated = translate_notebook(notebook, translator(language, docname))
    solutions_kept = edition(translated, "trainer")
    cells = []
    for cell in solutions_kept.cells:
        if is_solution(cell):
            cells.append(_solution_as_hidden_cell(cell))
        elif cell in edition(translated, "learner").cells:
            cells.append(cell)
    solutions_kept.cells = cells
    return solutions_kept


def exercise_minutes(app: Sphinx, docname: str) -> int | None:
    """The exercise minutes its module declares (front matter): written once, shown on the exercise page."""
    for module in sorted(Path(app.srcdir, "course").glob("0*.md")):
        if module_exercise(module) == docname:
            app.env.note_dependency(str(module))
            durations = front_matter_durations(module)
            return durations.get("exercise") if durations else None
    return None


def with_duration(notebook: nbformat.NotebookNode, minutes: int | None, language: str) -> nbformat.NotebookNode:
    if minutes is not None:
        line = f"**{ui_text('Durée estimée :', language)}** {format_duration(minutes, language)}"
        # A fixed cell id: same sources, same bytes (nbformat would draw a random one).
        notebook.cells.insert(min(2, len(notebook.cells)), nbformat.v4.new_markdown_cell(line, id="estimated-time"))
    return notebook


def rewrite_notebook_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_notebook(app, docname):
        return
    path = app.env.doc2path(docname)
    shown = Path(path).relative_to(app.srcdir).as_posix() if Path(path).is_relative_to(app.srcdir) else str(path)
    try:
        notebook = parse_notebook(source[0], shown)
    except UnreadableNotebook as error:
        raise SphinxError(str(error)) from error
    try:
        page = website_notebook(notebook, app.config.language, docname)
        source[0] = nbformat.writes(with_duration(page, exercise_minutes(app, docname), app.config.language))
    except (NotebookSyntaxError, UnsafeTranslation) as error:
        catalog = f"locales/{app.config.language}/LC_MESSAGES/{docname}.po"
        raise SphinxError(f"{shown} ({catalog}): {error}") from error


def source_headings(path: str) -> list[str]:
    """The plain text of every Markdown heading of the source notebook, in order."""
    notebook = read_notebook(Path(path))
    headings = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        tokens = _markdown.parse(cell.source)
        for position, token in enumerate(tokens):
            if token.type == "heading_open":
                inline = tokens[position + 1]
                headings.append("".join(child.content for child in inline.children or [] if child.content))
    return headings


class SourceLanguageAnchors(SphinxTransform):
    """Gives a notebook's sections the anchors of the source language.

    nbsphinx names a section after its title, so a translated title would
    move the anchor and break links in other languages. Translation keeps
    the headings in the same order, so each section takes the anchor its
    source title gives (in nbsphinx's own Jupyter style).
    """

    default_priority = 210  # after nbsphinx's CreateNotebookSectionAnchors (200), before its labels (250)

    def apply(self, **kwargs) -> None:
        path = str(self.env.doc2path(self.env.current_document.docname))
        if not path.endswith(".ipynb"):
            return
        sections = list(self.document.findall(nodes.section))
        headings = source_headings(path)
        if len(headings) != len(sections):
            return
        seen = set()
        for section, heading in zip(sections, headings):
            anchor = heading.replace(" ", "-").replace('"', "%22")
            if anchor not in seen:
                seen.add(anchor)
                section["ids"] = [anchor]


def strip_solutions_from_download(app: Sphinx, doctree) -> None:
    docname = app.env.current_document.docname
    if not is_notebook(app, docname):
        return
    executed = Path(app.env.nbsphinx_auxdir) / f"{docname}.ipynb"
    notebook = nbformat.read(executed, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if not is_solution(cell)]
    nbformat.write(notebook, executed)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.answers")
    app.add_directive("solution", SolutionDirective)
    app.connect("source-read", rewrite_notebook_source)
    app.connect("doctree-read", strip_solutions_from_download)
    app.add_transform(SourceLanguageAnchors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
