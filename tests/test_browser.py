"""What readers do on the website, done in a real Chromium over HTTP.

The session build is served on http://127.0.0.1 (``coursekit.testing.browser``);
screenshots of a lesson and an exercise at both widths are kept under
``<artifacts>/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coursekit.core.identity import identity, notebook_file_stem
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import HEIGHT, WIDTHS
from coursekit.testing.validators import artifacts_dir

LANGUAGES = all_languages()
LESSON = "course/01-role-du-coo.html"
EXERCISE = "exercises/01-faut-il-un-coo.html"
# A word of each language's pages that the other language's pages do not contain.
SEARCH_WORDS = {"fr": "recruter", "en": "recruiting"}


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT}, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_language_switcher_leads_to_the_same_page(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{site}fr/course/02-missions.html")
    for language in ("en", "fr"):
        link = page.locator(f"nav.language-switcher a[hreflang={language}]")
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(f"{site}{language}/course/02-missions.html")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page).to_have_title(re.compile(re.escape(identity(language).title)))
    context.close()


def _toggle_opens_and_closes(page: Page, selector: str) -> None:
    toggle = page.locator(selector).first
    body = toggle.locator(".answer-body")
    expect(body).to_be_hidden()
    toggle.locator("summary").click()
    expect(toggle).to_have_attribute("open", "")
    expect(body).to_be_visible()
    expect(body).not_to_be_empty()
    toggle.locator("summary").click()
    expect(toggle).not_to_have_attribute("open", "")
    expect(body).to_be_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_answer_toggle_opens_and_closes(page, site, language):
    page.goto(f"{site}{language}/{LESSON}")
    _toggle_opens_and_closes(page, "details.answer-toggle:not(.solution)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_solution_toggle_opens_and_closes(page, site, language):
    page.goto(f"{site}{language}/{EXERCISE}")
    _toggle_opens_and_closes(page, "details.answer-toggle.solution")


def _search(page: Page, site: str, language: str, word: str) -> list[str]:
    """The result links of the language's search page for ``word``, once the search has finished."""
    page.goto(f"{site}{language}/search.html?q={word}")
    page.wait_for_function(
        "() => typeof Search !== 'undefined' && Search.title"
        " && Search.title.innerText === Documentation.gettext('Search Results')"
    )
    return page.locator("#search-results ul.search li a").evaluate_all("links => links.map(link => link.href)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_a_word_of_the_page_language(page, site, language):
    found = _search(page, site, language, SEARCH_WORDS[language])
    assert found, f"{SEARCH_WORDS[language]!r} is in the {language} pages"
    assert all(link.startswith(f"{site}{language}/") for link in found), found
    for other, word in SEARCH_WORDS.items():
        if other != language:
            assert _search(page, site, language, word) == [], f"{word!r} found in the {language} index"


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_download_link_serves_the_notebook_in_the_page_language(page, site, build_dir, language):
    page.goto(f"{site}{language}/{EXERCISE}")
    heading = page.locator("article h1").first.inner_text().strip().rstrip("#¶").strip()
    with page.expect_download() as download_info:
        page.locator("p.notebook-download a").click()
    download = download_info.value
    source = REPO_ROOT / EXERCISE.replace(".html", ".ipynb")
    assert download.suggested_filename == f"{notebook_file_stem(source, language)}.ipynb"
    downloaded = Path(download.path()).read_bytes()
    notebook = json.loads(downloaded)
    first_line = "".join(notebook["cells"][0]["source"]).splitlines()[0]
    assert first_line.lstrip("# ").strip() == heading, (first_line, heading)
    assert downloaded == (build_dir / "html" / language / EXERCISE.replace(".html", ".ipynb")).read_bytes()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width_name", WIDTHS.keys())
@pytest.mark.parametrize("kind", ["lesson", "exercise"])
def test_screenshots_of_a_lesson_and_an_exercise(browser, site, language, width_name, kind):
    width = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{site}{language}/{LESSON if kind == 'lesson' else EXERCISE}", wait_until="networkidle")
    target = artifacts_dir("screenshots") / f"{language}-{kind}-{width}px.png"
    page.screenshot(path=str(target), full_page=True)
    context.close()
    shot_width, shot_height = _png_size(target.read_bytes())
    # As wide as the screen (nothing sticks out sideways on a phone), as long as the whole page.
    assert shot_width == width and shot_height > HEIGHT


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_table_wider_than_a_phone_scrolls_and_says_so(browser, site, language):
    """The programme on a phone: every column reachable (the table scrolls, by touch or by keyboard), a line
    above it says it does; on a laptop the table fits and the line is gone."""
    from coursekit.sphinxext.progress import script_words

    context = browser.new_context(viewport={"width": WIDTHS["mobile"], "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{site}{language}/index.html")
    wrapper = page.locator(".table-wrapper:has(table.course-overview)")
    expect(wrapper).to_have_count(1)
    assert wrapper.evaluate("block => block.scrollWidth > block.clientWidth")
    hint = wrapper.locator("xpath=preceding-sibling::*[1]")
    expect(hint).to_have_class("scroll-hint")
    expect(hint).to_have_text(script_words(language)["scrollHint"])
    # The last column (the duration) is reached from the keyboard: the block is a tab stop that scrolls.
    wrapper.focus()
    expect(wrapper).to_be_focused()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("block => block.scrollLeft > 0", arg=wrapper.element_handle())
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})
    expect(page.locator(".scroll-hint")).to_have_count(0)
    context.close()


# Pages with each kind of picture: an SVG figure of a lesson, charts of an exercise (one behind a toggle).
PICTURE_PAGES = ["course/01-role-du-coo.html", "course/03-coo-et-ceo.html", "exercises/04-prioriser-et-deleguer.html"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_text_of_figures_and_charts_is_at_least_12_px(browser, site, build_dir, language):
    """At 390 px, every figure keeps the width at which its smallest label is 12 px and every chart the width
    it was drawn at (9 pt text or more at 100 dpi), scrolling sideways, said above it and a keyboard stop;
    on a laptop they fit the column again."""
    from coursekit.core.figure_text import READABLE_TEXT_PX
    from coursekit.sphinxext.progress import script_words

    context = browser.new_context(viewport={"width": WIDTHS["mobile"], "height": HEIGHT})
    page = context.new_page()
    for path in PICTURE_PAGES:
        page.goto(f"{site}{language}/{path}")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        pictures = page.locator("img[src*='_images/']")
        assert pictures.count() > 0, path
        for index in range(pictures.count()):
            picture = pictures.nth(index)
            source = picture.get_attribute("src")
            shown = picture.evaluate("image => image.getBoundingClientRect().width")
            natural = picture.evaluate("image => image.naturalWidth")
            if source.endswith(".svg"):
                svg = (build_dir / "html" / language / path.split("/")[0] / source).read_text(encoding="utf-8")
                drawn_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
                smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
                text_px = smallest * shown / drawn_width
                assert text_px >= READABLE_TEXT_PX - 0.1, f"{path}: {source} labels of {text_px:.1f} px"
            else:
                assert shown >= natural - 1, f"{path}: chart {source} shrunk to {shown} of {natural} px"
            wrapper = picture.locator("xpath=ancestor::div[contains(@class, 'readable-figure')][1]")
            expect(wrapper).to_have_count(1)
            assert wrapper.evaluate("block => block.scrollWidth > block.clientWidth"), f"{path}: {source}"
            expect(wrapper).to_have_attribute("tabindex", "0")
            hint = wrapper.locator("xpath=preceding-sibling::*[1]")
            expect(hint).to_have_text(script_words(language)["figureScrollHint"])
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})
    page.goto(f"{site}{language}/{PICTURE_PAGES[0]}")
    expect(page.locator(".scroll-hint")).to_have_count(0)
    figure = page.locator(".readable-figure").first
    assert figure.evaluate("block => block.scrollWidth <= block.clientWidth + 1")
    context.close()
