"""``{terminology-table}``: the agreed French–English terms and the variants to avoid.

From ``locales/terminology.csv``.

Translators keep one list; the course's translation page and ``TRANSLATING.md``
point to it instead of copying it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursekit.core.terminology import TERMINOLOGY_FILE, read_terminology
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.language_parts import in_language
from coursekit.sphinxext.tables import table


class TerminologyTableDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(TERMINOLOGY_FILE))
        language = self.config.language
        header = [
            ui_text("Français", language),
            ui_text("Anglais", language),
            ui_text("Remarque", language),
            ui_text("À éviter en français", language),
            ui_text("À éviter en anglais", language),
        ]
        # The notes are written in English, for translators into English; the variants each language forbids
        # are checked on every built page (coursekit.sphinxext.term_check).
        rows = [
            [
                in_language(term["french"], "fr"),
                in_language(term["english"], "en"),
                in_language(term["note"], "en"),
                in_language(term.get("avoid_fr") or "", "fr"),
                in_language(term.get("avoid_en") or "", "en"),
            ]
            for term in read_terminology()
        ]
        # Bilingual by nature: never messages of the page's catalog.
        return [table("terminology", (20, 20, 28, 16, 16), header, rows, translatable=False)]


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.language_parts")
    app.add_directive("terminology-table", TerminologyTableDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
