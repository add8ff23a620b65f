"""Incremental builds redo only what changed (what ``make bench`` times, checked here without a clock)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coursekit.testing.benchmark import (
    CHANGED_NOTEBOOK,
    TRANSLATED_PAGE,
    build,
    change_one_notebook,
    change_one_translation,
    documents_read,
    notebook_runs,
)
from coursekit.testing.working_copy import copy_of_repository


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A copy of the repository after a cold ``make``, and what that make's Sphinx runs did."""
    root = copy_of_repository(tmp_path_factory.mktemp("incremental") / "repo")
    _seconds, runs = build(root)
    return root, runs


def test_cold_make_executes_each_notebook_once_per_language(built_copy, languages):
    root, runs = built_copy
    notebooks = sorted(path.stem for path in (root / "exercises").glob("*.ipynb"))
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
