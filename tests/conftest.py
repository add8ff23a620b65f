"""Shared fixtures: real builds of the real course, made once per test session."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from coursekit.core.languages import all_languages
from coursekit.testing.browser import launch, serve
from coursekit.testing.outputs import run_make
from coursekit.testing.working_copy import copy_of_repository

FAST_TESTS = Path(__file__).parent / "fast"


# Markers by cost, from the fixtures a test uses (directly or through other fixtures): what it waits for.
COST_OF_FIXTURE = {
    "build_dir": "build",  # the session's one build of every language and format (shared)
    "repository_copy": "scenario",  # its own make on a copy of the repository
    "built_copy": "scenario",
    "working_copy": "scenario",
    "browser": "browser",  # headless Chromium on the served website
}


# The longest test files, run first: under pytest-xdist (``make test`` gives each worker a file, or a class, at
# a time) the workers start on their chains of scenarios while the rest waits for whoever is free.
LONGEST_FIRST = ("test_incremental_equals_clean.py",)


def pytest_collection_modifyitems(items) -> None:
    """tests/fast/ answers in seconds; outside it, ``slow``, and a marker per cost (``-m "not scenario"``)."""
    for item in items:
        if FAST_TESTS not in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)
        for cost in sorted({COST_OF_FIXTURE[name] for name in item.fixturenames if name in COST_OF_FIXTURE}):
            item.add_marker(cost)
    items.sort(key=lambda item: Path(item.path).name not in LONGEST_FIRST)  # stable: each file keeps its order


@pytest.fixture(scope="session")
def languages() -> list[str]:
    return all_languages()


@pytest.fixture(scope="session")
def build_dir(request, tmp_path_factory) -> Path:
    """Every output (HTML and EPUB, every language), built by ``make`` into a temporary folder.

    One build for the whole run: under pytest-xdist the workers share the folder of the run, the first one
    builds while the others wait on its lock, and ``make`` finds nothing to do for them.
    """
    if not hasattr(request.config, "workerinput"):
        build = tmp_path_factory.mktemp("build")
        run_make("all", BUILDDIR=str(build))
        return build
    build = tmp_path_factory.getbasetemp().parent / "build"
    with (build.parent / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
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
def chromium():
    """Debian's Chromium, headless: for a module that serves its own pages too (an LMS, a test origin)."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser(site, chromium):
    """Chromium, with the session's website served."""
    return chromium
