"""Shared fixtures: real builds of the real course, made once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from coursekit.core.languages import all_languages
from coursekit.testing.browser import launch, serve
from coursekit.testing.outputs import run_make
from coursekit.testing.working_copy import copy_of_repository

FAST_TESTS = Path(__file__).parent / "fast"


def pytest_collection_modifyitems(items) -> None:
    """Every test outside tests/fast/ works on real builds of the whole course: marked slow."""
    for item in items:
        if FAST_TESTS not in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def languages() -> list[str]:
    return all_languages()


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """Every output (HTML and EPUB, every language), built by ``make`` into a temporary folder."""
    build = tmp_path_factory.mktemp("build")
    run_make("all", BUILDDIR=str(build))
    return build


@pytest.fixture
def repository_copy(tmp_path) -> Path:
    return copy_of_repository(tmp_path / "repo")


# One local server and one Chromium per test module that asks for them (Playwright's sync API
# cannot nest, and other modules start their own).
@pytest.fixture(scope="module")
def site(build_dir) -> Iterator[str]:
    """The session's website, served on 127.0.0.1."""
    with serve(build_dir / "html") as base:
        yield base


@pytest.fixture(scope="module")
def browser(site):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
