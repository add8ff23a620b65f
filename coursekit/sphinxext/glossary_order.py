"""Keeps a translated glossary in alphabetical order.

The glossary is written in French alphabetical order; once its terms are
translated, that order means nothing to the reader. After translation, each
glossary's entries are sorted again by their translated term, ignoring case
and accents.
"""

from __future__ import annotations

import unicodedata

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from coursekit.core.languages import source_language


def sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if character.isalnum())


def sort_glossaries(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.language == source_language():
        return
    for glossary in doctree.findall(addnodes.glossary):
        for definitions in glossary.findall(nodes.definition_list):
            items = sorted(definitions.children, key=lambda item: sort_key(item.next_node(nodes.term).astext()))
            definitions.children = []
            definitions.extend(items)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", sort_glossaries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
