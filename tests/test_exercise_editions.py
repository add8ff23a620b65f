"""The exercises as their readers meet them: on the website, and in the e-book's pen-and-paper edition.

On the real build of each language: the website prints no verdict outside the
solution toggles, and each toggle holds the verdict on the worked answer; the
e-book chapter holds no code, no seal, no verdict, but the forms to fill in and
the worked answers in its answers section. Then the e-book is opened in a real
EPUB reading engine (epub.js, from npm, in Chromium): every exercise chapter is
shown, checked as the reader sees it and photographed under
``_build/screenshots/epub/<lang>/`` (the website's exercise pages under
``_build/screenshots/web/<lang>/``).
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from coursekit.core.answer_cells import dictionary_keys, item_texts
from coursekit.core.cell_roles import ANSWER_OUTPUT, CHECK, EXERCISE, PROVIDED, cell_roles
from coursekit.core.editions import is_exercise
from coursekit.core.languages import all_languages
from coursekit.core.notebook_i18n import read_notebook
from coursekit.core.translations import translator
from coursekit.testing.browser import launch, serve
from coursekit.testing.notebooks import NOTEBOOKS, feedback_words, notebook_speak, translated, website_forms
from coursekit.testing.outputs import REPO_ROOT
from coursekit.testing.validators import NODE_MODULES, ensure_node_tools

LANGUAGES = all_languages()
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
TOGGLE = re.compile(r'<details class="answer-toggle[^"]*">.*?</details>', re.S)
ANSWERS_SECTION = re.compile(r'<section class="gathered-answers".*?</section>', re.S)
OUTPUT = re.compile(r'<div class="nboutput.*?</div>\s*</div>', re.S)


def page_html(build_dir: Path, language: str, name: str) -> str:
    return (build_dir / "html" / language / "exercises" / f"{name}.html").read_text(encoding="utf-8")


def epub_chapter(build_dir: Path, language: str, name: str) -> str:
    with zipfile.ZipFile(next((build_dir / "epub" / language).glob("*.epub"))) as epub:
        item = next(entry for entry in epub.namelist() if entry.endswith(f"exercises/{name}.xhtml"))
        return epub.read(item).decode("utf-8")


def question_headings(name: str, language: str) -> list[str]:
    """The headings of the questions (``### …``) in the notebook's language."""
    notebook = translated(name, language)
    return [
        line.lstrip("#").strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown" and "trainer" not in cell.metadata.get("tags", [])
        for line in cell.source.splitlines()
        if line.startswith("### ")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_website_prints_verdicts_only_behind_the_solution_toggles(build_dir, name, language):
    words = feedback_words(translated(name, language))
    page = page_html(build_dir, language, name)
    outside = TOGGLE.sub("", page)
    printed_outside = " ".join(OUTPUT.findall(outside))
    for verdict in (words["correct"], words["not_yet"], words["hint_label"]):
        assert verdict not in printed_outside, f"a verdict is printed outside the toggles: {verdict!r}"
    toggles = TOGGLE.findall(page)
    verdicts = [toggle for toggle in toggles if words["correct"] in toggle]
    assert verdicts, "no toggle shows the verdict on the worked answer"
    assert not any(words["not_yet"] in toggle for toggle in toggles), "the worked answer is rejected"


def _code(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_website_shows_no_code_the_forms_do_the_work_of(build_dir, language):
    """Below a form, the page shows neither the check's code nor the code that computes from the answers: the form
    checks and shows the consequences in the browser, and the learners, who are not programmers, would only read
    code they cannot run there. The provided data keeps its code (the notebook's way, for those who download it)."""
    left_out = kept = 0
    for name in NOTEBOOKS:
        notebook = translated(name, language)
        forms = website_forms(name, language)
        page = BeautifulSoup(page_html(build_dir, language, name), "html.parser")
        shown = [_code(cell.get_text()) for cell in page.select("div.nbinput")]
        below_form = False
        for index, (cell, role) in enumerate(zip(notebook.cells, cell_roles(notebook), strict=True)):
            if "trainer" in cell.metadata.get("tags", []) or not cell.source.strip():
                continue
            on_page = any(_code(cell.source) in code for code in shown)
            if role == EXERCISE:
                below_form = index in forms
            elif role in (CHECK, ANSWER_OUTPUT) and below_form:
                assert not on_page, f"{name} ({language}): cell {index} ({role}) shows its code below a form"
                left_out += 1
            elif role == PROVIDED:
                assert on_page, f"{name} ({language}): the provided cell {index} is not shown"
                kept += 1
    assert left_out >= 10 and kept >= 10, f"{left_out} cells left out, {kept} kept: the roles are no longer found"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_ebook_chapter_is_a_pen_and_paper_edition(build_dir, name, language):
    words = feedback_words(translated(name, language))
    chapter = epub_chapter(build_dir, language, name)
    assert "nbinput" not in chapter and "highlight-python" not in chapter and "highlight-ipython3" not in chapter
    for forbidden in ("sha256", "check.", "import ", "Shift", words["correct"], words["not_yet"], words["hint_label"]):
        assert forbidden not in chapter, f"the e-book chapter shows {forbidden!r}"
    answers = ANSWERS_SECTION.search(chapter)
    assert answers, "no answers section"
    before_answers = chapter[: answers.start()]
    assert 'class="paper-form' in before_answers, "no form to fill in"
    assert 'class="paper-form' in answers.group(0), "no worked answer in the answers section"
    for heading in question_headings(name, language):
        assert heading in before_answers.replace("&#8217;", "’"), f"question missing: {heading}"
    # A reader with a pen: no "replace each None…", no "run the next cell" (tags taken out, as the reader sees it).
    assert notebook_speak(html.unescape(re.sub(r"<[^>]+>", " ", chapter)), name, language) == []


def named_items(name: str, language: str) -> dict[str, str]:
    """The codes of the exercises' grids that the notebook's provided code names, and their text in ``language``."""
    source = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
    texts = item_texts([cell.source for cell in source.cells if cell.cell_type == "code"])
    keys = set().union(*(dictionary_keys(cell.source) for cell in source.cells if is_exercise(cell)))
    translate = translator(language, f"exercises/{name}")
    return {key: " ".join(translate(text).split()) for key, text in texts.items() if key in keys}


@pytest.mark.parametrize("language", LANGUAGES)
def test_ebook_grids_repeat_each_item_text_beside_its_code(build_dir, language):
    named = 0
    for name in NOTEBOOKS:
        chapter = epub_chapter(build_dir, language, name)
        grids = " ".join(re.findall(r'<table class="paper-form.*?</table>', chapter, re.S))
        shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", grids)).split())
        for key, text in named_items(name, language).items():
            assert f"{key} {text}" in shown, f"{name} ({language}): the grid shows {key} without its text {text!r}"
            named += 1
    assert named >= 50, f"only {named} items named in the grids: the notebooks' task lists are no longer found"


@pytest.mark.parametrize("language", LANGUAGES)
def test_ebook_forms_ask_for_ticks_beside_words_never_for_a_code(build_dir, language):
    """The reader ticks a choice's words; the only codes a form shows are its rows' (the data lists them so)."""
    ticked = 0
    for name in NOTEBOOKS:
        chapter = epub_chapter(build_dir, language, name)
        page = BeautifulSoup(chapter, "html.parser")
        forms = page.select("table.paper-form, p.paper-form, p.paper-choice")
        source = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
        rows = set().union(*(dictionary_keys(cell.source) for cell in source.cells if is_exercise(cell)))
        codes = {code.get_text() for form in forms for code in form.select("code, span.pre")}
        assert codes <= rows, f"{name} ({language}): a form on paper shows the codes {sorted(codes - rows)}"
        assert page.select("span.paper-box"), f"{name} ({language}): no box to tick"
        ticked += len(page.select("span.paper-box-ticked"))
    assert ticked >= 40, f"only {ticked} ticked boxes: the worked answers no longer tick the forms"


READER_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>epub.js</title>
<script src="jszip.min.js"></script><script src="epub.min.js"></script></head>
<body style="margin:0"><div id="reader" style="width:800px"></div>
<script>
  window.book = ePub("book.epub");
  window.rendition = book.renderTo("reader", {flow: "scrolled-doc", width: 800});
  window.show = async (href) => {
    await rendition.display(href);
    const contents = rendition.getContents()[0];
    const body = contents.document.body;
    return {
      text: body.innerText,
      tables: body.querySelectorAll("table").length,
      code: body.querySelectorAll("div.nbinput, div.highlight-python, div.highlight-ipython3").length,
      images: body.querySelectorAll("img").length,
      lang: contents.document.documentElement.lang,
    };
  };
</script></body></html>
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_ebook_exercises_in_a_reading_engine(build_dir, tmp_path, language):
    ensure_node_tools()
    epub = next((build_dir / "epub" / language).glob("*.epub"))
    shutil.copyfile(epub, tmp_path / "book.epub")
    shutil.copyfile(NODE_MODULES / "epubjs" / "dist" / "epub.min.js", tmp_path / "epub.min.js")
    shutil.copyfile(NODE_MODULES / "jszip" / "dist" / "jszip.min.js", tmp_path / "jszip.min.js")
    (tmp_path / "reader.html").write_text(READER_PAGE, encoding="utf-8")
    shots = SCREENSHOTS / "epub" / language
    shots.mkdir(parents=True, exist_ok=True)
    with serve(tmp_path) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 800, "height": 1000})
        page.goto(base + "reader.html")
        page.wait_for_function("window.book && window.book.isOpen !== false")
        for name in NOTEBOOKS:
            seen = page.evaluate("href => show(href)", f"exercises/{name}.xhtml")
            page.wait_for_timeout(300)  # images laid out
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            assert seen["lang"] == language
            assert seen["code"] == 0, f"{name}: code cells in the e-book"
            assert seen["tables"] >= 2, f"{name}: no form or worked answer as a table"
            for heading in question_headings(name, language):
                assert heading in seen["text"], f"{name}: the reader does not see {heading!r}"
            for forbidden in ("sha256", "import ", "check."):
                assert forbidden not in seen["text"], f"{name}: the reader sees {forbidden!r}"
        browser.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_website_exercise_pages_screenshots(build_dir, language):
    shots = SCREENSHOTS / "web" / language
    shots.mkdir(parents=True, exist_ok=True)
    with serve(build_dir / "html") as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        for name in NOTEBOOKS:
            page.goto(f"{base}{language}/exercises/{name}.html")
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            first_toggle = page.locator("details.answer-toggle.solution").first
            first_toggle.locator("summary").click()
            assert first_toggle.locator(".nboutput, .highlight").count() >= 1, "an open toggle shows the worked answer"
            page.screenshot(path=str(shots / f"{name}-solution-open.png"), full_page=True)
        browser.close()
