"""A ``make`` in a working copy, what Sphinx says it read, and the changes an author or a translator makes.

Shared by the benchmark (:mod:`coursekit.tools.benchmark`), which times them, and the tests
(``tests/test_incremental.py``, ``tests/test_incremental_equals_clean.py``), which check what they read
and write without a clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import nbformat
import polib

from coursekit.sphinxext.build_stats import STATS_VARIABLE

TRANSLATED_PAGE = "course/02-missions"
TRANSLATED_CATALOG = Path("locales/en/LC_MESSAGES") / f"{TRANSLATED_PAGE}.po"
CHANGED_NOTEBOOK = "exercises/03-ceo-ou-coo"


def build(root: Path, *targets: str, environment: dict[str, str] | None = None) -> tuple[float, list[dict]]:
    """Run ``make`` in ``root``; return its wall time and, per Sphinx run, what it read."""
    stats = root / "_build-stats.jsonl"
    stats.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.run(
        ["make", *targets],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **(environment or {}), STATS_VARIABLE: str(stats)},
    )
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(
            f"make {' '.join(targets)} failed in {root}:\n{process.stdout[-3000:]}{process.stderr[-3000:]}"
        )
    runs = [json.loads(line) for line in stats.read_text().splitlines()] if stats.exists() else []
    return elapsed, runs


def documents_read(runs: list[dict]) -> set[str]:
    return {name for run in runs for name in run["read"]}


def notebook_runs(runs: list[dict]) -> Counter:
    """How many times each notebook was executed, per (language, notebook)."""
    return Counter((run["language"], name) for run in runs for name in run["notebooks"])


def change_one_translation(root: Path) -> None:
    """A translator edits one English msgstr (the last character of the first sentence ending in . or !)."""
    catalog = polib.pofile(str(root / TRANSLATED_CATALOG), wrapwidth=79)
    entry = next(entry for entry in catalog if entry.translated() and entry.msgstr.endswith((".", "!")))
    entry.msgstr = entry.msgstr[:-1] + ("!" if entry.msgstr.endswith(".") else ".")
    catalog.save()


def change_one_notebook(root: Path) -> None:
    """An author edits one notebook (a trailing line break added to, or removed from, its last cell)."""
    path = root / f"{CHANGED_NOTEBOOK}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    last = notebook.cells[-1]
    last.source = last.source.rstrip() if last.source.endswith("\n") else last.source + "\n"
    nbformat.write(notebook, path)
