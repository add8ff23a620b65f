"""The e-book builder in a one-page Sphinx project (sphinx.testing): its style sheet, its language."""

from __future__ import annotations

from coursekit.testing.sphinx_project import build

CONF = 'extensions = ["myst_parser", "coursekit.sphinxext.epub_output"]\nlanguage = "fr"\n'


def test_the_ebook_has_its_style_sheet_and_language_and_the_website_neither(tmp_path):
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Accueil\n\nLe COO pilote les opérations.\n", encoding="utf-8")
    book = build(tmp_path, "epub")
    page = (book / "index.xhtml").read_text(encoding="utf-8")
    assert "course-epub.css" in page and 'xml:lang="fr"' in page
    assert (book / "_static" / "course-epub.css").is_file()
    assert "course-epub.css" in (book / "content.opf").read_text(encoding="utf-8")
    site = build(tmp_path, "html")
    assert "course-epub.css" not in (site / "index.html").read_text(encoding="utf-8")
