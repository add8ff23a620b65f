"""What each page message is, for translators: the ``#.`` comment of every entry of a page's catalog.

Sphinx's gettext builder extracts each message with the node it comes from but writes only its location.
``make update-po`` and ``make gettext`` (:mod:`coursekit.tools.catalog_update`) extract with this builder
instead: Sphinx's own extraction, plus ``message-kinds.json`` beside the templates, naming for each page
message what it is (heading, paragraph, list item, table cell, image alt text, glossary term, quiz
option...), which the tool writes as the entry's ``#.`` comment.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.util.nodes import extract_messages

from coursekit.core.paths import MESSAGE_KINDS_FILE

# A text block, by the kind of block that holds it (the nearest one wins).
CONTAINERS = (
    (nodes.list_item, "list item"),
    (nodes.entry, "table cell"),
    (nodes.definition, "definition"),
    (nodes.footnote, "footnote"),
    (nodes.Admonition, "box text"),
)


def describe(node: nodes.Node) -> str:
    """What a translatable node is, in a translator's words."""
    if isinstance(node, nodes.image):
        return "image alt text (read by screen readers)"
    if isinstance(node, nodes.term):
        return "glossary term"
    if isinstance(node, nodes.caption):
        return "figure caption"
    if isinstance(node, nodes.rubric):
        return "heading"
    if isinstance(node, nodes.title):
        return "heading" if isinstance(node.parent, (nodes.section, nodes.document)) else "box title"
    parent = node.parent
    while parent is not None:
        if "quiz" in type(parent).__name__ and isinstance(parent, nodes.Element):
            kind = next((name for holder, name in CONTAINERS if isinstance(node.parent, holder)), "")
            return "quiz option" if kind == "list item" else "quiz text"
        parent = parent.parent
    holder = node.parent
    while holder is not None:
        for container, name in CONTAINERS:
            if isinstance(holder, container):
                return name
        holder = holder.parent
    return "paragraph" if isinstance(node, nodes.paragraph) else type(node).__name__.replace("_", " ")


class CommentedMessageCatalogBuilder(MessageCatalogBuilder):
    """Sphinx's gettext builder, which also records what each message is."""

    name = "course-gettext"

    def init(self) -> None:
        super().init()
        self.message_kinds: dict[str, dict[str, list[str]]] = {}

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        super().write_doc(docname, doctree)
        kinds = self.message_kinds.setdefault(docname, {})
        for node, message in extract_messages(doctree):
            described = describe(node)
            if described not in kinds.setdefault(message, []):
                kinds[message].append(described)

    def finish(self) -> None:
        super().finish()
        target = Path(self.outdir, MESSAGE_KINDS_FILE)
        target.write_text(json.dumps(self.message_kinds, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")


def setup(app: Sphinx) -> dict:
    app.add_builder(CommentedMessageCatalogBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
