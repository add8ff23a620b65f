"""Text in another language than the page's, marked as such (WCAG 3.1.2, "Language of Parts").

A screen reader reads a page with the voice of its ``lang``; a French term in
an English page, read with English phonetics, is garbled. The terminology
table puts French and English side by side on every page, so its cells in the
other language are wrapped in a ``language_part`` node, written as
``<span lang="xx">`` in HTML and EPUB when ``xx`` is not the page's language.
Other builders (text, gettext) write the plain text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from coursekit.core.languages import language_tag


class language_part(nodes.inline):
    """Inline text in the language ``lang``."""


def in_language(text: str, language: str) -> nodes.Node:
    return language_part(text, text, lang=language) if text else nodes.Text("")


def visit_language_part(translator: HTML5Translator, node: language_part) -> None:
    page_language = translator.builder.config.language
    attributes = {"lang": language_tag(node["lang"])} if node["lang"] != page_language else {}
    translator.body.append(translator.starttag(node, "span", "", **attributes))


def depart_language_part(translator: HTML5Translator, node: language_part) -> None:
    translator.body.append("</span>")


def setup(app: Sphinx) -> dict:
    # Builders without a handler use their inline one (Sphinx looks a node's visitor up along its classes).
    app.add_node(language_part, html=(visit_language_part, depart_language_part))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
