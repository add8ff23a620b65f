"""Exercise notebooks on the website and in the e-book.

Before nbsphinx parses a notebook (Sphinx's ``source-read`` event), its JSON
is rewritten: translated into the build's language (``notebook_i18n``),
without trainer notes, and each cell framed by two markers that say its role
(``coursekit.core.cell_roles``). nbsphinx runs it once per language, solutions
included: every check prints the verdict on the worked answer, every chart is
drawn from it. The markers then arrange the doctree, which the website and the
e-book share, in two editions resolved per builder:

* the website shows the exercise as a learner meets it: provided code and its
  output, the cell to edit, the check's code; the solution's code, the
  verdict and whatever was computed from the answers stay behind the solution
  toggle;
* the e-book is the pen-and-paper edition: no code at all, the data as the
  outputs show it, each exercise cell as a form to fill in, and the worked
  answers (and model answers) in the answers section at the end of the chapter.

After parsing, the notebook nbsphinx offers for download loses the solutions,
the markers and every output (outputs came from the worked answers), and the
feedback helper is put in it (``coursekit.sphinxext.notebook_download``), so that it
runs on its own. An exercise cell that asks for more than literal values
(``coursekit.core.answer_cells``) is a warning naming notebook and cell (``course.notebook``), so the build
fails (``-W``) once it has reported every other mistake too.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from coursekit.core import cell_roles
from coursekit.core.answer_cells import dictionary_keys, item_texts, not_literal
from coursekit.core.durations import format_duration
from coursekit.core.editions import TRAINER_TAG, is_exercise, is_paper_only, is_solution
from coursekit.core.notebook_i18n import (
    NotebookSyntaxError,
    UnreadableNotebook,
    UnsafeTranslation,
    parse_notebook,
    read_notebook,
    translate_notebook,
)
from coursekit.core.notebooks import is_notebook
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_text
from coursekit.core.web_exercises import answer_results, checker_words, form_spec, unshown_results
from coursekit.sphinxext import event_order
from coursekit.sphinxext.answers import hidden_answer, is_paper
from coursekit.sphinxext.nbsphinx_compat import (
    BETWEEN_ANCHORS_AND_LABELS,
    executed_notebook,
    is_output_image,
    printed_text,
    restarting_notebook_parser,
)
from coursekit.sphinxext.notebook_download import HELPER_MODULE, with_helper
from coursekit.sphinxext.paper_forms import exercise_form, worked_answer
from coursekit.sphinxext.pedagogy import DurationsError, front_matter_durations, module_exercise
from coursekit.sphinxext.web_exercises import form_words, web_exercise

logger = logging.getLogger(__name__)

RST_MIMETYPE = "text/restructuredtext"
_markdown = MarkdownIt("commonmark")


MARKER_TAG = "page-layout"  # the marker cells this module adds; never in a download
END = "end"


class edition_only(nodes.General, nodes.Element):
    """Content of one edition only: ``edition`` is ``"web"`` or ``"paper"`` (the e-book)."""


class cell_marker(nodes.General, nodes.Element):
    """Where a notebook cell's nodes begin (``role``) or end (``role == "end"``).

    An exercise or solution marker holds the cell's paper form as children.
    """


class CellMarkerDirective(SphinxDirective):
    """``.. notebook-cell:: <role>`` (written by this module only), the cell's source as content.

    ``:items:``: the texts of the codes the cell's dictionaries use, as JSON (one line, every character
    escaped: a translated text cannot end the option or reach the parser as markup). ``:text:``: a chart
    description's words, as plain text in JSON, escaped the same way.
    """

    required_arguments = 1
    has_content = True
    option_spec = {"items": directives.unchanged, "text": directives.unchanged, "form": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        role = self.arguments[0]
        marker = cell_marker(role=role)
        if "text" in self.options:
            marker["text"] = json.loads(self.options["text"])
        if "form" in self.options:
            marker["form"] = json.loads(self.options["form"])
        source = "\n".join(self.content)
        texts = json.loads(self.options.get("items", "{}"))
        if role == cell_roles.EXERCISE:
            marker.extend(exercise_form(source, self.config.language, texts, marker.get("form")))
        elif role == cell_roles.SOLUTION:
            marker.extend(worked_answer(source, self.config.language, texts, marker.get("form")))
        self.set_source_info(marker)
        return [marker]


def plain_text(markdown: str) -> str:
    """The words of a Markdown text, without its markup: for an attribute such as an image's ``alt``."""
    pieces = [
        child.content if child.type in ("text", "code_inline") else " " if child.type.endswith("break") else ""
        for token in _markdown.parse(markdown)
        if token.type == "inline"
        for child in [*(token.children or []), Token("softbreak", "", 0)]
    ]
    return " ".join("".join(pieces).split())


def _marker_cell(
    role: str, source: str = "", texts: dict[str, str] | None = None, form: dict | None = None
) -> nbformat.NotebookNode:
    body = (
        textwrap.indent(source, "   ", lambda line: True) if role in (cell_roles.EXERCISE, cell_roles.SOLUTION) else ""
    )
    items = f"   :items: {json.dumps(texts, ensure_ascii=True, sort_keys=True)}\n" if texts else ""
    if form:
        items += f"   :form: {json.dumps(form, ensure_ascii=True, sort_keys=True)}\n"
    if role == cell_roles.CHART_DESCRIPTION:
        items += f"   :text: {json.dumps(plain_text(source), ensure_ascii=True)}\n"
    rst = f".. notebook-cell:: {role}\n{items}\n{body}\n"
    return nbformat.v4.new_raw_cell(rst, metadata={"raw_mimetype": RST_MIMETYPE, "tags": [MARKER_TAG]})


def provided_texts(notebook: nbformat.NotebookNode, translate_text: Callable[[str], str]) -> dict[str, str]:
    """The texts that name the codes of the exercises (the items of a grid, the choices of a form), found in the
    source notebook's provided code (``coursekit.core.answer_cells.item_texts``), in the page's language."""
    provided = [cell.source for cell in notebook.cells if cell.cell_type == "code" and not is_exercise(cell)]
    return {key: translate_text(text) for key, text in item_texts(provided).items()}


def website_notebook(
    notebook: nbformat.NotebookNode, language: str, docname: str, translate: bool = True
) -> nbformat.NotebookNode:
    """The notebook nbsphinx runs and renders: translated, without trainer notes, each cell between markers."""
    translate_text = translator(language, docname) if translate else str
    translated = translate_notebook(notebook, translate_text) if translate else notebook
    texts = provided_texts(notebook, translate_text)
    # Not a notebook edition (coursekit.core.editions): the pages keep the paper cells, for the paper edition.
    page = nbformat.from_dict(translated)
    page.cells = [cell for cell in page.cells if "trainer" not in cell_roles.tags(cell)]
    cells = []
    paper_since_last_exercise = False
    roles = cell_roles.cell_roles(page)
    forms = web_forms(page, roles, texts)
    form = None  # the last exercise's form: its solution is written on paper as the same form, filled in
    for index, (cell, role) in enumerate(zip(page.cells, roles, strict=False)):
        if role == cell_roles.PAPER_ONLY:
            paper_since_last_exercise = True
        elif role == cell_roles.EXERCISE:
            if not paper_since_last_exercise:
                _warn(
                    "an exercise cell without a cell tagged 'paper' before it: on paper, nothing would say what "
                    f"to write (cell {cell.get('id', '?')})",
                    docname,
                )
            paper_since_last_exercise = False
        if role is None:
            cells.append(cell)
        elif role == cell_roles.CHART_DESCRIPTION:
            # Framed like any cell, so that it stays in the download (a notebook's image has no text alternative).
            cells += [_marker_cell(role, cell.source), cell, _marker_cell(END)]
        elif role == cell_roles.NOTEBOOK_ONLY:
            # Its heading would open a section that the next cells share: as bold text, the cell can
            # leave the e-book alone.
            cell.source = re.sub(r"^#{1,6}\s+(.+?)\s*#*\s*$", r"**\1**", cell.source, flags=re.M)
            cells += [_marker_cell(role), cell, _marker_cell(END)]
        else:
            keys = dictionary_keys(cell.source)
            cell_texts = {key: text for key, text in texts.items() if key in keys}
            if role == cell_roles.EXERCISE:
                form = forms.get(index)
            marker_form = form if role in (cell_roles.EXERCISE, cell_roles.SOLUTION) else None
            cells += [_marker_cell(role, cell.source, cell_texts, marker_form), cell, _marker_cell(END)]
    page.cells = cells
    return page


def web_forms(page: nbformat.NotebookNode, roles: list[str | None], texts: dict[str, str]) -> dict[int, dict]:
    """The website's form of each exercise cell, by cell index (``coursekit.core.web_exercises``)."""
    codes = [
        cell.source
        for cell, role in zip(page.cells, roles, strict=False)
        if cell.cell_type == "code" and role not in (cell_roles.EXERCISE, cell_roles.SOLUTION)
    ]
    words = checker_words(codes)
    outputs = [cell.source for cell, role in zip(page.cells, roles, strict=False) if role == cell_roles.ANSWER_OUTPUT]
    results = answer_results(outputs, codes, texts)
    forms = {}
    for index, role in enumerate(roles):
        if role != cell_roles.EXERCISE:
            continue
        solution = check = None
        for later in range(index + 1, len(roles)):
            if roles[later] == cell_roles.EXERCISE:
                break
            if roles[later] == cell_roles.SOLUTION and solution is None:
                solution = page.cells[later].source
            if roles[later] == cell_roles.CHECK and check is None:
                check = page.cells[later].source
        spec = form_spec(page.cells[index].source, solution, check, codes, texts)
        if spec is not None:
            forms[index] = {**spec, "words": words}
            if results.get(spec["name"]):
                forms[index]["results"] = results[spec["name"]]
    return forms


def exercise_minutes(app: Sphinx, docname: str) -> int | None:
    """The exercise minutes its module declares (front matter): written once, shown on the exercise page."""
    for module in sorted(Path(app.srcdir, "course").glob("0*.md")):
        if module_exercise(module) == docname:
            app.env.note_dependency(str(module))
            try:
                durations = front_matter_durations(module)
            except DurationsError:
                return None  # the module page itself reports it, at its file and line
            return durations.get("exercise") if durations else None
    return None


def with_duration(notebook: nbformat.NotebookNode, minutes: int | None, language: str) -> nbformat.NotebookNode:
    if minutes is not None:
        label = ui_text("Durée estimée :", language)
        line = f"**{label}** {format_duration(minutes, language)}"
        # A fixed cell id: same sources, same bytes (nbformat would draw a random one).
        notebook.cells.insert(min(2, len(notebook.cells)), nbformat.v4.new_markdown_cell(line, id="estimated-time"))
    return notebook


def rewrite_notebook_source(app: Sphinx, docname: str, source: list[str]) -> None:
    path = app.env.doc2path(docname)
    if not is_notebook(path):
        return
    shown = Path(path).relative_to(app.srcdir).as_posix() if Path(path).is_relative_to(app.srcdir) else str(path)
    try:
        notebook = parse_notebook(source[0], shown)
    except UnreadableNotebook as error:
        _warn(str(error), docname)
        # An empty page in its place, so that the build goes on and reports every other mistake.
        source[0] = nbformat.writes(nbformat.v4.new_notebook())
        return
    for index, cell in enumerate(notebook.cells):
        for problem in not_literal(cell.source) if is_exercise(cell) and cell.cell_type == "code" else []:
            _warn(f"exercise cell {index}, {problem}", docname)
    _warn_unshown_results(notebook, docname)
    try:
        page = website_notebook(notebook, app.config.language, docname)
    except (NotebookSyntaxError, UnsafeTranslation) as error:
        catalog = f"locales/{app.config.language}/LC_MESSAGES/{docname}.po"
        _warn(f"({catalog}): {error}", docname)
        # The page in the source language: nothing of the refused translation reaches it.
        page = website_notebook(notebook, app.config.language, docname, translate=False)
    source[0] = nbformat.writes(with_duration(page, exercise_minutes(app, docname), app.config.language))


def _warn_unshown_results(notebook: nbformat.NotebookNode, docname: str) -> None:
    """A coo_feedback helper's result the website cannot show (its data computed, no caption…): the author called
    the helper for the website, so the build says which cell and line, and why."""
    roles = cell_roles.cell_roles(notebook)
    outputs = [index for index, role in enumerate(roles) if role == cell_roles.ANSWER_OUTPUT]
    provided = [
        cell.source
        for cell, role in zip(notebook.cells, roles, strict=False)
        if cell.cell_type == "code" and role not in (cell_roles.EXERCISE, cell_roles.SOLUTION)
    ]
    unshown = unshown_results([notebook.cells[index].source for index in outputs], provided)
    for position, line, why in unshown:
        _warn(f"cell {outputs[position]}, line {line}: the website cannot show {why}", docname)


def _warn(message: str, docname: str, line: int | None = None) -> None:
    """A mistake in a notebook or its catalog: located, the build goes on (``-W`` fails it at the end)."""
    logger.warning("%s", message, location=(docname, line), type="course", subtype="notebook")


def source_headings(path: str) -> list[str]:
    """The plain text of every Markdown heading of the source notebook, in order."""
    notebook = read_notebook(Path(path))
    headings = []
    for cell, role in zip(notebook.cells, cell_roles.cell_roles(notebook), strict=False):
        if cell.cell_type != "markdown" or role == cell_roles.NOTEBOOK_ONLY or TRAINER_TAG in cell_roles.tags(cell):
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
    source title gives (in nbsphinx's own Jupyter style). A page whose
    sections do not match the source headings one for one is a warning (``-W`` fails the build).
    """

    default_priority = BETWEEN_ANCHORS_AND_LABELS

    def apply(self, **kwargs) -> None:
        path = str(self.env.doc2path(self.env.docname))
        if not is_notebook(path):
            return
        sections = list(self.document.findall(nodes.section))
        try:
            headings = source_headings(path)
        except UnreadableNotebook:
            return  # reported when its source was read (rewrite_notebook_source)
        if len(headings) != len(sections):
            _warn(
                f"the page has {len(sections)} sections but the source notebook {len(headings)} Markdown headings, "
                "so its section anchors cannot be those of the source language; check that the translation keeps "
                f"every heading (locales/{self.config.language}/LC_MESSAGES/{self.env.docname}.po)",
                self.env.docname,
            )
            return
        seen = set()
        for section, heading in zip(sections, headings, strict=True):
            anchor = heading.replace(" ", "-").replace('"', "%22")
            if anchor not in seen:
                seen.add(anchor)
                section["ids"] = [anchor]


def learner_download(app: Sphinx, doctree) -> None:
    """The executed notebook offered for download: no solution, and the helper it imports."""
    docname = app.env.docname
    if not is_notebook(app.env.doc2path(docname)):
        return
    executed = executed_notebook(app.env, docname)
    notebook = nbformat.read(executed, as_version=4)
    notebook.cells = [
        cell
        for cell in notebook.cells
        if not (is_solution(cell) or is_paper_only(cell) or MARKER_TAG in cell_roles.tags(cell))
    ]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            # Run with the worked answers: a verdict or a chart would give them away.
            cell.outputs, cell.execution_count = [], None
    if with_helper(notebook, app.config.language):
        app.env.note_dependency(str(HELPER_MODULE))
    nbformat.write(notebook, executed)


def _is_input(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and "nbinput" in node.get("classes", [])


def _web(*children: nodes.Node) -> edition_only:
    return edition_only("", *children, edition="web")


def _paper(*children: nodes.Node) -> edition_only:
    return edition_only("", *children, edition="paper")


def _toggle(kind: str, label: str, heading: str) -> hidden_answer:
    return hidden_answer(kind=kind, label=label, heading=heading)


class _Arrangement:
    """Replaces each marked cell by its two editions, and gathers answer outputs behind the open toggle."""

    def __init__(self, language: str, docname: str) -> None:
        self.language, self.docname = language, docname
        self.open_toggle: tuple[hidden_answer, edition_only, edition_only] | None = None
        self.forms = 0  # the exercise forms of the page so far
        self.form_words = form_words(language)  # the forms' own labels: the same for every form of the page
        self.form_shown = False  # the current exercise is a form: its check's code is not shown

    def _follows_open_toggle(self, parent: nodes.Element, position: int) -> bool:
        if self.open_toggle is None or self.open_toggle[0].parent is not parent:
            return False
        between = parent.children[parent.index(self.open_toggle[0]) + 1 : position]
        return all(isinstance(node, (nodes.comment, edition_only)) for node in between)

    def replacement(
        self, marker: cell_marker, group: list[nodes.Node], parent: nodes.Element, position: int
    ) -> list[nodes.Node]:
        role, language = marker["role"], self.language
        inputs = [node for node in group if _is_input(node)]
        outputs = [node for node in group if not _is_input(node) and not isinstance(node, nodes.comment)]
        if role == cell_roles.EXERCISE:
            self.open_toggle = None
            self.form_shown = bool(marker.get("form"))
            if self.form_shown:
                self.forms += 1
                form = web_exercise(spec=marker["form"], number=self.forms, words=self.form_words)
                return [_web(form), _paper(*marker.children)]
            return [_web(*group), _paper(*marker.children)]
        if role == cell_roles.SOLUTION:
            answer = _toggle("solution", ui_text("Voir la solution", language), ui_text("Solution", language))
            web, paper = _web(*group), _paper(*marker.children)
            answer += [web, paper]
            self.open_toggle = (answer, web, paper)
            return [answer]
        if role in (cell_roles.CHECK, cell_roles.ANSWER_OUTPUT):
            # Below a form, the form checks the answer and shows what follows from it in the browser: the code
            # of the check, or of what computes from the answers, would only show the notebook's way to readers
            # who are not programmers (and weigh on the page).
            shown: list[nodes.Node] = [] if self.form_shown else [_web(*inputs)]
            if outputs:
                if not self._follows_open_toggle(parent, position):
                    answer = _toggle(
                        "solution",
                        ui_text("Voir le résultat avec la solution", language),
                        ui_text("Résultat avec la solution", language),
                    )
                    web, paper = _web(), _paper()
                    answer += [web, paper]
                    # A verdict alone has no place on paper: that toggle is the website's only.
                    shown.append(answer if role == cell_roles.ANSWER_OUTPUT else _web(answer))
                    self.open_toggle = (answer, web, paper)
                _answer, web, paper = self.open_toggle
                web += outputs
                if role == cell_roles.ANSWER_OUTPUT:
                    paper += [node.deepcopy() for node in outputs]
            return shown
        self.open_toggle = None
        if role == cell_roles.PROVIDED:
            return [_web(*inputs), *(part for output in outputs for part in _editions_of_output(output))]
        if role == cell_roles.MODEL_ANSWER:
            answer = _toggle(
                "model-answer", ui_text("Voir la réponse modèle", language), ui_text("Réponse modèle", language)
            )
            answer += group
            return [answer]
        if role == cell_roles.NOTEBOOK_ONLY:
            return [_web(*group)]
        if role == cell_roles.PAPER_ONLY:
            return [_paper(*group)]
        if role == cell_roles.CHART_DESCRIPTION:
            return []  # its words are the chart's alt text (describe_charts): on the page they would say it twice
        raise SphinxError(f"{self.docname}: unknown notebook cell role {role!r}")


# A printed table: columns lined up with spaces (pandas' to_string), which only a fixed-width font keeps.
_ALIGNED = re.compile(r"\S {2,}\S|^ ")


def paper_listing(output: nodes.Element) -> nodes.line_block | None:
    """A list a provided cell printed, as lines of text for paper: the book's font, and long lines that wrap at
    the page's edge (a code block is cut there, or wrapped with arrows in the PDF). ``None`` for a table, whose
    columns need a fixed-width font, and for any output but printed text."""
    text = printed_text(output)
    lines = text.strip("\n").splitlines() if text else []
    if not lines or any(_ALIGNED.search(line) for line in lines):
        return None
    listing = nodes.line_block(classes=["paper-listing"])
    listing.extend(nodes.line(line, line) for line in lines)
    return listing


def _editions_of_output(output: nodes.Node) -> list[nodes.Node]:
    listing = paper_listing(output) if isinstance(output, nodes.Element) else None
    return [output] if listing is None else [_web(output), _paper(listing)]


def _is_chart(node: nodes.Node) -> bool:
    """An image a cell's code drew (nbsphinx writes outputs to files; a Markdown image keeps its own alt)."""
    return isinstance(node, nodes.image) and is_output_image(node["uri"])


def describe_charts(doctree: nodes.document, docname: str, executed: bool) -> None:
    """Each chart takes the words of the description cell that follows its cell as its ``alt`` text.

    Without one, an image's ``alt`` would be its file's path, read aloud to a screen reader's user: a
    warning (``-W`` fails the build) names the cell. A description after a cell that drew nothing is one
    too, when the notebook ran (``executed``; extracting messages does not run it).
    """
    for marker in list(doctree.findall(cell_marker)):
        if marker["role"] != cell_roles.CHART_DESCRIPTION or marker.parent is None:
            continue
        siblings = marker.parent.children
        position = siblings.index(marker) - 1
        while position >= 0 and not (isinstance(siblings[position], cell_marker) and siblings[position]["role"] != END):
            position -= 1
        charts = [
            image
            for node in siblings[max(position, 0) : siblings.index(marker)]
            for image in node.findall(_is_chart)
            if not image.get("alt")
        ]
        if not charts and executed:
            _warn(
                "a cell tagged 'chart-description' must follow the cell that draws its chart; "
                f"the cell before it draws none ({marker['text'][:60]!r})",
                docname,
                marker.line,
            )
        for image in charts:
            image["alt"] = marker["text"]
    for image in doctree.findall(_is_chart):
        if not image.get("alt"):
            image["alt"] = ""  # not its file's path: the warning says what is missing
            _warn(
                f"a chart ({Path(image['uri']).name}) has no description: after the cell that draws it, add a "
                "Markdown cell tagged 'chart-description' that says what the chart shows",
                docname,
            )


def arrange_exercise_page(app: Sphinx, doctree: nodes.document) -> None:
    """Turns the marked cells into the website's and the e-book's editions (see the module's docstring)."""
    docname = app.env.docname
    if not is_notebook(app.env.doc2path(docname)):
        return
    describe_charts(doctree, docname, executed=app.config.nbsphinx_execute != "never")
    arrangement = _Arrangement(app.config.language, docname)
    for marker in list(doctree.findall(cell_marker)):
        if marker["role"] == END or marker.parent is None:
            continue
        parent = marker.parent
        start = parent.index(marker)
        end = next(
            (
                index
                for index in range(start + 1, len(parent.children))
                if isinstance(parent.children[index], cell_marker) and parent.children[index]["role"] == END
            ),
            None,
        )
        if end is None:
            _warn("a notebook cell spans sections; cannot arrange the page", docname, marker.line)
            parent.remove(marker)
            continue
        group = parent.children[start + 1 : end]
        for node in parent.children[start : end + 1]:
            node.parent = None
        del parent.children[start : end + 1]
        new_nodes = arrangement.replacement(marker, group, parent, start)
        for offset, node in enumerate(new_nodes):
            parent.insert(start + offset, node)
    for unmatched in list(doctree.findall(cell_marker)):  # only after a warning above
        unmatched.parent.remove(unmatched)
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        lead = nodes.paragraph(
            text=ui_text(
                "Édition papier : faites cet exercice sans ordinateur. Lisez les données, notez vos réponses "
                "dans les cases prévues, puis comparez-les aux réponses en fin de chapitre.",
                app.config.language,
            ),
            classes=["paper-edition-lead"],
            translatable=False,
        )
        title.parent.insert(title.parent.index(title) + 1, _paper(lead))


def resolve_editions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Keeps the paper edition in the EPUB and the PDFs, the website's elsewhere; no code on paper."""
    shown = "paper" if is_paper(app) else "web"
    for node in list(doctree.findall(edition_only)):
        if node["edition"] == shown:
            node.replace_self(node.children or [])
        else:
            node.parent.remove(node)
    if shown == "paper":
        # Only notebooks have input cells (a PDF holds them in a document of many pages).
        for node in list(doctree.findall(_is_input)):
            node.parent.remove(node)


def setup(app: Sphinx) -> dict:
    app.setup_extension("nbsphinx")  # first: its parser is registered, then replaced by its restarting subclass
    app.add_source_parser(restarting_notebook_parser(), override=True)
    app.setup_extension("coursekit.sphinxext.answers")
    app.setup_extension("coursekit.sphinxext.web_exercises")
    app.add_node(edition_only)
    app.add_node(cell_marker)
    app.add_directive("notebook-cell", CellMarkerDirective)
    app.connect("source-read", rewrite_notebook_source)
    app.connect("doctree-read", learner_download)
    app.connect("doctree-read", arrange_exercise_page)
    app.connect("doctree-resolved", resolve_editions, priority=event_order.RESOLVE_EDITIONS)
    app.add_transform(SourceLanguageAnchors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
