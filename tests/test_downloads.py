"""The Downloads page on the real build: each learner file of the language, linked and present, on the website
and in its SCORM packages; the home page links the page; the e-book and the print edition do not."""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from coursekit.core.downloads import DOWNLOADS_FOLDER, downloads
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.tools.scorm import package_file_name

PAGE = "course/telechargements"


@pytest.mark.parametrize("language", all_languages())
def test_the_downloads_page_links_every_learner_file_of_its_language(build_dir: Path, language):
    site = build_dir / "html" / language
    page = (site / f"{PAGE}.html").read_text(encoding="utf-8")
    linked = [
        posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), href))
        for href in re.findall(r'<a class="[^"]*course-download[^"]*" href="([^"]+)"', page)
    ]
    files = downloads(REPO_ROOT, language)
    assert linked == [f"{DOWNLOADS_FOLDER}/{file.name}" for file in files]
    for file in files:
        # The very file the build wrote, not a stale copy.
        assert (site / DOWNLOADS_FOLDER / file.name).read_bytes() == (build_dir / file.source).read_bytes(), file
    # Nothing else: the trainer guide and the trainer kit are not published.
    assert sorted(path.name for path in (site / DOWNLOADS_FOLDER).iterdir()) == sorted(file.name for file in files)
    # The home page leads there; the e-book and the course book do not (a book does not offer itself).
    assert 'href="course/telechargements.html"' in (site / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(next((build_dir / "epub" / language).glob("*.epub"))) as book:
        names = book.namelist()
        assert not any("telechargements" in name for name in names)
        assert not any(b"telechargements" in book.read(name) for name in names if name.endswith(".xhtml"))


@pytest.mark.parametrize("language", all_languages())
def test_the_lms_packages_carry_the_downloads(build_dir: Path, language):
    files = downloads(REPO_ROOT, language)
    for edition in ("1.2", "2004"):
        with zipfile.ZipFile(build_dir / "scorm" / language / package_file_name(language, edition)) as package:
            for file in files:
                packaged = package.read(f"{DOWNLOADS_FOLDER}/{file.name}")
                expected = (build_dir / file.source).read_bytes()
                assert hashlib.sha256(packaged).digest() == hashlib.sha256(expected).digest(), (edition, file)
