"""The e-book as e-readers and accessibility checkers expect it.

Sphinx's EPUB 3 builder, with what it leaves out:

* every page says its language (``lang`` and ``xml:lang`` on ``<html>``),
  so a screen reader pronounces it right, and the table of contents and the
  guide are titled in that language (Sphinx writes them in English);
* a cover in the book's language (``coursekit.sphinxext.epub_cover``), declared the
  EPUB 3 way (``properties="cover-image"``) and shown on a first page whose
  alternative text says what the cover says;
* the package document carries schema.org accessibility metadata (how the
  book can be read, its navigation features, its hazards), which EPUB
  Accessibility 1.1 asks for and DAISY Ace checks, and no
  ``<dc:contributor>unknown</dc:contributor>`` (Sphinx's default);
* the table of contents is a ``doc-toc`` landmark and every ``role="heading"``
  (toctree captions) has the ``aria-level`` ARIA requires;
* an e-book style sheet (``epub_static/course-epub.css``): code wraps
  instead of scrolling, notebook prompts have WCAG AA contrast;
* the zip is written by ``coursekit.sphinxext.reproducible``: same sources, same bytes.
"""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZIP_STORED

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.writers.html5 import HTML5Translator

from coursekit.sphinxext.epub_cover import cover_text, write_cover
from coursekit.core.identity import identity
from coursekit.core.zips import write_zip
from coursekit.core.ui_text import ui_text

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
EPUB_STATIC_DIR = Path(__file__).parent / "epub_static"
EPUB_STYLE_SHEET = "course-epub.css"
COVER_IMAGE = "_images/cover.png"
COVER_TEMPLATE = "epub-cover-page.html"
SPHINX_DEFAULT_CONTRIBUTOR = "unknown"
# Written first, in this order: the OCF container wants ``mimetype`` first and uncompressed.
LEADING_ENTRIES = ("mimetype", "META-INF/container.xml", "content.opf", "toc.ncx")


class CourseEpubTranslator(HTML5Translator):
    """Sphinx's HTML5 translator; a ``role="heading"`` always gets its ``aria-level``."""

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
        if attributes.get("ROLE") == "heading" and "ARIA-LEVEL" not in attributes:
            # A toctree caption titles the toctree, one level below the section holding it.
            attributes["ARIA-LEVEL"] = str(self.section_level + 1)
        return super().starttag(node, tagname, suffix, empty, **attributes)


class CourseEpubBuilder(Epub3Builder):
    """``-b epub``: Sphinx's EPUB 3 builder made accessible, reproducible and in its language."""

    default_translator_class = CourseEpubTranslator

    def init(self) -> None:
        super().init()
        language = escape(self.config.language)
        self.html_tag = (
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{language}" xml:lang="{language}">'
        )
        # Sphinx titles the navigation document and the guide in English whatever the book's language.
        # It writes these titles into content.opf unescaped: a translation is text, so escape it here.
        self.guide_titles = {
            **self.guide_titles,
            "toc": escape(ui_text("Table des matières", self.config.language)),
            "cover": escape(ui_text("Couverture", self.config.language)),
        }

    def init_css_files(self) -> None:
        super().init_css_files()
        self.add_css_file(EPUB_STYLE_SHEET, priority=900)

    def copy_static_files(self) -> None:
        super().copy_static_files()
        shutil.copyfile(EPUB_STATIC_DIR / EPUB_STYLE_SHEET, Path(self.outdir, "_static", EPUB_STYLE_SHEET))

    def build_content(self) -> None:
        course = identity(self.config.language)
        write_cover(course, Path(self.outdir, COVER_IMAGE))
        self.globalcontext["course_cover_text"] = cover_text(course)
        # The cover is set for this call only: ``epub_cover`` is an environment setting, and a value
        # the HTML build does not share would make Sphinx read every page (and run every notebook) again.
        configured = self.config.epub_cover, self.config.epub_exclude_files
        self.config.epub_cover = (COVER_IMAGE, COVER_TEMPLATE)
        # Sphinx puts every file of the folder in the book, the doctree cache too when it lies inside
        # (`sphinx-build -b epub . out`, without -d): nbsphinx's copies of the notebook images would ship twice.
        self.config.epub_exclude_files = [*configured[1], *self._doctree_files()]
        # Sphinx lists every file of the folder in the manifest, then writes the cover page: the page of
        # the previous build would come first and shift every item's id (a second build differed from the first).
        Path(self.outdir, self.coverpage_name).unlink(missing_ok=True)
        try:
            super().build_content()
        finally:
            self.config.epub_cover, self.config.epub_exclude_files = configured
        opf = Path(self.outdir, "content.opf")
        opf.write_text(self._completed_package(opf.read_text(encoding="utf-8")), encoding="utf-8")

    def _doctree_files(self) -> list[str]:
        outdir, doctrees = Path(self.outdir).resolve(), Path(self.doctreedir).resolve()
        if not doctrees.is_relative_to(outdir):
            return []
        return [path.relative_to(outdir).as_posix() for path in doctrees.rglob("*") if path.is_file()]

    def _completed_package(self, text: str) -> str:
        summary = ui_text(
            "Texte structuré par titres, avec table des matières, texte alternatif pour chaque figure et "
            "réponses regroupées en fin de page, lisibles sans script.",
            self.config.language,
        )
        lines = [f'    <meta property="{name}">{value}</meta>' for name, value in ACCESSIBILITY_METADATA]
        lines.append(f'    <meta property="schema:accessibilitySummary">{escape(summary)}</meta>')
        text = text.replace("  </metadata>", "\n".join(lines) + "\n  </metadata>", 1)
        if self.config.epub_contributor == SPHINX_DEFAULT_CONTRIBUTOR:
            text = re.sub(r"\s*<dc:contributor>unknown</dc:contributor>", "", text, count=1)
        cover_item = f'href="{COVER_IMAGE}" media-type="image/png"'
        return text.replace(cover_item, f'{cover_item} properties="cover-image"', 1)

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        nav = Path(self.outdir, "nav.xhtml")
        text = nav.read_text(encoding="utf-8")
        nav.write_text(text.replace('<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">', 1), encoding="utf-8")

    def build_epub(self) -> None:
        files = set(self.files) - set(LEADING_ENTRIES)
        entries = [
            (name, Path(self.outdir, name).read_bytes(), ZIP_STORED if name == "mimetype" else ZIP_DEFLATED)
            for name in [*LEADING_ENTRIES, *sorted(files)]
        ]
        write_zip(Path(self.outdir, f"{self.config.epub_basename}.epub"), entries)


def setup(app: Sphinx) -> dict:
    app.add_builder(CourseEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
