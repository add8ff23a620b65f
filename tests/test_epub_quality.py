"""The e-book in every language, as the reference checkers and e-readers see it.

EPUBCheck and DAISY Ace run on the real EPUB files of the session build, every
language at once (each checker is a separate process); their own reports are
kept under ``<artifacts>/epub/<lang>/`` (and those of a deliberately broken
sample book under ``<artifacts>/epub/broken-sample/``).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.epub_cover import cover_png, cover_text
from coursekit.testing.outputs import EPUB_NAMESPACES as NAMESPACES
from coursekit.testing.outputs import Book, epub_path
from coursekit.testing.validators import ace, ace_violations, artifacts_dir, epubcheck, epubcheck_problems

REQUIRED_DUBLIN_CORE = ("title", "creator", "language", "publisher", "description", "identifier", "date", "rights")
REQUIRED_ACCESSIBILITY = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
)
LANGUAGES = all_languages()
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


@cache
def book(build_dir: Path, language: str) -> Book:
    return Book(epub_path(build_dir, language))


# A small book with known faults, checked alongside: proof that the checkers really run and fail.
BROKEN = "broken-sample"
BROKEN_PACKAGE = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">broken</dc:identifier><dc:title>Broken</dc:title><dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="page" href="page.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="page"/></spine>
</package>"""
BROKEN_NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><ol><li><a href="page.xhtml">Page</a></li></ol></nav></body></html>"""
# No language, an image that is missing and has no text alternative.
BROKEN_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page</title></head>
<body><h1>Page</h1><img src="missing.png"/></body></html>"""


def write_broken_book(target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as epub:
        epub.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        epub.writestr("META-INF/container.xml", CONTAINER)
        epub.writestr("content.opf", BROKEN_PACKAGE)
        epub.writestr("nav.xhtml", BROKEN_NAV)
        epub.writestr("page.xhtml", BROKEN_PAGE)
    return target


@cache
def checker_reports(build_dir: Path) -> dict[str, dict[str, dict]]:
    """EPUBCheck's and Ace's reports for every language and for a broken sample book, all at once
    (Ace spends most of its time waiting for the browser)."""
    books = {language: epub_path(build_dir, language) for language in LANGUAGES}
    books[BROKEN] = write_broken_book(artifacts_dir("epub", BROKEN) / "broken.epub")
    jobs = {
        (book_name, name): (checker, epub, folder)
        for book_name, epub in books.items()
        for name, checker, folder in (
            ("epubcheck", epubcheck, artifacts_dir("epub", book_name)),
            ("ace", ace, artifacts_dir("epub", book_name, "ace")),
        )
    }
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {key: pool.submit(*job) for key, job in jobs.items()}
    reports: dict[str, dict[str, dict]] = {book_name: {} for book_name in books}
    for (book_name, name), future in futures.items():
        reports[book_name][name] = future.result()
    return reports


@pytest.mark.parametrize("language", LANGUAGES)
def test_epubcheck_reports_no_fatal_error_or_warning(build_dir, language):
    report = checker_reports(build_dir)[language]["epubcheck"]
    assert report["checker"]["checkerVersion"].startswith("5."), report["checker"]
    assert report["checker"]["nFatal"] + report["checker"]["nError"] + report["checker"]["nWarning"] == 0, "\n".join(
        epubcheck_problems(report)
    )
    assert epubcheck_problems(report) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_daisy_ace_reports_no_violation(build_dir, language):
    report = checker_reports(build_dir)[language]["ace"]
    checked = {document["earl:testSubject"]["url"] for document in report["assertions"]}
    assert len(checked) >= len(book(build_dir, language).xhtml_documents()) - 1, "Ace checked every page"
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert set(REQUIRED_ACCESSIBILITY) <= set(report["a11y-metadata"]["present"])


def test_checkers_find_problems_in_a_broken_book(build_dir):
    """The checkers really run and really fail: a small broken book is reported by both."""
    reports = checker_reports(build_dir)[BROKEN]
    assert any("RSC-007" in problem for problem in epubcheck_problems(reports["epubcheck"]))
    violations = ace_violations(reports["ace"])
    assert any("image-alt" in violation for violation in violations), violations
    assert any("html-has-lang" in violation for violation in violations), violations


@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_shows_the_title_in_the_book_language(build_dir, language):
    epub = book(build_dir, language)
    course = identity(language)
    covers = [key for key, item in epub.manifest.items() if "cover-image" in (item.get("properties") or "").split()]
    assert len(covers) == 1, "one cover image, declared the EPUB 3 way"
    assert epub.zip.read(epub.href(covers[0])) == cover_png(course), "the cover drawn from this language's title"
    first_page = epub.document(epub.href(epub.spine[0]))
    image = first_page.find(".//xhtml:img", NAMESPACES)
    assert image is not None and image.get("alt") == cover_text(course)
    assert course.title in image.get("alt")
    other_titles = {identity(other).title for other in LANGUAGES} - {course.title}
    assert not any(title in image.get("alt") for title in other_titles)


def test_covers_differ_between_languages():
    assert len({cover_png(identity(language)) for language in LANGUAGES}) == len(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_package_metadata_is_complete(build_dir, language):
    epub = book(build_dir, language)
    course = identity(language)
    values = {
        name: [element.text for element in epub.metadata.findall(f"dc:{name}", NAMESPACES)]
        for name in REQUIRED_DUBLIN_CORE
    }
    assert all(values[name] and all(text and text.strip() for text in values[name]) for name in values), values
    assert values["title"] == [course.title]
    assert values["language"] == [language]
    assert values["creator"] == [course.author]
    assert values["publisher"] == [course.publisher]
    assert values["description"] == [course.description]
    assert values["identifier"] == [course.identifier]
    assert "unknown" not in [element.text for element in epub.metadata.findall("dc:contributor", NAMESPACES)]
    modified = epub.meta("dcterms:modified")
    assert len(modified) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified[0])
    for prop in REQUIRED_ACCESSIBILITY:
        assert epub.meta(prop), prop
    assert "none" in epub.meta("schema:accessibilityHazard")
    assert "tableOfContents" in epub.meta("schema:accessibilityFeature")


@pytest.mark.parametrize("language", LANGUAGES)
def test_navigation_document_lists_every_page(build_dir, language):
    epub = book(build_dir, language)
    navs = [key for key, item in epub.manifest.items() if "nav" in (item.get("properties") or "").split()]
    assert len(navs) == 1
    nav_name = epub.href(navs[0])
    nav_document = epub.document(nav_name)
    assert nav_document.get("lang") == language
    heading = nav_document.find(".//xhtml:h1", NAMESPACES).text
    assert heading == nav_document.find(".//xhtml:title", NAMESPACES).text == ui_text("Table des matières", language)
    guide = {
        reference.get("type"): reference.get("title")
        for reference in epub.opf.iter(f"{{{NAMESPACES['opf']}}}reference")
    }
    assert guide == {"toc": heading, "cover": ui_text("Couverture", language)}
    toc = next(
        nav
        for nav in nav_document.iter(f"{{{NAMESPACES['xhtml']}}}nav")
        if nav.get(f"{{{NAMESPACES['epub']}}}type") == "toc"
    )
    targets = {
        posixpath.normpath(posixpath.join(posixpath.dirname(nav_name), urldefrag(link.get("href")).url))
        for link in toc.iter(f"{{{NAMESPACES['xhtml']}}}a")
    }
    content_pages = {name for name in epub.xhtml_documents() if re.search(r"(course|exercises)/[^/]+\.xhtml$", name)}
    assert content_pages, "the course and its exercises are in the book"
    assert content_pages <= targets, sorted(content_pages - targets)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_javascript_in_the_book(build_dir, language):
    epub = book(build_dir, language)
    assert not [name for name in epub.zip.namelist() if name.endswith((".js", ".mjs"))]
    assert not [item.get("href") for item in epub.manifest.values() if "scripted" in (item.get("properties") or "")]
    for name in epub.xhtml_documents():
        text = epub.zip.read(name).decode("utf-8")
        assert "<script" not in text, name
        assert not re.search(r"\son[a-z]+\s*=", text), f"{name}: event handler attribute"
        assert "<details" not in text, f"{name}: answers must not depend on a toggle"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_image_is_embedded(build_dir, language):
    epub = book(build_dir, language)
    entries = set(epub.zip.namelist())
    manifest_files = {epub.href(key) for key in epub.manifest}
    images = 0
    for name in epub.xhtml_documents():
        document = epub.document(name)
        sources = [image.get("src") for image in document.iter(f"{{{NAMESPACES['xhtml']}}}img")]
        sources += [
            image.get(f"{{{NAMESPACES['xlink']}}}href") or image.get("href")
            for image in document.iter(f"{{{NAMESPACES['svg']}}}image")
        ]
        for source in sources:
            images += 1
            assert not re.match(r"^[a-z]+:", source or ""), f"{name}: remote image {source}"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(source)))
            assert target in entries and target in manifest_files, f"{name}: {source} is not in the book"
    assert images >= 3, "the figures and the notebook charts are images of the book"


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_link_both_ways_without_scripts(build_dir, language):
    epub = book(build_dir, language)
    pages_with_answers = 0
    for name in epub.xhtml_documents():
        document = epub.document(name)
        ids = {element.get("id") for element in document.iter() if element.get("id")}
        answers = [element for element in document.iter() if "gathered-answer" in (element.get("class") or "").split()]
        if not answers:
            continue
        pages_with_answers += 1
        links = {
            link.get("href")[1:]: link
            for link in document.iter(f"{{{NAMESPACES['xhtml']}}}a")
            if (link.get("href") or "").startswith("#")
        }
        for answer in answers:
            assert answer.get("id") in links, f"{name}: nothing links to answer {answer.get('id')}"
            back = [
                link for link in answer.iter(f"{{{NAMESPACES['xhtml']}}}a") if (link.get("href") or "").startswith("#")
            ]
            assert back and back[-1].get("href")[1:] in ids, f"{name}: answer {answer.get('id')} has no way back"
    assert pages_with_answers >= 6
