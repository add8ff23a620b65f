"""Incremental builds redo only what changed (what ``make bench`` times, checked here without a clock)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from coursekit.core.languages import all_languages
from coursekit.core.notebooks import notebooks_in
from coursekit.testing.builds import (
    CHANGED_NOTEBOOK,
    TRANSLATED_PAGE,
    build,
    change_one_notebook,
    change_one_translation,
    documents_read,
    notebook_runs,
)
from coursekit.testing.outputs import build_epoch
from coursekit.testing.pdf import pdf_info
from coursekit.testing.working_copy import copy_of_repository


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A copy of the repository after a cold ``make``, and what that make's Sphinx runs did."""
    root = copy_of_repository(tmp_path_factory.mktemp("incremental") / "repo")
    _seconds, runs = build(root)
    return root, runs


def test_cold_make_executes_each_notebook_once_per_language(built_copy, languages):
    root, runs = built_copy
    notebooks = [path.stem for path in notebooks_in(root / "exercises")]
    expected = Counter({(language, f"exercises/{name}"): 1 for language in languages for name in notebooks})
    assert notebook_runs(runs) == expected
    # Every format of every language ran (HTML and EPUB share the doctrees; the kit reuses them too).
    assert {(run["builder"], run["language"]) for run in runs} >= {
        (builder, language) for builder in ("html", "epub") for language in languages
    }


def test_make_with_nothing_changed_starts_no_sphinx(built_copy):
    root, _runs = built_copy
    _seconds, runs = build(root)
    assert runs == []


def test_one_changed_translation_rereads_only_its_page(built_copy):
    root, _runs = built_copy
    change_one_translation(root)
    _seconds, runs = build(root, "html-en")
    assert documents_read(runs) == {TRANSLATED_PAGE}
    assert [(run["builder"], run["language"]) for run in runs] == [("html", "en")]


def test_one_changed_notebook_runs_again_once_per_language(built_copy, languages):
    root, _runs = built_copy
    change_one_notebook(root)
    _seconds, runs = build(root)
    assert notebook_runs(runs) == Counter({(language, CHANGED_NOTEBOOK): 1 for language in languages})


def test_a_new_commit_dates_the_e_book_and_the_pdfs_again(built_copy):
    """The outputs are dated from the last commit (SOURCE_DATE_EPOCH): a commit that changes no source still
    moves the date, and what carries it is made again, as a clean build would make it; nothing is read again."""
    root, _runs = built_copy
    new_year = 1798761600  # 2027-01-01T00:00:00Z
    _seconds, runs = build(root, environment={"SOURCE_DATE_EPOCH": str(new_year)})
    assert documents_read(runs) == set()
    assert build_epoch(root / "_build") == new_year, "the e-book's dcterms:modified"
    local = time.localtime(new_year)
    for language in all_languages():
        for pdf in (root / "_build" / "pdf" / language).glob("*.pdf"):
            # pdfinfo prints the date in the local time zone, as ctime does ("Fri Jan  1 00:00:00 2027 UTC").
            assert pdf_info(pdf)["CreationDate"].startswith(time.strftime("%a %b %e %H:%M:%S %Y", local)), pdf
