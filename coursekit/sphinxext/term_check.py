"""One term per concept: a page that uses a variant the terminology table forbids fails the build.

``locales/terminology.csv`` is the single source of the canonical French and
English names (the six skills, the three mission families, the job titles,
the roles) and of the variants each language must not use (``avoid_fr``,
``avoid_en``, separated by ``|``). After translation, every block of text
of every page in the build's language is searched for those variants; each
one found is a warning at its file and line, so the build fails (``-W``).

``make check-po`` finds the same variants in each msgstr, at its catalog
line (the build's guard runs it first); this check sees what the catalogs do
not hold. Code is not searched, nor the
pages listed in ``course_terminology_exempt`` (the sources page quotes the
article it corrects), nor the terminology table itself.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from coursekit.core.terminology import TERMINOLOGY_FILE, forbidden_variants, normalised
from coursekit.sphinxext import event_order

logger = logging.getLogger(__name__)


def _blocks(doctree: nodes.document):
    """The outermost text blocks (paragraphs, titles, cells...), without code and the terminology table."""
    for node in doctree.findall(nodes.TextElement):
        if isinstance(node, nodes.FixedTextElement) or isinstance(node.parent, nodes.TextElement):
            continue
        ancestors = []
        parent = node.parent
        while parent is not None:
            ancestors.append(parent)
            parent = parent.parent
        if any(isinstance(ancestor, nodes.table) and "terminology" in ancestor["classes"] for ancestor in ancestors):
            continue
        if any(isinstance(ancestor, nodes.literal_block) for ancestor in ancestors):
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
    for block in _blocks(doctree):
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


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.terminology")
    app.add_config_value("course_terminology_exempt", [], "env", types=[list])
    app.connect("doctree-read", check_terms, priority=event_order.CHECK_TERMS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
