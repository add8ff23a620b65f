"""``{terminology-table}``: the agreed French–English terms, from ``locales/terminology.csv``.

Translators keep one list; the course's translation page and ``TRANSLATING.md``
point to it instead of copying it.
"""

from __future__ import annotations

import csv

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursekit.paths import LOCALES_DIR
from coursekit.ui_text import ui_text

TERMINOLOGY_FILE = LOCALES_DIR / "terminology.csv"


def read_terminology() -> list[dict[str, str]]:
    with TERMINOLOGY_FILE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


class TerminologyTableDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(TERMINOLOGY_FILE))
        language = self.config.language
        table = nodes.table(classes=["terminology"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (30, 30, 40):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += self._row([ui_text("Français", language), ui_text("Anglais", language), ui_text("Remarque", language)])
        group += head
        body = nodes.tbody()
        for term in read_terminology():
            body += self._row([term["french"], term["english"], term["note"]], languages=("fr", "en", "en"))
        group += body
        return [table]

    @staticmethod
    def _row(cells: list[str], languages: tuple[str, ...] = ()) -> nodes.row:
        row = nodes.row()
        for position, text in enumerate(cells):
            entry = nodes.entry()
            # Bilingual by nature: never a message of the page's catalog.
            entry += nodes.paragraph(text=text, translatable=False)
            if languages:
                entry["classes"].append(f"lang-{languages[position]}")
            row += entry
        return row


def setup(app: Sphinx) -> dict:
    app.add_directive("terminology-table", TerminologyTableDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
