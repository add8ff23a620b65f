"""The print edition on real files: the PDFs ``make`` wrote, read back with poppler-utils.

Each language has its course book, a handout per exercise and its trainer guide
(``coursekit.core.print_documents``). They are A4, carry their title, author and
language, embed every font, have bookmarks, page numbers and a table of contents,
draw every figure as vectors, show each page's headings in their language (and no
French in another language's), keep the facilitation notes to the trainer guide
and the worked answers out of the handouts, lay no frame or rule over the text,
and space French punctuation the French way. A page of each is kept as PNG in the test artifacts (``pdf/``).
"""

from __future__ import annotations

import ast
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages, source_language
from coursekit.core.print_documents import BOOK, HANDOUT, TRAINER_GUIDE, PrintDocument, print_documents
from coursekit.testing.notebooks import notebook_speak
from coursekit.testing.outputs import REPO_ROOT, looks_french
from coursekit.testing.pdf import (
    bookmarks,
    catalog_entry,
    pdf_fonts,
    pdf_info,
    pdf_pages,
    raster_images,
    render_page,
    squashed,
    struck_words,
    words,
)
from coursekit.testing.validators import artifacts_dir

A4_POINTS = "595.28 x 841.89 pts (A4)"
# The website-only pages, as conf.py names them (read, not run).
WEB_ONLY = next(
    set(ast.literal_eval(node.value))
    for node in ast.parse((REPO_ROOT / "conf.py").read_text(encoding="utf-8")).body
    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "course_web_only"
)

DOCUMENTS = [(language, document) for language in all_languages() for document in print_documents(REPO_ROOT, language)]
IDS = [f"{language}-{document.name}" for language, document in DOCUMENTS]


def pdf_path(build_dir: Path, language: str, document: PrintDocument) -> Path:
    return build_dir / "pdf" / language / f"{document.name}.pdf"


def the(kind: str, language: str) -> PrintDocument:
    return next(document for document in print_documents(REPO_ROOT, language) if document.kind == kind)


class Headings(HTMLParser):
    """The h1 to h3 headings of a website page, as text (without Sphinx's permalink sign)."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._open: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-3]", tag):
            self._open = []
        elif tag == "a" and ("class", "headerlink") in attrs:
            self._skip += 1

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-3]", tag) and self._open is not None:
            self.headings.append("".join(self._open).strip())
            self._open = None
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._open is not None and not self._skip:
            self._open.append(data)


def website_headings(build_dir: Path, language: str, docname: str) -> list[str]:
    parser = Headings()
    parser.feed((build_dir / "html" / language / f"{docname}.html").read_text(encoding="utf-8"))
    return [heading for heading in parser.headings if heading]


def book_pages(build_dir: Path, language: str) -> list[str]:
    """The pages of the book, as the website lists them (the e-book's pages)."""
    pages = []
    for folder in ("course", "exercises"):
        for path in sorted((build_dir / "html" / language / folder).glob("*.html")):
            docname = f"{folder}/{path.stem}"
            if docname not in WEB_ONLY:
                pages.append(docname)
    return pages


@pytest.mark.parametrize(("language", "document"), DOCUMENTS, ids=IDS)
def test_each_pdf_is_a4_with_its_metadata_fonts_and_bookmarks(build_dir, language, document):
    path = pdf_path(build_dir, language, document)
    info = pdf_info(path)
    assert info["Page size"] == A4_POINTS
    course = identity(language)
    assert info["Author"] == course.author
    if document.kind == BOOK:
        assert info["Title"] == course.title
    else:
        assert info["Title"] and info["Title"] != course.title
    assert catalog_entry(path, "Lang") == language
    fonts = pdf_fonts(path)
    assert fonts and [font["name"] for font in fonts if font["emb"] != "yes"] == []
    assert len(bookmarks(path)) >= 3, "bookmarks from the headings"
    assert raster_images(path) == [], "every figure and chart is drawn as vectors"
    # A page of each, for a person to look at.
    render_page(path, min(3, int(info["Pages"])), artifacts_dir("pdf", language) / f"{document.name}.png")


@pytest.mark.parametrize(("language", "document"), DOCUMENTS, ids=IDS)
def test_no_frame_or_rule_is_drawn_over_the_text(build_dir, language, document):
    """On paper a notebook's output has no input cell before it: its frame once covered the line above it."""
    struck = struck_words(pdf_path(build_dir, language, document))
    assert struck == [], "text crossed by a line: " + "; ".join(
        f"page {word.page}: {word.text}" for word in struck[:10]
    )


@pytest.mark.parametrize("language", all_languages())
def test_the_book_has_a_table_of_contents_and_page_numbers(build_dir, language):
    path = pdf_path(build_dir, language, the(BOOK, language))
    pages = pdf_pages(path)
    # The contents: the page that ends more than ten lines with a page number.
    contents = next(number for number, text in enumerate(pages) if len(re.findall(r"\s\d+$", text, re.M)) > 10)
    listed = pages[contents]
    for docname in ("course/01-role-du-coo", "course/glossaire"):
        title = website_headings(build_dir, language, docname)[0]
        assert squashed(title) in squashed(listed), f"the table of contents lists {title}"
    # After the title page and the contents, every page carries its number in its header or footer.
    numbered = pages[contents + 1 :]
    for number, text in enumerate(numbered, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert str(number) in lines[:2] + lines[-2:] or any(line.endswith(f" {number}") for line in lines[-2:]), (
            f"page {number} of the body shows its number"
        )


@pytest.mark.parametrize("language", all_languages())
def test_the_book_holds_every_page_of_the_ebook_with_its_headings_in_its_language(build_dir, language):
    text = squashed("".join(pdf_pages(pdf_path(build_dir, language, the(BOOK, language)))))
    pages = book_pages(build_dir, language)
    assert {"course/glossaire", "course/sources", "course/synthese"} <= set(pages)
    assert sum(page.startswith("exercises/") for page in pages) >= 6
    for docname in pages:
        for heading in website_headings(build_dir, language, docname):
            assert squashed(heading) in text, f"{docname}: heading {heading!r} in the {language} book"
    for docname in WEB_ONLY:
        title = website_headings(build_dir, language, docname)[0]
        assert squashed(title) not in text, f"{docname} is on the website only"


@pytest.mark.parametrize("language", all_languages())
def test_the_book_gathers_the_answers_and_the_final_assessment(build_dir, language):
    pages = pdf_pages(pdf_path(build_dir, language, the(BOOK, language)))
    text = "".join(pages)
    # The synthesis page's headings hold its assessment; its answers section follows it.
    synthesis = website_headings(build_dir, language, "course/synthese")
    start = squashed(text).index(squashed(synthesis[0]))
    answers = {"fr": "Réponses", "en": "Answers"}.get(language)
    if answers:
        assert squashed(answers) in squashed(text)[start:], "the final assessment's answers section"


@pytest.mark.parametrize(
    ("language", "document"),
    [(language, document) for language, document in DOCUMENTS if language != source_language()],
    ids=[name for name, (language, _document) in zip(IDS, DOCUMENTS, strict=True) if language != source_language()],
)
def test_no_french_in_a_translated_pdf(build_dir, language, document):
    offenders = []
    for number, page in enumerate(pdf_pages(pdf_path(build_dir, language, document)), start=1):
        for paragraph in re.split(r"\n\s*\n", page):
            # The sources page quotes the French article, and the glossary's terminology table is bilingual
            # by design (each cell marked with its language on the website).
            if "«" in paragraph or "»" in paragraph:
                continue
            if looks_french(paragraph):
                offenders.append(f"page {number}: {' '.join(paragraph.split())[:120]}")
    assert offenders == []


@pytest.mark.parametrize("language", all_languages())
def test_handouts_are_the_exercises_without_answers(build_dir, language):
    book = squashed("".join(pdf_pages(pdf_path(build_dir, language, the(BOOK, language)))))
    for document in print_documents(REPO_ROOT, language):
        if document.kind != HANDOUT:
            continue
        pages = pdf_pages(pdf_path(build_dir, language, document))
        text = squashed("".join(pages))
        headings = website_headings(build_dir, language, document.start)
        assert all(squashed(heading) in text for heading in headings), document.name
        assert squashed(headings[0]) in book, "the same exercise as the book's"
        # The book's exercise chapters end with their answers; a handout has none.
        answers = {"fr": "Réponses", "en": "Answers"}[language] if language in ("fr", "en") else None
        if answers:
            assert not re.search(rf"^{answers}$", "\n".join(pages), re.M), f"{document.name} has no answers section"
        # Written for a pen: what to write, never which cell to run or which value to replace.
        assert notebook_speak("\n".join(pages), document.start.rsplit("/", 1)[-1], language) == [], document.name


def facilitation_note_openings(language: str) -> list[str]:
    from coursekit.core.editions import is_trainer_note
    from coursekit.core.notebook_i18n import read_notebook, translate_notebook
    from coursekit.core.notebooks import notebooks_in
    from coursekit.core.translations import translator

    openings = []
    for path in notebooks_in(REPO_ROOT / "exercises"):
        notebook = translate_notebook(read_notebook(path), translator(language, f"exercises/{path.stem}"))
        for cell in notebook.cells:
            if is_trainer_note(cell):
                body = re.sub(r"^\*\*[^*]+\*\*", "", cell.source.strip())
                openings.append(squashed(" ".join(re.findall(r"\w+", body)[:10])))
    assert len(openings) >= 6
    return openings


@pytest.mark.parametrize("language", all_languages())
def test_facilitation_notes_only_in_the_trainer_guide(build_dir, language):
    texts = {
        document.name: squashed("".join(pdf_pages(pdf_path(build_dir, language, document))))
        for document in print_documents(REPO_ROOT, language)
    }
    guide = texts.pop(the(TRAINER_GUIDE, language).name)
    for note in facilitation_note_openings(language):
        assert note in guide, "the trainer guide holds every note"
        assert [name for name, text in texts.items() if note in text] == [], "no note in a learner's PDF"


@pytest.mark.parametrize("language", all_languages())
def test_the_trainer_guide_has_the_agendas_and_the_objective_map(build_dir, language):
    text = squashed("".join(pdf_pages(pdf_path(build_dir, language, the(TRAINER_GUIDE, language)))))
    # Its title is the guide's (on the title page), its sections the page's.
    for heading in website_headings(build_dir, language, "course/plan-de-session")[1:]:
        assert squashed(heading) in text
    assert "0900" in text, "the agendas' timings"
    assert "m11" in text and "m61" in text, "the objective map's objectives"


@pytest.mark.parametrize("language", all_languages())
def test_kits_carry_their_pdfs(build_dir, language):
    kits = sorted((build_dir / "kit" / language).glob("*.zip"))
    documents = print_documents(REPO_ROOT, language)
    for kit in kits:
        trainer = "trainer" in kit.name or "formateur" in kit.name
        with zipfile.ZipFile(kit) as archive:
            names = {Path(name).name for name in archive.namelist() if name.endswith(".pdf")}
            for document in documents:
                expected = document.kind != TRAINER_GUIDE or trainer
                assert (f"{document.name}.pdf" in names) == expected, (kit.name, document.name)
                if expected:
                    inside = next(name for name in archive.namelist() if name.endswith(f"/{document.name}.pdf"))
                    assert archive.read(inside) == pdf_path(build_dir, language, document).read_bytes()


def test_french_punctuation_is_spaced_the_french_way(build_dir):
    """In the body text, a thin space before ; : ! ? (about an eighth of an em), never none nor a word space.

    Measured on the page: the gap between a word and the mark that follows it (pdftotext keeps a mark set
    apart in a word of its own). Only the body text: the notebooks' printed output is monospaced as the
    program wrote it, and the figures' words are spaced by their drawing.
    """
    language = source_language()
    assert language == "fr"
    gaps = {";": [], ":": [], "!": [], "?": []}
    for document in print_documents(REPO_ROOT, language):
        found = words(pdf_path(build_dir, language, document))
        body = Counter(round(word.height, 1) for word in found).most_common(1)[0][0]
        for before, mark in zip(found, found[1:], strict=False):
            same_line = before.page == mark.page and abs(before.y_min - mark.y_min) < 1
            if mark.text in gaps and same_line and abs(before.height - body) < 0.3:
                gaps[mark.text].append(mark.x_min - before.x_max)
        for word in found:
            if abs(word.height - body) < 0.3 and re.search(r"[^\W\d_][;!?]$", word.text):
                raise AssertionError(f"{document.name}, page {word.page}: no space before the mark of {word.text}")
    assert len(gaps[";"]) > 10 and len(gaps[":"]) > 100 and len(gaps["?"]) > 10
    for mark, found_gaps in gaps.items():
        # FreeSerif at 11 pt: a word space is about 2.75 pt, babel-french's thin space about 1.4 pt.
        assert all(0.8 < gap < 2.0 for gap in found_gaps), (mark, sorted(found_gaps)[:3], sorted(found_gaps)[-3:])
