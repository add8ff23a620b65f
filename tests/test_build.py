"""The bilingual build: every language, as website and e-book, in that language."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from coursekit.core.identity import identity, site_url
from coursekit.testing.outputs import content_pages, epub_path, page_facts, run_make

OPF_NAMESPACES = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def test_every_language_has_a_website_and_an_ebook(build_dir, languages):
    assert len(languages) >= 2
    for language in languages:
        assert (build_dir / "html" / language / "index.html").is_file()
        assert epub_path(build_dir, language).is_file()


def test_ebook_file_names_are_in_their_language(build_dir):
    assert epub_path(build_dir, "fr").name == "le-coo.epub"
    assert epub_path(build_dir, "en").name == "the-coo.epub"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_declare_their_language_and_title(build_dir, language):
    expected_title = identity(language).title
    pages = content_pages(build_dir, language)
    assert pages
    for page in pages:
        facts = page_facts(page)
        assert facts.html_lang == language, page
        assert expected_title in facts.title, (page, facts.title)


def test_english_and_french_titles_differ(build_dir):
    assert identity("fr").title != identity("en").title
    english_home = page_facts(build_dir / "html" / "en" / "index.html")
    assert identity("fr").title not in english_home.title.replace(identity("en").title, "")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_epub_metadata_is_in_its_language(build_dir, language):
    import xml.etree.ElementTree as ElementTree

    with zipfile.ZipFile(epub_path(build_dir, language)) as epub:
        container = ElementTree.fromstring(epub.read("META-INF/container.xml"))
        opf_name = container.find(".//{*}rootfile").get("full-path")
        opf = ElementTree.fromstring(epub.read(opf_name))
    metadata = opf.find("opf:metadata", OPF_NAMESPACES)
    assert metadata.find("dc:language", OPF_NAMESPACES).text == language
    assert metadata.find("dc:title", OPF_NAMESPACES).text == identity(language).title
    assert metadata.find("dc:identifier", OPF_NAMESPACES).text == identity(language).identifier


def on_disk(build_dir: Path, page: Path, url: str) -> str:
    """The published absolute ``url`` as a path from ``page`` in the build."""
    assert url.startswith(site_url()), url
    return os.path.relpath(build_dir / "html" / url.removeprefix(site_url()), page.parent)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_links_to_itself_in_every_language(build_dir, languages, language):
    for page in content_pages(build_dir, language):
        facts = page_facts(page)
        other_languages = {code for code in languages if code != language}
        assert {code for code, _ in facts.switcher_links} == other_languages, page
        assert {code for code, _ in facts.alternates} == {*languages, "x-default"}, page
        # The switcher's links are relative (a copy of the site works anywhere), the alternates absolute.
        links = facts.switcher_links + [(code, on_disk(build_dir, page, href)) for code, href in facts.alternates]
        for code, href in links:
            target = (page.parent / urldefrag(href).url).resolve()
            assert target.is_file(), f"{page}: {code} -> {href}"
            relative_here = page.relative_to(build_dir / "html" / language)
            if code != "x-default":
                assert target == (build_dir / "html" / code / relative_here).resolve()


def test_front_door_offers_every_language(build_dir, languages):
    front_door = build_dir / "html" / "index.html"
    text = front_door.read_text(encoding="utf-8")
    for language in languages:
        link = f"{language}/index.html"
        assert f'href="{link}"' in text
        assert (build_dir / "html" / link).is_file()
        assert identity(language).title in text
    assert "navigator.languages" in text
    assert re.search(r'hreflang="x-default"', text)


def test_a_warning_fails_the_build_with_file_and_line(repository_copy, tmp_path):
    page = repository_copy / "course" / "sources.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append("Voir {doc}`page-qui-n-existe-pas`.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Twice: a failed build leaves no stamp, and Sphinx reads the page again (its environment, saved
    # before the warning, would otherwise call it up to date and the second build would "succeed").
    for attempt in ("first", "second"):
        process = run_make(
            "html-fr",
            cwd=repository_copy,
            check=False,
            BUILDDIR=str(tmp_path / "build"),
            SPHINXOPTS="-D nbsphinx_execute=never",  # the notebooks have nothing to do with it
        )
        assert process.returncode != 0, f"the {attempt} build succeeded"
        output = process.stdout + process.stderr
        assert f"course/sources.md:{len(lines)}" in output, output[-3000:]
