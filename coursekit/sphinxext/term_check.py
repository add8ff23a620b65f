"""One term per concept: a page that uses a variant the terminology table forbids fails the build.

``locales/terminology.csv`` is the single source of the canonical French and
English names (the six skills, the three mission families, the job titles,
the roles) and of the variants each language must not use (``avoid_fr``,
``avoid_en``, separated by ``|``). After translation, every block of text
of every page in the build's language is searched for those variants; each
one found is a warning at its file and line, so the build fails (``-W``).

``make check-po`` finds the same variants in each msgstr, at its catalog
line (the build's guard runs it first); this check sees what the catalogs do
not hold, and the figures and notebooks as learners read them.
A variant written with a capital letter is matched as written (it forbids a
capitalisation, e.g. *Chief Operating Officer* in English running text);
the others are matched whatever their case. Code is not searched on pages
(it is in notebooks: their code, comments and printed output are what a
learner reads), nor the pages listed in ``course_terminology_exempt`` (the
sources page quotes the article it corrects), nor the terminology table
itself, nor an aside marked ``:class: country-aside`` (the English edition
names the French titles there, for readers who work with French companies).
The figures are searched too, in the build's language, at their file and
line.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from coursekit.core.figure_text import FIGURES_DOMAIN, figure_messages, source_figures
from coursekit.core.languages import source_language
from coursekit.core.paths import REPO_ROOT
from coursekit.core.terminology import TERMINOLOGY_FILE, forbidden_variants, normalised
from coursekit.core.translations import translator
from coursekit.sphinxext import event_order

logger = logging.getLogger(__name__)


ASIDE_CLASS = "country-aside"


def _blocks(doctree: nodes.document, with_code: bool = False):
    """The outermost text blocks (paragraphs, titles, cells...), without the terminology table and the
    language asides; code only ``with_code`` (a notebook's)."""
    for node in doctree.findall(nodes.TextElement):
        if isinstance(node.parent, nodes.TextElement):
            continue
        if isinstance(node, nodes.FixedTextElement) and not with_code:
            continue
        ancestors = []
        parent = node.parent
        while parent is not None:
            ancestors.append(parent)
            parent = parent.parent
        if any(isinstance(ancestor, nodes.table) and "terminology" in ancestor["classes"] for ancestor in ancestors):
            continue
        if any(isinstance(ancestor, nodes.literal_block) for ancestor in ancestors) and not with_code:
            continue
        if any(
            ASIDE_CLASS in ancestor.get("classes", []) for ancestor in ancestors if isinstance(ancestor, nodes.Element)
        ):
            continue
        yield node


def check_terms(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    app.env.note_dependency(str(TERMINOLOGY_FILE))
    # Extracting messages for translators (``make update-po``) must work on a page still being written.
    if docname in app.config.course_terminology_exempt or app.builder.name == "gettext":
        return
    variants = forbidden_variants(app.config.language)
    if not variants:
        return
    notebook = str(app.env.doc2path(docname)).endswith(".ipynb")
    for block in _blocks(doctree, with_code=notebook):
        text = normalised(block.astext())
        for forbidden in variants:
            match = forbidden.pattern.search(text)
            if match:
                logger.warning(
                    "'%s' is a variant the terminology table forbids: write '%s' (locales/terminology.csv)",
                    match[0],
                    forbidden.canonical,
                    location=block,
                    type="course",
                    subtype="terminology",
                )


def check_figures(app: Sphinx, env) -> None:
    """Every label of every figure, in the build's language, at the line of the source SVG that holds it."""
    if app.builder.name == "gettext":
        return
    language = app.config.language
    variants = forbidden_variants(language)
    if not variants:
        return
    translate = (lambda text: text) if language == source_language() else translator(language, FIGURES_DOMAIN)
    for figure in source_figures():
        lines = figure.read_text(encoding="utf-8").splitlines()
        for message, _position in figure_messages(figure):
            text = normalised(translate(message))
            for forbidden in variants:
                match = forbidden.pattern.search(text)
                if match:
                    line = next((number for number, content in enumerate(lines, 1) if message[:30] in content), 1)
                    logger.warning(
                        "'%s' is a variant the terminology table forbids: write '%s' (locales/terminology.csv)",
                        match[0],
                        forbidden.canonical,
                        location=f"{figure.relative_to(REPO_ROOT)}:{line}",
                        type="course",
                        subtype="terminology",
                    )


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.terminology")
    app.add_config_value("course_terminology_exempt", [], "env", types=[list])
    # After the translation of the page (a transform) and the other collectors: the text as readers see it.
    app.connect("doctree-read", check_terms, priority=event_order.CHECK_TERMS)
    app.connect("env-check-consistency", check_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
