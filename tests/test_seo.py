"""What search engines and link previews read: description, canonical URL, sitemaps, icon."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from coursekit.core.identity import identity, language_url, site_url
from coursekit.sphinxext.language_links import alternate_urls
from coursekit.sphinxext.page_description import MAX_LENGTH, first_paragraph, shorten
from coursekit.testing.outputs import content_pages

SITEMAP_NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def head_value(text: str, pattern: str) -> str | None:
    found = re.search(pattern, text)
    return unescape(found.group(1)) if found else None


def page_file(build_dir: Path, language: str, page: Path) -> str:
    return page.relative_to(build_dir / "html" / language).as_posix()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_has_a_description_canonical_url_and_icon(build_dir, language):
    for page in content_pages(build_dir, language):
        text = page.read_text(encoding="utf-8")
        description = head_value(text, r'<meta name="description" content="([^"]*)"')
        assert description and len(description) <= MAX_LENGTH, page
        name = page_file(build_dir, language, page)
        assert head_value(text, r'<link rel="canonical" href="([^"]*)"') == language_url(language) + name, page
        icon = head_value(text, r'<link rel="(?:shortcut )?icon" href="([^"]*)"')
        assert icon and (page.parent / icon).resolve().is_file(), page


def test_descriptions_are_in_the_page_language(build_dir):
    """The English page describes itself in English: its translated first paragraph, not the French one."""
    pages = {
        language: (build_dir / "html" / language / "course" / "03-coo-et-ceo.html").read_text(encoding="utf-8")
        for language in ("fr", "en")
    }
    descriptions = {
        language: head_value(text, r'<meta name="description" content="([^"]*)"') for language, text in pages.items()
    }
    assert descriptions["fr"].startswith("Le COO et le CEO travaillent")
    assert descriptions["en"].startswith("The chief operating officer (COO) and the CEO")
    search = (build_dir / "html" / "en" / "search.html").read_text(encoding="utf-8")
    assert head_value(search, r'<meta name="description" content="([^"]*)"') == shorten(identity("en").description)


def test_description_is_the_first_paragraph_of_running_text():
    from docutils import nodes

    document = nodes.document(None, None)
    section = nodes.section()
    section += nodes.title(text="Module")
    section += nodes.paragraph(text="Durée : 30 min", classes=["module-duration"])
    box = nodes.admonition()
    box += nodes.paragraph(text="Dans un encadré")
    section += box
    section += nodes.paragraph(text="Le  texte\ncourant.")
    document += section
    assert first_paragraph(document) == "Le texte courant."
    long = "mot " * 60
    assert len(shorten(long)) <= MAX_LENGTH and shorten(long).endswith("mot…")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_language_has_a_sitemap_of_its_pages_with_their_alternates(build_dir, language):
    root = build_dir / "html" / language
    sitemap = ET.parse(root / "sitemap.xml").getroot()
    urls = [
        url.findtext("s:loc", namespaces=SITEMAP_NAMESPACES) for url in sitemap.findall("s:url", SITEMAP_NAMESPACES)
    ]
    expected = {
        language_url(language) + page_file(build_dir, language, page)
        for page in content_pages(build_dir, language)
        if page.name != "search.html"
    }
    assert set(urls) == expected and len(urls) == len(expected)
    first = sitemap.find("s:url", SITEMAP_NAMESPACES)
    alternates = {link.get("hreflang"): link.get("href") for link in first.findall("xhtml:link", SITEMAP_NAMESPACES)}
    assert alternates == alternate_urls(urls[0].removeprefix(language_url(language)))


def test_robots_txt_names_every_sitemap(build_dir, languages):
    robots = (build_dir / "html" / "robots.txt").read_text(encoding="utf-8")
    for language in languages:
        assert f"Sitemap: {site_url()}{language}/sitemap.xml" in robots
