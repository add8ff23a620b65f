"""The print edition: the course book, one handout per exercise and the trainer guide, as PDF.

Sphinx's LaTeX builder writes them all in one run per language, from the
doctrees the website built (same sources, same catalogs, nothing read or
executed again), and ``coursekit.tools.pdf`` compiles them with XeLaTeX. Each
LaTeX document is one kind of print edition, told apart by its start document
(``doctree-resolved`` sees the whole assembled document under that name):

* the **course book** (``index``): every module, exercise, the summary and its
  final assessment, glossary and sources; exercises in the pen-and-paper
  edition of the e-book, every answer gathered at the end of its chapter;
  without the pages the e-book leaves out (``course_web_only``);
* a **handout** per exercise notebook: scenario, data tables and charts,
  questions with room to write, and no answer (solutions and model answers are
  taken out; a model answer leaves lines to write on);
* the **trainer guide** (the session plan page): agendas with their timings,
  the objective map and each module's facilitation notes with their answer
  keys, which only this document and the trainer kit's text print.

Titles and authors come from ``course.toml`` and ``ui.po``: they reach LaTeX
escaped, as every text of a page does through Sphinx's LaTeX writer.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util.texescape import escape

from coursekit.core.identity import identity
from coursekit.core.print_documents import BOOK, HANDOUT, TRAINER_GUIDE, print_documents
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext import event_order
from coursekit.sphinxext.answers import hidden_answer

# The LaTeX class of the handouts and its theme (``latex_theme_path``): Sphinx's "howto" without a table
# of contents, which a sheet of a few pages does not need.
LATEX_DIR = Path(__file__).parent / "latex"
# Lines to write a model answer on, in a handout.
WRITING_LINES = 6
# Column widths on paper (fractions of the line) of the tables whose narrow columns hold long words:
# LaTeX would size each column by its content and let the level ("understand") run past the margin.
PRINT_COLUMNS = {
    "objective-map": (0.36, 0.16, 0.16, 0.16, 0.16),
    "course-overview": (0.42, 0.13, 0.13, 0.18, 0.14),
    "session-agenda": (0.2, 0.62, 0.18),
}


def is_print(app: Sphinx) -> bool:
    return app.builder.format == "latex"


def document_kind(app: Sphinx, docname: str) -> str | None:
    """The kind of print edition whose start document is ``docname`` (None outside the LaTeX build)."""
    if not is_print(app):
        return None
    kinds = {document.start: document.kind for document in print_documents(Path(app.srcdir), app.config.language)}
    return kinds.get(docname)


def set_documents(app: Sphinx, config: Config) -> None:
    """Per language, like the EPUB's names (``conf.py`` cannot see ``-D language=``)."""
    language = config.language
    course = identity(language)
    author = escape(course.author, config.latex_engine)
    guide = ui_text("Guide du formateur", language)  # outside the f-string, where extraction finds it
    titles = {
        BOOK: escape(course.title, config.latex_engine),
        # Empty: the LaTeX writer takes the notebook's own (translated) title, and escapes it.
        HANDOUT: "",
        TRAINER_GUIDE: escape(f"{course.title} — {guide}", config.latex_engine),
    }
    themes = {BOOK: "manual", HANDOUT: "handout", TRAINER_GUIDE: "howto"}
    config.latex_documents = [
        (document.start, f"{document.name}.tex", titles[document.kind], author, themes[document.kind])
        for document in print_documents(Path(app.srcdir), language)
    ]
    # Relative to the source folder (themes) and to conf.py (files): the same wherever the project lies.
    latex_dir = LATEX_DIR.relative_to(app.srcdir).as_posix()
    config.latex_theme_path = [*config.latex_theme_path, f"{latex_dir}/themes"]
    config.latex_additional_files = [*config.latex_additional_files, f"{latex_dir}/coursehandout.cls"]
    preamble = (LATEX_DIR / "preamble.tex").read_text(encoding="utf-8")
    # The language is a checked code (coursekit.core.languages): it never carries markup.
    preamble += f"\\hypersetup{{pdflang={language}}}\n"
    contents = escape(ui_text("Table des matières", language), config.latex_engine)
    config.latex_elements = {
        **config.latex_elements,
        "preamble": config.latex_elements.get("preamble", "") + preamble,
        # The heading of the table of contents (Sphinx would take the caption of the first toctree, "Modules").
        "tableofcontents": f"\\renewcommand{{\\contentsname}}{{{contents}}}\\sphinxtableofcontents",
    }


def internal_link(app: Sphinx, fromdocname: str, docname: str, text: str, anchor: str = "") -> nodes.Node:
    """A link to another page, or its text alone in a PDF that does not hold that page."""
    try:
        uri = app.builder.get_relative_uri(fromdocname, docname)
    except NoUri:
        return nodes.Text(text)
    link = nodes.reference("", "", internal=True, refuri=uri + (f"#{anchor}" if anchor else ""))
    link += nodes.Text(text)
    return link


def adopt_included_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Sphinx gives each page it includes in a PDF to a ``start_of_file`` node without telling the page's
    nodes who their parent is now (``sphinx.util.nodes.inline_all_toctrees``): they are told here, so that
    whatever looks up from a node (which page an answer is on) finds it."""
    if not is_print(app):
        return
    for included in doctree.findall(addnodes.start_of_file):
        for child in included.children:
            child.parent = included


def arrange_book(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """One chapter per page, in the order of the home page's tables of contents, the home page first.

    Sphinx puts each page where its table of contents stands, inside the home page's last section;
    moved to the top level, each page is a chapter. The book holds what the e-book holds: the pages
    for translators and trainers stay on the website.
    """
    if document_kind(app, docname) != BOOK:
        return
    web_only = set(app.config.course_web_only)
    pages = [node for node in doctree.findall(addnodes.start_of_file) if node["docname"] not in web_only]
    for included in list(doctree.findall(addnodes.start_of_file)):
        included.parent.remove(included)
    for wrapper in list(doctree.findall(nodes.compound)):
        if "toctree-wrapper" in wrapper["classes"] and not wrapper.children:
            wrapper.parent.remove(wrapper)
    # The home page's title is the book's; its text and sections make the first chapter.
    home = next(iter(doctree.findall(nodes.section)))
    about = nodes.section(ids=["about-this-course"])
    about += nodes.title(text=ui_text("À propos de ce cours", app.config.language))
    for child in home.children[1:]:
        child.parent = None
        about += child
    del home.children[1:]
    home += about
    doctree.extend(pages)


def handout_without_answers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A handout is for the learner: no worked answer, and lines to write where a model answer would be."""
    if document_kind(app, docname) != HANDOUT:
        return
    for lead in list(doctree.findall(nodes.paragraph)):
        if "paper-edition-lead" in lead["classes"]:
            # The e-book's lead sends the reader to the answers at the end of the chapter: not here.
            text = ui_text(
                "Fiche d’exercice : faites cet exercice sans ordinateur. Lisez les données, puis notez vos "
                "réponses dans les cases et sur les lignes prévues.",
                app.config.language,
            )
            lead.replace_self(nodes.paragraph(text=text, classes=lead["classes"], translatable=False))
    for answer in list(doctree.findall(hidden_answer)):
        if answer["kind"] == "model-answer":
            answer.replace_self(writing_space())
        else:
            answer.parent.remove(answer)


def table_columns(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fixed, ragged-right columns for the tables of ``PRINT_COLUMNS`` (Sphinx's ``tabularcolumns``),
    which may run over several pages."""
    if not is_print(app):
        return
    for table in list(doctree.findall(nodes.table)):
        widths = next((PRINT_COLUMNS[name] for name in table["classes"] if name in PRINT_COLUMNS), None)
        if widths:
            # A long table breaks across pages (a tabular taller than the page would lose its end).
            table["classes"].append("longtable")
            # No vertical rules, as Sphinx's other tables.
            spec = "".join(f">{{\\raggedright\\arraybackslash}}\\Y{{{width}}}" for width in widths)
            table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=spec))


# nbsphinx draws an output's frame up against its input's (kerns that take back a line and a skip: the
# LaTeX it writes for every output area); on paper the input is gone, and the frame would be laid over the
# text before it. This gives back what those kerns take (LaTeX written here, from no translated text).
OUTPUT_AFTER_TEXT = (
    r"\par\vspace{\dimexpr\sphinxverbatimsmallskipamount+\baselineskip-\FrameHeightAdjust+\fboxrule\relax}"
)


def is_output_area(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "nboutput" in node["classes"]


def outputs_clear_of_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every notebook output starts below the text before it: the print editions keep no input cell."""
    if not is_print(app):
        return
    for output in list(doctree.findall(is_output_area)):
        previous = output.previous_sibling()
        if previous is None or "nbinput" not in previous.get("classes", []):
            output.parent.insert(output.parent.index(output), nodes.raw("", OUTPUT_AFTER_TEXT, format="latex"))


def writing_space() -> nodes.raw:
    """Ruled lines to write on (LaTeX written here, from no translated text)."""
    line = r"\par\vspace{1.2\baselineskip}\noindent\rule{\linewidth}{0.4pt}"
    return nodes.raw("", line * WRITING_LINES + "\n\\par\\medskip\n", format="latex", classes=["writing-space"])


class SvgToPdf(ImageConverter):
    """The SVG figures as PDF, so that they stay vectors on paper (CairoSVG; LaTeX cannot read SVG)."""

    conversion_rules = [("image/svg+xml", "application/pdf")]

    def is_available(self) -> bool:
        return True

    def convert(self, source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> bool:
        import cairosvg  # noqa: PLC0415 (only the LaTeX build converts; it needs Debian's libcairo2)

        cairosvg.svg2pdf(url=os.fspath(source), write_to=os.fspath(destination))
        return True


def setup(app: Sphinx) -> dict:
    app.add_post_transform(SvgToPdf)
    # After coursekit.sphinxext.project (50), which sets the identity of the language.
    app.connect("config-inited", set_documents, priority=60)
    # Before the editions (400) and the answers (500) are resolved.
    app.connect("doctree-resolved", adopt_included_pages, priority=250)
    app.connect("doctree-resolved", arrange_book, priority=300)
    app.connect("doctree-resolved", handout_without_answers, priority=450)
    # Once the editions took the input cells out (event_order.RESOLVE_EDITIONS).
    app.connect("doctree-resolved", outputs_clear_of_text, priority=event_order.RESOLVE_EDITIONS + 1)
    # Once the machinery's tables are laid out (default priority).
    app.connect("doctree-resolved", table_columns, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
