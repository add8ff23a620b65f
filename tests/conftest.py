"""Shared fixtures: real builds of the real course, made once per test session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from coursekit.core.languages import all_languages
from coursekit.testing.working_copy import copy_of_repository

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_make(*targets: str, cwd: Path = REPO_ROOT, check: bool = True, **variables: str) -> subprocess.CompletedProcess:
    """Run ``make`` like a user would; return the finished process with its output."""
    command = ["make", *targets, *(f"{name}={value}" for name, value in variables.items())]
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ})
    if check and process.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed:\n{process.stdout[-4000:]}\n{process.stderr[-4000:]}")
    return process


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
