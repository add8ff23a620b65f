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
* the zip is written by ``coursekit.core.zips``: same sources, same bytes.

Sphinx's public events do what they can (``html-page-context`` for the page
language and the cover's text, ``html-collect-pages`` for the cover image;
``epub_cover`` is set in ``conf.py``); the rest goes through the hooks of
``coursekit.sphinxext.sphinx_compat.HookedEpub3Builder``.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZIP_STORED

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from coursekit.core.identity import identity
from coursekit.core.languages import language_tag
from coursekit.core.ui_text import ui_text
from coursekit.core.zips import remove_other_outputs, write_zip
from coursekit.sphinxext.epub_cover import cover_text, write_cover
from coursekit.sphinxext.sphinx_compat import HookedEpub3Builder, replace_once

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
# The cover Sphinx puts in the book: ``epub_cover`` in conf.py names this image and this template.
COVER_IMAGE = "_images/cover.png"
COVER_PAGE = "epub-cover"  # Sphinx's cover page (``coverpage_name``), without its suffix
SPHINX_DEFAULT_CONTRIBUTOR = "unknown"


class CourseEpubTranslator(HTML5Translator):
    """Sphinx's HTML5 translator; a toctree caption (``role="heading"``) gets the ``aria-level`` ARIA requires."""

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            # It titles the toctree, one level below the section holding it (as Sphinx's own caption, plus the level).
            level = str(self.section_level + 1)
            self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": level}))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)


class CourseEpubBuilder(HookedEpub3Builder):
    """``-b epub``: Sphinx's EPUB 3 builder made accessible, reproducible and in its language."""

    default_translator_class = CourseEpubTranslator

    def navigation_titles(self) -> dict[str, str]:
        # Sphinx titles the navigation document and the guide in English whatever the book's language.
        language = self.config.language
        return {"toc": ui_text("Table des matières", language), "cover": ui_text("Couverture", language)}

    def files_left_out(self) -> list[str]:
        # Sphinx puts every file of the folder in the book, the doctree cache too when it lies inside
        # (`sphinx-build -b epub . out`, without -d): nbsphinx's copies of the notebook images would ship twice.
        outdir, doctrees = Path(self.outdir).resolve(), Path(self.doctreedir).resolve()
        if not doctrees.is_relative_to(outdir):
            return []
        return [path.relative_to(outdir).as_posix() for path in doctrees.rglob("*") if path.is_file()]

    def completed_package(self, text: str) -> str:
        summary = ui_text(
            "Texte structuré par titres, avec table des matières, texte alternatif pour chaque figure et "
            "réponses regroupées en fin de page, lisibles sans script.",
            self.config.language,
        )
        lines = [f'    <meta property="{name}">{value}</meta>' for name, value in ACCESSIBILITY_METADATA]
        lines.append(f'    <meta property="schema:accessibilitySummary">{escape(summary)}</meta>')
        text = replace_once(text, "  </metadata>", "\n".join(lines) + "\n  </metadata>", "content.opf")
        if self.config.epub_contributor == SPHINX_DEFAULT_CONTRIBUTOR:
            text = replace_once(text, "\n    <dc:contributor>unknown</dc:contributor>", "", "content.opf")
        cover_item = f'href="{COVER_IMAGE}" media-type="image/png"'
        return replace_once(text, cover_item, f'{cover_item} properties="cover-image"', "content.opf")

    def completed_navigation(self, text: str) -> str:
        return replace_once(text, '<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">', "nav.xhtml")

    def write_book(self, target: Path, files: list[str]) -> None:
        entries = [
            (name, Path(self.outdir, name).read_bytes(), ZIP_STORED if name == "mimetype" else ZIP_DEFLATED)
            for name in files
        ]
        write_zip(target, entries)
        remove_other_outputs(target.parent, "*.epub", [target])


def add_book_style_sheet(app: Sphinx) -> None:
    """The e-book's own style sheet, in the book only (Sphinx's public API, once the builder is known)."""
    if isinstance(app.builder, CourseEpubBuilder):
        app.add_css_file(EPUB_STYLE_SHEET, priority=900)


def copy_book_style_sheet(app: Sphinx) -> list:
    """Into the book's _static folder, before Sphinx lists the book's files (``html-collect-pages``)."""
    if isinstance(app.builder, CourseEpubBuilder):
        Path(app.outdir, "_static").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EPUB_STATIC_DIR / EPUB_STYLE_SHEET, Path(app.outdir, "_static", EPUB_STYLE_SHEET))
    return []


def draw_cover(app: Sphinx) -> list:
    """Before Sphinx lists the book's files (``html-collect-pages`` comes first): the cover, drawn afresh."""
    if not isinstance(app.builder, CourseEpubBuilder):
        return []
    write_cover(identity(app.config.language), Path(app.outdir, COVER_IMAGE))
    # Sphinx lists every file of the folder in the manifest, then writes the cover page: the page of
    # the previous build would come first and shift every item's id (a second build differed from the first).
    Path(app.outdir, COVER_PAGE + app.builder.out_suffix).unlink(missing_ok=True)
    return []


def page_in_book_language(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Every page says its language, so a screen reader pronounces it right; the cover says what it shows."""
    if not isinstance(app.builder, CourseEpubBuilder):
        return
    language = escape(language_tag(app.config.language))
    context["html_tag"] = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{language}" xml:lang="{language}">'
    )
    if pagename == COVER_PAGE:
        context["course_cover_text"] = cover_text(identity(app.config.language))


def setup(app: Sphinx) -> dict:
    app.add_builder(CourseEpubBuilder, override=True)
    app.connect("builder-inited", add_book_style_sheet)
    app.connect("html-collect-pages", copy_book_style_sheet)
    app.connect("html-collect-pages", draw_cover)
    app.connect("html-page-context", page_in_book_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
