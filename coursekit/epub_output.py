"""The e-book as e-readers and accessibility checkers expect it.

Sphinx's EPUB 3 builder, with what it leaves out:

* every page says its language (``lang`` and ``xml:lang`` on ``<html>``),
  so a screen reader pronounces it right;
* the package document carries schema.org accessibility metadata (how the
  book can be read, its navigation features, its hazards), which EPUB
  Accessibility 1.1 asks for and DAISY Ace checks.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

from coursekit.ui_text import ui_text

ACCESSIBILITY_METADATA = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
)


class CourseEpubBuilder(Epub3Builder):
    """``-b epub``: Sphinx's EPUB 3 builder with language and accessibility metadata."""

    def init(self) -> None:
        super().init()
        language = escape(self.config.language)
        self.html_tag = (
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{language}" xml:lang="{language}">'
        )

    def build_content(self) -> None:
        super().build_content()
        opf = Path(self.outdir, "content.opf")
        summary = ui_text(
            "Texte structuré par titres, avec table des matières, texte alternatif pour chaque figure et "
            "réponses regroupées en fin de page, lisibles sans script.",
            self.config.language,
        )
        lines = [f'    <meta property="{name}">{value}</meta>' for name, value in ACCESSIBILITY_METADATA]
        lines.append(f'    <meta property="schema:accessibilitySummary">{escape(summary)}</meta>')
        text = opf.read_text(encoding="utf-8")
        opf.write_text(text.replace("  </metadata>", "\n".join(lines) + "\n  </metadata>", 1), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_builder(CourseEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
