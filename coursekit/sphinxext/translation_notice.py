"""A short notice, in the reader's language, on pages not fully translated.

Sphinx silently falls back to French for every untranslated or fuzzy
message; the reader should know. Pages are measured by Sphinx's own
translation progress; notebooks (translated at the source, see
``notebook_i18n``) by their catalog.

Each block of a page left in French (untranslated, or fuzzy: the build uses
no fuzzy entry) is marked with the source language (``lang="fr"`` in HTML,
through docutils' ``language-`` class), so that screen readers, hyphenation
and search read it as French.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from coursekit.core.languages import source_language
from coursekit.core.notebook_i18n import extract_messages, read_notebook
from coursekit.core.notebooks import is_notebook
from coursekit.core.translations import translations
from coursekit.core.ui_text import ui_format, ui_text
from coursekit.sphinxext.sphinx_compat import translation_flags


def notebook_progress(app: Sphinx, docname: str) -> tuple[int, int]:
    notebook = read_notebook(Path(app.env.doc2path(docname)))
    messages = {message.text for message in extract_messages(notebook)}
    table = translations(app.config.language, docname)
    return sum(message in table for message in messages), len(messages)


def page_progress(doctree: nodes.document) -> tuple[int, int]:
    """Translated and translatable messages of a page, as Sphinx marked them.

    Sphinx's own ``translation_progress`` also counts toctree nodes and
    images whose alt text it did translate as untranslated; they are left out.
    """
    counted = [
        translated
        for node, translated in translation_flags(doctree)
        if not isinstance(node, (addnodes.toctree, nodes.image))
    ]
    return sum(counted), len(counted)


def mark_fallback_text(doctree: nodes.document) -> None:
    """The source language on each text block no translation replaced (docutils writes it as ``lang``)."""
    marker = f"language-{source_language()}"
    for node, translated in translation_flags(doctree):
        # Code keeps no language; toctrees and images are not text blocks.
        if translated or not isinstance(node, nodes.TextElement) or isinstance(node, nodes.FixedTextElement):
            continue
        if marker not in node["classes"]:
            node["classes"].append(marker)


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    language = app.config.language
    if language == source_language():
        return
    docname = app.env.docname
    if is_notebook(app.env.doc2path(docname)):
        translated, total = notebook_progress(app, docname)
    else:
        translated, total = page_progress(doctree)
        mark_fallback_text(doctree)
    if not total or translated == total:
        return
    notice = nodes.admonition(classes=["translation-incomplete", "warning"])
    notice += nodes.title(text=ui_text("Traduction incomplète", language), translatable=False)
    text = ui_format(
        "Cette page n’est traduite qu’à {percent} % : le texte qui manque est affiché en français.",
        language,
        percent=int(100 * translated / total),
    )
    notice += nodes.paragraph(text=text, translatable=False)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        title_index = section.first_child_matching_class(nodes.title)
        section.insert((title_index or 0) + 1, notice)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", add_notice)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
