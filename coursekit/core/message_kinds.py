"""What each message of a catalog is, told by its source, never by the catalog.

A msgstr is checked against the rules of what its msgid is: a paragraph of a
MyST page, a Markdown block of a notebook, a string or a comment of notebook
code, a text of an SVG figure, or a word of the machinery (UI). The kind is
found from the catalog's place under ``locales/`` and, for notebooks, by
reading the source notebook again: a translator controls the catalog, its
comments and flags, but not the French sources.

A message whose kind cannot be told (a notebook catalog whose notebook is
gone, a msgid the notebook no longer has) gets every notebook kind, so the
strictest rules apply.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cache
from pathlib import Path

from coursekit.core.notebook_i18n import extract_messages, read_notebook
from coursekit.core.paths import REPO_ROOT, UI_DOMAIN

FIGURES_DOMAIN = "figures"
NOTEBOOKS_DIR = REPO_ROOT / "exercises"


class Kind(StrEnum):
    PAGE = "page"  # MyST Markdown, parsed again by Sphinx with the page's parser
    NOTEBOOK_MARKDOWN = "markdown"  # a heading or paragraph of a notebook, converted by pandoc
    NOTEBOOK_TABLE_CELL = "table-cell"  # a cell of a Markdown table of a notebook
    NOTEBOOK_STRING = "string"  # a _("...") literal of notebook code, run in a kernel
    NOTEBOOK_COMMENT = "comment"  # a # comment of notebook code
    FIGURE = "figure"  # a text of an SVG figure
    UI = "ui"  # a word of the machinery: templates, tables, the kits' README


NOTEBOOK_KINDS = frozenset(
    {Kind.NOTEBOOK_MARKDOWN, Kind.NOTEBOOK_TABLE_CELL, Kind.NOTEBOOK_STRING, Kind.NOTEBOOK_COMMENT}
)


def catalog_domain(path: Path) -> str | None:
    """``course/02-missions`` for ``locales/en/LC_MESSAGES/course/02-missions.po``."""
    parts = path.parts
    if "LC_MESSAGES" not in parts:
        return None
    below = parts[len(parts) - parts[::-1].index("LC_MESSAGES") :]
    return Path(*below).with_suffix("").as_posix() if below else None


@cache
def _notebook_kinds(notebook_path: Path, modified: float) -> dict[str, frozenset[Kind]]:
    kinds: dict[str, set[Kind]] = {}
    for message in extract_messages(read_notebook(notebook_path)):
        kinds.setdefault(message.text, set()).add(Kind(message.kind))
    return {text: frozenset(found) for text, found in kinds.items()}


def notebook_of(catalog: Path) -> Path | None:
    """The source notebook of a notebook's catalog (``exercises/<name>.po``), None for other catalogs."""
    domain = catalog_domain(catalog) or ""
    return NOTEBOOKS_DIR / f"{domain.removeprefix('exercises/')}.ipynb" if domain.startswith("exercises/") else None


def kinds_of(catalog: Path) -> Callable[[str], frozenset[Kind]]:
    """For the catalog at ``catalog``, a function from msgid to its kinds."""
    domain = catalog_domain(catalog) or ""
    if domain == UI_DOMAIN:
        return lambda msgid: frozenset({Kind.UI})
    if domain == FIGURES_DOMAIN:
        return lambda msgid: frozenset({Kind.FIGURE})
    if notebook := notebook_of(catalog):
        known = _notebook_kinds(notebook, notebook.stat().st_mtime) if notebook.is_file() else {}
        return lambda msgid: known.get(msgid, NOTEBOOK_KINDS)
    return lambda msgid: frozenset({Kind.PAGE})
