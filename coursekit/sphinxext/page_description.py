"""A meta description on every page, in the page's language.

Search engines and link previews show it under the title. It is the page's
own first paragraph of running text (the one under its title), taken from
the doctree Sphinx writes, so it is already in the build's language: the
translators translate it with the page, and no front matter (which Sphinx
does not extract for translation) is needed. A page without such a
paragraph (the search page) gets the course's description from
``course.toml``, translated in ``ui.po``.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from coursekit.core.identity import identity

# Search engines cut descriptions at about 155 to 160 characters.
MAX_LENGTH = 160


def first_paragraph(doctree: nodes.document) -> str:
    """The first paragraph directly under a section: not a box, list, table or generated line."""
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.section) and not paragraph["classes"]:
            text = " ".join(paragraph.astext().split())
            if text:
                return text
    return ""


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """``text``, or its first words and an ellipsis, in at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    words = text[: limit - 1].rsplit(" ", 1)[0]
    return words.rstrip(" ,;:—–-") + "…"


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    text = (first_paragraph(doctree) if doctree is not None else "") or identity(app.config.language).description
    tag = f'<meta name="description" content="{escape(shorten(text))}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
