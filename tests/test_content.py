"""The course as readers get it: complete modules, resolved terms, English everywhere in English."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursekit.core.figure_text import FIGURES_DOMAIN, figure_messages, source_figures
from coursekit.core.languages import all_languages, translated_languages
from coursekit.core.terminology import read_terminology
from coursekit.core.translations import translations
from coursekit.testing.outputs import REPO_ROOT, looks_french
from coursekit.tools.catalog_status import language_status

MODULES = sorted(path.stem for path in (REPO_ROOT / "course").glob("0*.md"))


class Blocks(HTMLParser):
    """Text of each block element inside the article, with its classes on the way."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "dt", "dd", "figcaption", "summary", "pre"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.in_article = 0
        self.blocks: list[tuple[str, str, str]] = []  # (tag, classes of ancestors, text)
        self.current: list[str] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article":
            self.in_article += 1
        self.stack.append((tag, attributes.get("class") or ""))
        if tag in self.BLOCKS and self.in_article:
            self.current = []
        if tag == "a" and self.in_article:
            self.links.append(attributes)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in self.BLOCKS and self.in_article:
            classes = " ".join(classes for _, classes in self.stack)
            self.blocks.append((tag, classes, " ".join("".join(self.current).split())))
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article:
            self.current.append(data)


def blocks_of(page: Path) -> Blocks:
    parser = Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("module", MODULES)
def test_module_page_has_every_pedagogical_part(build_dir, language, module):
    html = (build_dir / "html" / language / "course" / f"{module}.html").read_text(encoding="utf-8")
    assert 'class="learning-objectives admonition"' in html
    assert re.search(r'class="module-duration"><strong>[^<]+</strong>\d', html)
    assert 'class="key-points admonition"' in html
    # Review questions: open ones, and closed ones the browser scores (quiz questions); each has its answer.
    questions = html.count('class="review-question') + len(re.findall(r'class="quiz-question\b', html))
    assert questions >= 3
    assert html.count('<details class="answer-toggle answer">') == questions
    assert re.search(r'href="\.\./exercises/[^"]+\.html"', html), "link to the module's exercise"
    assert re.search(r"<(?:figure|table)\b", html), "a figure or a table"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_glossary_term_resolves(build_dir, language):
    for page in (build_dir / "html" / language).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # A resolved term is a link around the span; an unresolved one is the bare span.
        unresolved = re.findall(r'(?<!">)<span class="xref std std-term">', html)
        assert not unresolved, page
        for target in re.findall(
            r'<a class="reference internal" href="([^"]*glossaire\.html#[^"]+)"><span class="xref std std-term">', html
        ):
            path, anchor = target.split("#")
            glossary = (page.parent / path).resolve().read_text(encoding="utf-8")
            assert f'id="{anchor}"' in glossary, (page, target)


def test_home_page_shows_the_derived_total_duration(build_dir):
    html = (build_dir / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'class="course-overview' in html
    assert all(f"course/{module}.html" in html for module in MODULES)


@pytest.mark.parametrize("language", all_languages())
def test_translating_page_shows_every_agreed_term(build_dir, language):
    """The terminology table is derived from locales/terminology.csv, untranslated, in every language."""
    cells = [
        text
        for tag, classes, text in blocks_of(build_dir / "html" / language / "course" / "traduire.html").blocks
        if tag == "td" and "terminology" in classes
    ]
    columns = ("french", "english", "note", "avoid_fr", "avoid_en")
    expected = [" ".join(term[column].split()) for term in read_terminology() for column in columns]

    # Sphinx makes quotes typographic, per language: compare the words, not the quote marks.
    def words(cell: str) -> str:
        return re.sub(r"[‘’“”«»\"']", "'", cell).replace("' ", "'").replace(" '", "'")

    assert list(map(words, cells)) == list(map(words, expected))


@pytest.mark.parametrize("language", all_languages())
def test_terms_in_the_other_language_are_marked_for_screen_readers(build_dir, language):
    """WCAG 3.1.2: each cell of the terminology table not in the page's language has its own lang."""
    html = (build_dir / "html" / language / "course" / "traduire.html").read_text(encoding="utf-8")
    table_html = html[html.index('class="terminology') :]
    table_html = table_html[: table_html.index("</table>")]
    cell_languages = {"french": "fr", "english": "en", "note": "en", "avoid_fr": "fr", "avoid_en": "en"}
    expected = Counter(
        cell_languages[column]
        for term in read_terminology()
        for column in cell_languages
        if term[column] and cell_languages[column] != language
    )
    assert Counter(re.findall(r'<span lang="([a-z-]+)"', table_html)) == expected


@pytest.mark.parametrize("language", translated_languages())
def test_translation_is_complete(language):
    overall, rows = language_status(language)
    assert overall.fuzzy == 0
    assert overall.untranslated == 0, [name for name, counts in rows if counts.untranslated]


def test_no_english_page_keeps_a_french_paragraph(build_dir):
    offenders = []
    for page in sorted((build_dir / "html" / "en").rglob("*.html")):
        for tag, classes, text in blocks_of(page).blocks:
            # Code shows what learners type, the sources page quotes the French article, and the
            # terminology table is bilingual by design (each cell marked with its language).
            if (
                tag == "pre"
                or "highlight" in classes
                or "terminology" in classes
                or page.name == "sources.html"
                and "«" in text
            ):
                continue
            if looks_french(text):
                offenders.append(f"{page.name}: {text[:100]}")
    assert offenders == []


def test_no_english_page_says_it_is_incompletely_translated(build_dir):
    for page in (build_dir / "html" / "en").rglob("*.html"):
        assert "translation-incomplete" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("figure", [path.name for path in source_figures()])
def test_every_figure_exists_in_every_language(build_dir, figure):
    french = REPO_ROOT / "course" / "figures" / figure
    english = next((build_dir / "html" / "en" / "_images").glob(f"{Path(figure).stem}*.svg"))
    assert (
        next((build_dir / "html" / "fr" / "_images").glob(f"{Path(figure).stem}*.svg")).read_bytes()
        == french.read_bytes()
    )
    table = translations("en", FIGURES_DOMAIN)
    english_svg = english.read_text(encoding="utf-8")
    for message, _position in figure_messages(french):
        assert message in table, f"{figure}: untranslated label {message!r}"
        if table[message] != message:
            assert f">{message}<" not in english_svg, f"{figure}: French label left: {message!r}"
    assert 'xml:lang="en"' in english_svg


def test_figure_alt_text_is_translated(build_dir):
    for page in [
        *(build_dir / "html" / "en" / "course").glob("*.html"),
        *(build_dir / "html" / "en" / "exercises").glob("*.html"),
    ]:
        for alt in re.findall(r'<img [^>]*alt="([^"]+)"', page.read_text(encoding="utf-8")):
            assert not looks_french(alt), (page.name, alt)


def test_every_chart_of_an_exercise_says_in_words_what_it_shows(build_dir, languages):
    """Not its file's path (what an image without alt text gets): the description cell's words, translated."""
    for language in languages:
        for page in (build_dir / "html" / language / "exercises").glob("*.html"):
            charts = re.findall(r'<img [^>]*src="[^"]*_images/exercises_[^"]*"[^>]*>', page.read_text(encoding="utf-8"))
            assert charts, f"{language}/{page.name}: no chart found (the pattern no longer matches?)"
            for chart in charts:
                alt = re.search(r'alt="([^"]*)"', chart)
                assert alt and len(alt.group(1).split()) >= 12, f"{language}/{page.name}: {chart}"
                assert "_images" not in alt.group(1) and ".png" not in alt.group(1), chart
